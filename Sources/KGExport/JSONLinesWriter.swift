import KGStore

/// Writes a graph as JSON lines in the shape Neo4j's APOC export uses:
///
///     {"type":"node","id":"1","labels":["Company"],"properties":{"name":"SenseTime"}}
///     {"type":"relationship","id":"9","label":"FOUNDED_BY","start":{"id":"1","labels":["Company"]},
///      "end":{"id":"2","labels":["Person"]},"properties":{"date":"2014-10","source":"seeds/…"}}
///
/// Ids are the store's (a node's id, a relationship's triple row id), as strings. Nodes come
/// first, then relationships, each in id order; labels and property keys are in byte order, and
/// floats always carry a fraction — so the same graph always gives the same bytes, and
/// `JSONLinesImporter` reading this output into an empty graph reproduces it exactly.
public struct JSONLinesWriter {
    public init() {}

    public struct Summary: Sendable, Equatable {
        public var nodes = 0
        public var relationships = 0
    }

    /// Streams the whole graph; memory stays flat.
    @discardableResult
    public func write(store: GraphStore, to sink: ByteSink) throws -> Summary {
        var summary = Summary()
        try store.forEachNode { node in
            writeNode(node, to: sink)
            summary.nodes += 1
            try sink.flushIfFull()
        }
        let labels = LabelCache(store: store)
        try store.forEachRelationship { relationship in
            writeRelationship(relationship, startLabels: try labels.labels(of: relationship.start),
                              endLabels: try labels.labels(of: relationship.end), to: sink)
            summary.relationships += 1
            try sink.flushIfFull()
        }
        try sink.flush()
        return summary
    }

    public func writeNode(_ node: NodeRecord, to sink: ByteSink) {
        sink.write("{\"type\":\"node\",\"id\":\"")
        sink.write(node.id)
        sink.write("\",\"labels\":")
        writeLabels(node.labels.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }, to: sink)
        sink.write(",\"properties\":")
        writeProperties(node.properties, to: sink)
        sink.write("}\n")
    }

    public func writeRelationship(_ relationship: RelationshipRecord, startLabels: [String], endLabels: [String],
                                  to sink: ByteSink) {
        sink.write("{\"type\":\"relationship\",\"id\":\"")
        sink.write(relationship.id)
        sink.write("\",\"label\":")
        sink.writeJSONString(relationship.type)
        sink.write(",\"start\":{\"id\":\"")
        sink.write(relationship.start)
        sink.write("\",\"labels\":")
        writeLabels(startLabels, to: sink)
        sink.write("},\"end\":{\"id\":\"")
        sink.write(relationship.end)
        sink.write("\",\"labels\":")
        writeLabels(endLabels, to: sink)
        sink.write("},\"properties\":")
        writeProperties(relationship.properties, to: sink)
        sink.write("}\n")
    }

    private func writeLabels(_ labels: [String], to sink: ByteSink) {
        sink.write(UInt8(ascii: "["))
        for (i, label) in labels.enumerated() {
            if i > 0 { sink.write(UInt8(ascii: ",")) }
            sink.writeJSONString(label)
        }
        sink.write(UInt8(ascii: "]"))
    }

    private func writeProperties(_ properties: [String: PropertyValue], to sink: ByteSink) {
        sink.write(UInt8(ascii: "{"))
        for (i, key) in sortedKeys(properties).enumerated() {
            if i > 0 { sink.write(UInt8(ascii: ",")) }
            sink.writeJSONString(key)
            sink.write(UInt8(ascii: ":"))
            sink.writeJSON(properties[key]!)
        }
        sink.write(UInt8(ascii: "}"))
    }
}
