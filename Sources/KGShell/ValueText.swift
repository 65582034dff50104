import KGQuery
import KGStore

/// Cypher values as people read them: nodes as `(:Company {name: 'SenseTime'})`, relationships
/// as `[:FOUNDED_BY {date: '2014'}]`, paths as the pattern they walk.
public enum ValueText {
    /// A cell's text: strings bare at the top level, everything else in Cypher literal syntax.
    public static func cell(_ value: CypherValue) -> String {
        if case .string(let s) = value { return s }
        return literal(value)
    }

    /// Cypher literal syntax (strings quoted), used inside lists, maps and elements.
    public static func literal(_ value: CypherValue) -> String {
        switch value {
        case .null: return "null"
        case .boolean(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .float(let d): return JSONText.number(d)
        case .string(let s): return quoted(s)
        case .list(let items): return "[" + items.map(literal).joined(separator: ", ") + "]"
        case .map(let map): return "{" + map.keys.sorted().map { "\(key($0)): \(literal(map[$0]!))" }.joined(separator: ", ") + "}"
        case .node(let node): return self.node(node)
        case .relationship(let rel): return relationship(rel)
        case .path(let nodes, let rels): return path(nodes: nodes, relationships: rels)
        }
    }

    public static func node(_ node: NodeRecord) -> String {
        let labels = node.labels.map { ":" + identifier($0) }.joined()
        let props = properties(node.properties, leading: ["name"])
        if props.isEmpty { return "(\(labels))" }
        return labels.isEmpty ? "(\(props))" : "(\(labels) \(props))"
    }

    /// Provenance (evidence, source, extractor, confidence) is left out: it is long and `.why`
    /// shows it; the date stays because it is part of what the relationship says.
    public static func relationship(_ rel: RelationshipRecord) -> String {
        let shown = rel.properties.filter { $0.key == "date" || !GraphStore.provenanceKeys.contains($0.key) }
        let props = properties(shown, leading: ["date"])
        return "[:\(identifier(rel.type))\(props.isEmpty ? "" : " " + props)]"
    }

    public static func path(nodes: [NodeRecord], relationships: [RelationshipRecord]) -> String {
        guard let first = nodes.first else { return "<>" }
        var out = node(first)
        for (i, rel) in relationships.enumerated() where i + 1 < nodes.count {
            let forward = rel.start == nodes[i].id
            out += forward ? "-\(relationship(rel))->" : "<-\(relationship(rel))-"
            out += node(nodes[i + 1])
        }
        return out
    }

    static func properties(_ props: [String: PropertyValue], leading: [String]) -> String {
        guard !props.isEmpty else { return "" }
        let keys = leading.filter { props[$0] != nil } + props.keys.filter { !leading.contains($0) }.sorted()
        return "{" + keys.map { "\(key($0)): \(literal(props[$0]!))" }.joined(separator: ", ") + "}"
    }

    public static func literal(_ value: PropertyValue) -> String {
        switch value {
        case .string(let s), .date(let s): return quoted(s)
        case .integer(let i): return String(i)
        case .float(let d): return JSONText.number(d)
        case .boolean(let b): return b ? "true" : "false"
        case .list(let items): return "[" + items.map(literal).joined(separator: ", ") + "]"
        }
    }

    /// A Cypher string literal in single quotes.
    public static func quoted(_ s: String) -> String {
        "'" + TextEscaping.escape(s) { scalar in
            switch scalar {
            case "'": "\\'"
            case "\\": "\\\\"
            case "\n": "\\n"
            case "\r": "\\r"
            case "\t": "\\t"
            default: nil
            }
        } + "'"
    }

    /// A label, type or key as written in a query: bare when it is an identifier, else in backticks.
    public static func identifier(_ name: String) -> String {
        isPlainIdentifier(name) ? name : "`" + name.replacingOccurrences(of: "`", with: "``") + "`"
    }

    static func key(_ name: String) -> String { identifier(name) }

    static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }
}
