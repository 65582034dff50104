import KGStore

extension CypherValue {
    /// The JSON of `../shared/tck/CONTRACT.md`: integers without a fraction, floats always with
    /// one (non-finite ones tagged), nodes, relationships and paths as `~node`/`~rel`/`~path`.
    public var contractJSON: String {
        switch self {
        case .null: return "null"
        case .boolean(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .float(let d): return d.isFinite ? JSONText.number(d) : "{\"~float\": \(JSONText.string(JSONText.number(d)))}"
        case .string(let s): return JSONText.string(s)
        case .list(let items): return "[" + items.map(\.contractJSON).joined(separator: ", ") + "]"
        case .map(let m):
            return "{" + m.keys.sorted().map { JSONText.string($0) + ": " + m[$0]!.contractJSON }.joined(separator: ", ") + "}"
        case .node(let n): return CypherValue.nodeJSON(n)
        case .relationship(let r): return CypherValue.relationshipJSON(r)
        case .path(let nodes, let rels):
            return "{\"~path\": {\"nodes\": [" + nodes.map(CypherValue.nodeJSON).joined(separator: ", ") + "], \"rels\": ["
                + rels.map(CypherValue.relationshipJSON).joined(separator: ", ") + "]}}"
        }
    }

    static func propertiesJSON(_ p: [String: PropertyValue]) -> String {
        "{" + p.keys.sorted().map { JSONText.string($0) + ": " + CypherValue(property: p[$0]!).contractJSON }.joined(separator: ", ") + "}"
    }

    static func nodeJSON(_ n: NodeRecord) -> String {
        "{\"~node\": {\"id\": \(n.id), \"labels\": [" + n.labels.map(JSONText.string).joined(separator: ", ")
            + "], \"properties\": " + propertiesJSON(n.properties) + "}}"
    }

    static func relationshipJSON(_ r: RelationshipRecord) -> String {
        "{\"~rel\": {\"id\": \(r.id), \"type\": \(JSONText.string(r.type)), \"start\": \(r.start), \"end\": \(r.end), \"properties\": "
            + propertiesJSON(r.properties) + "}}"
    }

    public init(property: PropertyValue) {
        switch property {
        case .string(let s), .date(let s): self = .string(s)
        case .integer(let i): self = .integer(i)
        case .float(let d): self = .float(d)
        case .boolean(let b): self = .boolean(b)
        case .list(let items): self = .list(items.map(CypherValue.init(property:)))
        }
    }

    /// Reads a `--param` value: JSON as the contract encodes it (`{"~float": …}` for non-finite floats).
    public init(json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .boolean(b)
        case .integer(let i): self = .integer(i)
        case .float(let d): self = .float(d)
        case .string(let s): self = .string(s)
        case .array(let a): self = .list(a.map(CypherValue.init(json:)))
        case .object(let pairs):
            if pairs.count == 1, pairs[0].0 == "~float", case .float(let d)? = json.propertyValue { self = .float(d); return }
            var m: [String: CypherValue] = [:]
            for (k, v) in pairs { m[k] = CypherValue(json: v) }
            self = .map(m)
        }
    }

    /// Plain text for tables: strings bare, everything else in Cypher literal style.
    public var displayText: String {
        switch self {
        case .string(let s): return s
        default: return literalText
        }
    }

    /// Cypher literal style: `'text'`, `[1, 2.0]`, `{k: v}`, `(:Label {name: 'x'})`, `[:TYPE {…}]`.
    public var literalText: String {
        switch self {
        case .null: return "null"
        case .boolean(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .float(let d): return JSONText.number(d)
        case .string(let s): return "'" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        case .list(let items): return "[" + items.map(\.literalText).joined(separator: ", ") + "]"
        case .map(let m): return "{" + m.keys.sorted().map { "\($0): \(m[$0]!.literalText)" }.joined(separator: ", ") + "}"
        case .node(let n): return CypherValue.nodeText(n)
        case .relationship(let r): return CypherValue.relText(r)
        case .path(let nodes, let rels):
            var out = nodes.first.map(CypherValue.nodeText) ?? ""
            for (i, r) in rels.enumerated() where i + 1 < nodes.count {
                let forward = r.start == nodes[i].id
                out += (forward ? "-" : "<-") + CypherValue.relText(r) + (forward ? "->" : "-") + CypherValue.nodeText(nodes[i + 1])
            }
            return "<" + out + ">"
        }
    }

    static func propertiesText(_ p: [String: PropertyValue]) -> String {
        p.isEmpty ? "" : " {" + p.keys.sorted().map { "\($0): \(CypherValue(property: p[$0]!).literalText)" }.joined(separator: ", ") + "}"
    }

    static func nodeText(_ n: NodeRecord) -> String {
        let labels = n.labels.map { ":" + $0 }.joined()
        let properties = propertiesText(n.properties)
        return "(" + labels + (labels.isEmpty ? String(properties.dropFirst()) : properties) + ")"
    }

    static func relText(_ r: RelationshipRecord) -> String {
        "[:" + r.type + propertiesText(r.properties) + "]"
    }
}

extension QueryResult {
    /// `{"columns": […], "rows": [[…], …]}` as the contract specifies.
    public var contractJSON: String {
        "{\"columns\": [" + columns.map(JSONText.string).joined(separator: ", ") + "], \"rows\": ["
            + rows.map { "[" + $0.map(\.contractJSON).joined(separator: ", ") + "]" }.joined(separator: ", ") + "]}"
    }
}
