import Foundation
import KGStore

/// Writes `nodes.csv` and `relationships.csv` for `neo4j-admin database import full`:
///
///     neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv \
///         --multiline-fields=true neo4j
///
/// Nodes: `:ID` (kg's node id), `:LABEL` (labels joined by `;`), `kgId:long`, then one column
/// per property key with a Neo4j type (`long`, `double`, `boolean`, `string`, or `string[]`
/// for lists, elements joined by `;`). Relationships: `:START_ID`, `:END_ID`, `:TYPE`,
/// `kgId:long`, then the provenance (`date`, `evidence`, `source` as the document's path,
/// `extractor`, `confidence:double`) and qualifier columns. A key whose values have different
/// types is a `string` column. Fields are quoted as RFC 4180 says; evidence may hold line
/// breaks, hence `--multiline-fields=true`. Both files stream in id order.
public struct Neo4jCSVWriter {
    public init() {}

    public struct Summary: Sendable, Equatable {
        public var nodes = 0
        public var relationships = 0
    }

    @discardableResult
    public func write(store: GraphStore, toDirectory directory: String) throws -> Summary {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw ExportError.cannotWrite(directory, reason: "not a folder") }
        } else {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw ExportError.cannotWrite(directory, reason: error.localizedDescription)
            }
        }
        let nodes = try ByteSink(path: (directory as NSString).appendingPathComponent("nodes.csv"))
        let relationships = try ByteSink(path: (directory as NSString).appendingPathComponent("relationships.csv"))
        let summary = try write(store: store, nodes: nodes, relationships: relationships)
        try nodes.close()
        try relationships.close()
        return summary
    }

    @discardableResult
    public func write(store: GraphStore, nodes: ByteSink, relationships: ByteSink) throws -> Summary {
        var summary = Summary()
        let columns = try PropertyColumns(store: store)

        writeRow([":ID", ":LABEL", "kgId:long"] + columns.node.map { header($0.key, $0.type) }, to: nodes)
        try store.forEachNode { node in
            var fields = [String(node.id), node.labels.joined(separator: ";"), String(node.id)]
            for (key, type) in columns.node { fields.append(node.properties[key].map { field($0, type) } ?? "") }
            writeRow(fields, to: nodes)
            summary.nodes += 1
            try nodes.flushIfFull()
        }
        try nodes.flush()

        writeRow([":START_ID", ":END_ID", ":TYPE", "kgId:long"] + columns.relationship.map { header($0.key, $0.type) }, to: relationships)
        try store.forEachRelationship { r in
            var fields = [String(r.start), String(r.end), r.type, String(r.id)]
            for (key, type) in columns.relationship { fields.append(r.properties[key].map { field($0, type) } ?? "") }
            writeRow(fields, to: relationships)
            summary.relationships += 1
            try relationships.flushIfFull()
        }
        try relationships.flush()
        return summary
    }

    private func header(_ key: String, _ type: PropertyColumns.ColumnType) -> String {
        switch type {
        case .string: return "\(key):string"
        case .integer: return "\(key):long"
        case .float: return "\(key):double"
        case .boolean: return "\(key):boolean"
        case .list: return "\(key):string[]"
        }
    }

    private func field(_ value: PropertyValue, _ type: PropertyColumns.ColumnType) -> String {
        switch (type, value) {
        case (.list, .list(let items)): return items.map(\.displayText).joined(separator: ";")
        case (.float, .integer(let i)): return JSONText.number(Double(i))
        case (.string, .list): return JSONText.encode(value)
        default: return value.displayText
        }
    }

    private func writeRow(_ fields: [String], to sink: ByteSink) {
        for (i, field) in fields.enumerated() {
            if i > 0 { sink.write(UInt8(ascii: ",")) }
            if field.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) || field.hasPrefix(" ") || field.hasSuffix(" ") {
                sink.write(UInt8(ascii: "\""))
                sink.write(field.replacingOccurrences(of: "\"", with: "\"\""))
                sink.write(UInt8(ascii: "\""))
            } else {
                sink.write(field)
            }
        }
        sink.write(UInt8(ascii: "\n"))
    }
}
