import KGStore

/// The property keys a graph uses and one type per key, for formats that declare columns up
/// front (CSV headers, GraphML keys). Found with aggregate queries over the triple table, so the
/// writers themselves can stream.
struct PropertyColumns {
    enum ColumnType: Equatable {
        case string, integer, float, boolean, list

        /// The narrowest type that holds values of both.
        func merged(with other: ColumnType) -> ColumnType {
            if self == other { return self }
            if Set([self, other]) == [.integer, .float] { return .float }
            return .string
        }
    }

    /// Node property keys in byte order.
    var node: [(key: String, type: ColumnType)] = []
    /// Relationship provenance keys and qualifier keys, in byte order.
    var relationship: [(key: String, type: ColumnType)] = []

    init(store: GraphStore) throws {
        var nodeTypes: [String: ColumnType] = [:]
        let rows = try store.db.rows("""
            SELECT p, typeof(o), CASE WHEN typeof(o) = 'blob' THEN hex(substr(o, 1, 1)) END
            FROM triple WHERE k = 1 GROUP BY 1, 2, 3
            """)
        for row in rows {
            guard let key = row[0].string else { continue }
            let type: ColumnType
            switch row[1].string {
            case "integer": type = .integer
            case "real": type = .float
            case "blob":
                switch row[2].string.flatMap({ UInt8($0, radix: 16) }).flatMap(ValueTag.init(rawValue:)) {
                case .boolean?: type = .boolean
                case .list?: type = .list
                default: type = .string
                }
            default: type = .string
            }
            nodeTypes[key] = nodeTypes[key].map { $0.merged(with: type) } ?? type
        }
        node = nodeTypes.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map { ($0.key, $0.value) }

        var relationshipTypes: [String: ColumnType] = [:]
        let provenance: [(String, String, ColumnType)] = [
            ("date", "date", .string), ("evidence", "evidence", .string), ("extractor", "extractor", .string),
            ("confidence", "confidence", .float), ("source", "doc", .string),
        ]
        for (key, column, type) in provenance
        where try store.db.scalar("SELECT 1 FROM triple WHERE k = 2 AND \(column) IS NOT NULL LIMIT 1") != nil {
            relationshipTypes[key] = type
        }
        let qualifiers = try store.db.rows("""
            SELECT DISTINCT j.key, j.type FROM triple t, json_each(t.qual) j
            WHERE t.k = 2 AND t.qual IS NOT NULL AND json_valid(t.qual)
            """)
        for row in qualifiers {
            guard let key = row[0].string else { continue }
            let type: ColumnType
            switch row[1].string {
            case "integer": type = .integer
            case "real": type = .float
            case "true", "false": type = .boolean
            case "array": type = .list
            case "object": type = .float  // {"~float": "NaN"}: a float that JSON cannot spell
            default: type = .string
            }
            relationshipTypes[key] = relationshipTypes[key].map { $0.merged(with: type) } ?? type
        }
        relationship = relationshipTypes.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map { ($0.key, $0.value) }
    }
}
