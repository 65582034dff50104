import KGQuery
import KGStore

/// Query values as JSON per the CLI contract (`{"columns": …, "rows": …}`, integers and floats
/// kept apart, nodes/relationships/paths as `~node`/`~rel`/`~path` tagged objects).
public enum ContractJSON {
    public static func document(_ result: QueryResult) -> String {
        var out = "{\"columns\": [" + result.columns.map(JSONText.string).joined(separator: ", ") + "], \"rows\": ["
        for (i, row) in result.rows.enumerated() {
            if i > 0 { out += ", " }
            out += "[" + row.map(encode).joined(separator: ", ") + "]"
        }
        return out + "]}"
    }

    /// One row as an object keyed by column name (JSON lines).
    public static func object(columns: [String], row: [CypherValue]) -> String {
        "{" + zip(columns, row).map { JSONText.string($0) + ": " + encode($1) }.joined(separator: ", ") + "}"
    }

    public static func encode(_ value: CypherValue) -> String {
        switch value {
        case .null: return "null"
        case .boolean(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .float(let d): return float(d)
        case .string(let s): return JSONText.string(s)
        case .list(let items): return "[" + items.map(encode).joined(separator: ", ") + "]"
        case .map(let map):
            return "{" + map.keys.sorted().map { JSONText.string($0) + ": " + encode(map[$0]!) }.joined(separator: ", ") + "}"
        case .node(let node): return self.node(node)
        case .relationship(let rel): return relationship(rel)
        case .path(let nodes, let rels):
            return "{\"~path\": {\"nodes\": [" + nodes.map(node).joined(separator: ", ") + "], \"rels\": ["
                + rels.map(relationship).joined(separator: ", ") + "]}}"
        }
    }

    static func float(_ d: Double) -> String {
        d.isFinite ? JSONText.number(d) : "{\"~float\": \(JSONText.string(JSONText.number(d)))}"
    }

    static func node(_ node: NodeRecord) -> String {
        "{\"~node\": {\"id\": \(node.id), \"labels\": [" + node.labels.map(JSONText.string).joined(separator: ", ")
            + "], \"properties\": " + properties(node.properties) + "}}"
    }

    static func relationship(_ rel: RelationshipRecord) -> String {
        "{\"~rel\": {\"id\": \(rel.id), \"type\": \(JSONText.string(rel.type)), \"start\": \(rel.start), \"end\": \(rel.end), \"properties\": "
            + properties(rel.properties) + "}}"
    }

    static func properties(_ props: [String: PropertyValue]) -> String {
        "{" + props.keys.sorted().map { JSONText.string($0) + ": " + property(props[$0]!) }.joined(separator: ", ") + "}"
    }

    static func property(_ value: PropertyValue) -> String {
        switch value {
        case .float(let d): return float(d)
        case .list(let items): return "[" + items.map(property).joined(separator: ", ") + "]"
        default: return JSONText.encode(value)
        }
    }
}
