import KGStore

/// Writes the graph as GraphML, which Gephi, yEd and NetworkX (`networkx.read_graphml`) read.
///
/// Nodes are `n<id>`, edges `e<id>`, in id order, streamed. Each node has a `labels` attribute
/// (`:Company:Person`, as Neo4j writes it) and one attribute per property key; each edge has
/// `type` and its provenance and qualifiers. Attribute types are GraphML's `long`, `double`,
/// `boolean` or `string` (lists as JSON text; a key with mixed types as text). Characters XML
/// cannot carry (most C0 controls) become U+FFFD.
public struct GraphMLWriter {
    public init() {}

    public struct Summary: Sendable, Equatable {
        public var nodes = 0
        public var edges = 0
    }

    @discardableResult
    public func write(store: GraphStore, to sink: ByteSink) throws -> Summary {
        var summary = Summary()
        let columns = try PropertyColumns(store: store)
        sink.write("""
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns" \
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" \
            xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">

            """)
        sink.write("  <key id=\"labels\" for=\"node\" attr.name=\"labels\" attr.type=\"string\"/>\n")
        var nodeKeys: [(id: String, key: String, type: PropertyColumns.ColumnType)] = []
        for (i, column) in columns.node.enumerated() {
            let id = "v\(i)"
            nodeKeys.append((id, column.key, column.type))
            sink.write("  <key id=\"\(id)\" for=\"node\" attr.name=\"\(Self.escaped(column.key))\" attr.type=\"\(Self.typeName(column.type))\"/>\n")
        }
        sink.write("  <key id=\"type\" for=\"edge\" attr.name=\"type\" attr.type=\"string\"/>\n")
        var edgeKeys: [(id: String, key: String, type: PropertyColumns.ColumnType)] = []
        for (i, column) in columns.relationship.enumerated() {
            let id = "r\(i)"
            edgeKeys.append((id, column.key, column.type))
            sink.write("  <key id=\"\(id)\" for=\"edge\" attr.name=\"\(Self.escaped(column.key))\" attr.type=\"\(Self.typeName(column.type))\"/>\n")
        }
        sink.write("  <graph id=\"kg\" edgedefault=\"directed\">\n")
        try store.forEachNode { node in
            sink.write("    <node id=\"n")
            sink.write(node.id)
            sink.write("\">")
            if !node.labels.isEmpty {
                data("labels", node.labels.map { ":" + $0 }.joined(), to: sink)
            }
            for (id, key, type) in nodeKeys {
                if let value = node.properties[key] { data(id, Self.text(value, as: type), to: sink) }
            }
            sink.write("</node>\n")
            summary.nodes += 1
            try sink.flushIfFull()
        }
        try store.forEachRelationship { r in
            sink.write("    <edge id=\"e")
            sink.write(r.id)
            sink.write("\" source=\"n")
            sink.write(r.start)
            sink.write("\" target=\"n")
            sink.write(r.end)
            sink.write("\">")
            data("type", r.type, to: sink)
            for (id, key, type) in edgeKeys {
                if let value = r.properties[key] { data(id, Self.text(value, as: type), to: sink) }
            }
            sink.write("</edge>\n")
            summary.edges += 1
            try sink.flushIfFull()
        }
        sink.write("  </graph>\n</graphml>\n")
        try sink.flush()
        return summary
    }

    private func data(_ key: String, _ text: String, to sink: ByteSink) {
        sink.write("<data key=\"\(key)\">")
        sink.write(Self.escaped(text))
        sink.write("</data>")
    }

    static func typeName(_ type: PropertyColumns.ColumnType) -> String {
        switch type {
        case .integer: return "long"
        case .float: return "double"
        case .boolean: return "boolean"
        case .string, .list: return "string"
        }
    }

    static func text(_ value: PropertyValue, as type: PropertyColumns.ColumnType) -> String {
        switch (type, value) {
        case (.float, .integer(let i)): return JSONText.number(Double(i))
        case (.float, .float(let d)) where !d.isFinite: return d.isNaN ? "NaN" : d < 0 ? "-INF" : "INF"
        case (_, .list): return JSONText.encode(value)
        default: return value.displayText
        }
    }

    /// Text for XML content and attribute values.
    static func escaped(_ text: String) -> String {
        TextEscaping.escape(text) { scalar in
            switch scalar {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            case "\"": "&quot;"
            case "'": "&apos;"
            case "\r": "&#13;"
            case "\n": "&#10;"
            case "\t": "&#9;"
            // Not allowed in XML 1.0 at all, not even as character references.
            default: scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF ? "\u{FFFD}" : nil
            }
        }
    }
}
