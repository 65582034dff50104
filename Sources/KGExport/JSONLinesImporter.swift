import Foundation
import KGStore

/// Reads JSON lines in the APOC shape (see `JSONLinesWriter`) into a graph, all or nothing.
///
/// - Node lines come before the relationship lines that use them; ids are any JSON string or
///   integer. A node whose id is a non-negative integer keeps it when the graph has no such node
///   (so importing an export into an empty graph keeps every id); otherwise it gets a new one.
///   Relationships keep their id the same way.
/// - Relationship properties `date`, `evidence`, `extractor` (strings) and `confidence` (a float)
///   go to the triple's provenance columns; `source` names a document, created (format
///   `import`) the first time a path is seen; every other property is a qualifier.
/// - A node property that holds an ISO 8601 date (`2014`, `2014-10`, `2014-10-01`) under a key
///   that names a date (`date`, `founded`, `published`, …, or one ending in `Date`) is stored as a
///   date, as the extractors store it, so N-Triples can type it.
/// - The file is read in blocks, one line at a time, in a single transaction; a malformed line
///   stops the import with `file:line: reason`, and the graph is left as it was.
/// - The APOC shape has no provenance for labels and node properties, so imported ones carry
///   none; and the name dictionary (`alias`) that resolution keeps is not filled, so a later
///   `kg ingest` does not merge its entities into imported nodes.
public final class JSONLinesImporter {
    public struct Summary: Sendable, Equatable {
        public var nodes = 0
        public var relationships = 0
        /// Rows added to the triple table (labels, properties, relationships).
        public var triples = 0
        public var documents = 0
    }

    /// Node property keys whose ISO 8601 string values are dates.
    public static let dateKeys: Set<String> = ["date", "founded", "published", "dissolved", "born", "died", "since", "until"]

    private let store: GraphStore

    public init(store: GraphStore) {
        self.store = store
    }

    /// Imports a file; `-` reads standard input.
    @discardableResult
    public func importFile(_ path: String) throws -> Summary {
        try run(LineReader(path: path))
    }

    /// Imports JSON lines held in memory; `name` is what error messages call them.
    @discardableResult
    public func importText(_ text: String, name: String = "<input>") throws -> Summary {
        try run(LineReader(bytes: Array(text.utf8), name: name))
    }

    private func run(_ reader: LineReader) throws -> Summary {
        let db = store.db
        // Foreign keys hold by construction here (each relationship's ends are nodes this import
        // made, each document one it found or made), so SQLite need not look them up per row.
        // The pragma only takes effect outside a transaction.
        let foreignKeys = try db.scalar("PRAGMA foreign_keys")?.int ?? 1
        if db.isAutocommit { try db.execute("PRAGMA foreign_keys = OFF") }
        let oldCache = try db.scalar("PRAGMA cache_size")?.int ?? -2000
        defer {
            try? db.execute("PRAGMA cache_size = \(oldCache)")
            try? db.execute("PRAGMA foreign_keys = \(foreignKeys)")
        }
        return try db.transaction {
            // Into an empty triple table, building each index once at the end (a sort) is several
            // times faster than keeping it up to date row by row, and needs no big page cache.
            // The indexes are rebuilt from the very statements that made them, so the schema
            // stays the store's. Into a graph that has triples, the indexes are kept up to date,
            // and a bigger (bounded) page cache keeps their hot pages in memory.
            var deferredIndexes: [(name: String, sql: String)] = []
            if try db.scalar("SELECT 1 FROM triple LIMIT 1") == nil {
                deferredIndexes = try db.rows("""
                    SELECT name, sql FROM sqlite_schema
                    WHERE type = 'index' AND tbl_name = 'triple' AND sql IS NOT NULL ORDER BY name
                    """).compactMap { row in row[0].string.flatMap { name in row[1].string.map { (name, $0) } } }
                for index in deferredIndexes { try db.execute("DROP INDEX \"\(index.name)\"") }
            } else {
                try db.execute("PRAGMA cache_size = -65536")
            }
            let session = try ImportSession(store: store, fileName: reader.name)
            while let line = try reader.nextLine() {
                try session.importLine(line, number: reader.lineNumber)
            }
            let summary = try session.finish()
            for index in deferredIndexes { try db.execute(index.sql) }
            return summary
        }
    }
}

/// One import's state: prepared statements, the file's node ids mapped to the graph's, and the
/// documents made for `source` paths.
private final class ImportSession {
    let store: GraphStore
    let db: Database
    let fileName: String
    var summary = JSONLinesImporter.Summary()
    var lineNumber = 0

    /// Canonical non-negative integer ids that kept their value.
    var keptIDs = BitSet()
    /// Every other file id and the node it became.
    var mappedIDs: [String: Int64] = [:]
    var documents: [String: Int64] = [:]

    let insertNodeKeepingID: Statement
    let insertNode: Statement
    let stageTriple: Statement
    let insertRelationship: Statement
    let insertRelationshipNewID: Statement
    let now = ISO8601DateFormatter().string(from: Date())

    init(store: GraphStore, fileName: String) throws {
        self.store = store
        self.db = store.db
        self.fileName = fileName
        // Labels and properties wait in a temporary table and join the triple table after the
        // relationships: a relationship keeps its row id from the file only if no label or
        // property row has taken it, and importing an export must reproduce it.
        try db.execute("CREATE TEMP TABLE IF NOT EXISTS kg_import_stage(s INTEGER, k INTEGER, p TEXT, o, dt TEXT)")
        try db.execute("DELETE FROM temp.kg_import_stage")
        insertNodeKeepingID = try db.prepare("INSERT OR IGNORE INTO node(id) VALUES (?)")
        insertNode = try db.prepare("INSERT INTO node(id) VALUES (NULL)")
        stageTriple = try db.prepare("INSERT INTO temp.kg_import_stage(s, k, p, o, dt) VALUES (?, ?, ?, ?, ?)")
        insertRelationship = try db.prepare("""
            INSERT OR IGNORE INTO triple(id, s, k, p, o, doc, evidence, extractor, date, confidence, qual)
            VALUES (?, ?, 2, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertRelationshipNewID = try db.prepare("""
            INSERT INTO triple(s, k, p, o, doc, evidence, extractor, date, confidence, qual)
            VALUES (?, 2, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
    }

    func fail(_ reason: String) -> ExportError {
        .malformedLine(file: fileName, line: lineNumber, reason: reason)
    }

    func importLine(_ line: UnsafeBufferPointer<UInt8>, number: Int) throws {
        lineNumber = number
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes: line)
        } catch {
            throw fail("not JSON: \(error.reason) at column \(error.offset + 1)")
        }
        guard case .object(let fields) = value else { throw fail("expected a JSON object") }
        var type: String?
        for (key, v) in fields where key == "type" { type = v.stringValue }
        switch type {
        case "node": try importNode(fields)
        case "relationship": try importRelationship(fields)
        case nil: throw fail("missing \"type\" (\"node\" or \"relationship\")")
        case let other?: throw fail("unknown type \(JSONText.string(other)) (expected \"node\" or \"relationship\")")
        }
    }

    // MARK: Nodes

    func importNode(_ fields: [(String, JSONValue)]) throws {
        var id: JSONValue?
        var labels: [JSONValue] = []
        var properties: [(String, JSONValue)] = []
        for (key, value) in fields {
            switch key {
            case "id": id = value
            case "labels":
                guard case .array(let items) = value else { throw fail("\"labels\" must be an array of strings") }
                labels = items
            case "properties":
                if case .null = value { continue }
                guard case .object(let pairs) = value else { throw fail("\"properties\" must be an object") }
                properties = pairs
            default: continue
            }
        }
        guard let id else { throw fail("a node needs an \"id\"") }
        let key = try idKey(id, what: "node")
        let node = try createNode(fileID: key)

        var seenLabels: [String] = []
        for label in labels {
            guard case .string(let name) = label, !name.isEmpty else { throw fail("labels must be non-empty strings") }
            if seenLabels.contains(name) { continue }
            seenLabels.append(name)
            try stage(node: node, kind: .label, key: name, value: .null, datatype: nil)
        }
        var seenKeys = Set<String>()
        for (name, value) in properties {
            guard !name.isEmpty else { throw fail("a property key must not be empty") }
            guard seenKeys.insert(name).inserted else { throw fail("property \(JSONText.string(name)) appears twice") }
            guard var property = try propertyValue(value, key: name) else { continue }
            if case .string(let s) = property, Self.isDateKey(name), Self.isISODate(s) { property = .date(s) }
            let (object, datatype) = ValueCodec.encode(property)
            try stage(node: node, kind: .property, key: name, value: object, datatype: datatype)
        }
        summary.nodes += 1
    }

    static func isDateKey(_ key: String) -> Bool {
        JSONLinesImporter.dateKeys.contains(key) || key.hasSuffix("Date")
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with a month 01–12 and a day 01–31.
    static func isISODate(_ s: String) -> Bool {
        let b = Array(s.utf8)
        func digits(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r { guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }; v = v * 10 + Int(b[i] - 0x30) }
            return v
        }
        guard b.count == 4 || b.count == 7 || b.count == 10, digits(0..<4) != nil else { return false }
        if b.count >= 7 {
            guard b[4] == UInt8(ascii: "-"), let m = digits(5..<7), (1...12).contains(m) else { return false }
        }
        if b.count == 10 {
            guard b[7] == UInt8(ascii: "-"), let d = digits(8..<10), (1...31).contains(d) else { return false }
        }
        return true
    }

    /// The map key for a file id: its text, with integers written canonically.
    func idKey(_ id: JSONValue, what: String) throws -> String {
        switch id {
        case .string(let s) where !s.isEmpty: return s
        case .integer(let i): return String(i)
        default: throw fail("a \(what) id must be a non-empty string or an integer")
        }
    }

    /// A non-negative integer written canonically (no sign, no leading zeros), else nil.
    static func canonicalInteger(_ key: String) -> Int64? {
        guard let first = key.utf8.first, first >= 0x30, first <= 0x39, first != 0x30 || key.utf8.count == 1,
              let v = Int64(key) else { return nil }
        return v
    }

    /// Ids kept as they are must stay small enough for the bit set (64 Mi ids, 8 MiB).
    static let maxKeptID: Int64 = 1 << 26

    func createNode(fileID key: String) throws -> Int64 {
        let numeric = Self.canonicalInteger(key)
        if let n = numeric, n <= Self.maxKeptID, keptIDs.contains(Int(n)) {
            throw fail("node id \(JSONText.string(key)) appears twice")
        }
        if mappedIDs[key] != nil { throw fail("node id \(JSONText.string(key)) appears twice") }
        if let n = numeric {
            insertNodeKeepingID.reset()
            try insertNodeKeepingID.bind(.integer(n), at: 1)
            _ = try insertNodeKeepingID.step()
            if db.changes == 1 {
                if n <= Self.maxKeptID { keptIDs.insert(Int(n)) } else { mappedIDs[key] = n }
                return n
            }
        }
        insertNode.reset()
        _ = try insertNode.step()
        let id = db.lastInsertRowID
        mappedIDs[key] = id
        return id
    }

    func node(fileID key: String) -> Int64? {
        if let n = Self.canonicalInteger(key), n <= Self.maxKeptID, keptIDs.contains(Int(n)) { return n }
        return mappedIDs[key]
    }

    func stage(node: Int64, kind: Schema.Kind, key: String, value: SQLValue, datatype: String?) throws {
        let s = stageTriple
        s.reset()
        try s.bind(.integer(node), at: 1)
        try s.bind(.integer(kind.rawValue), at: 2)
        try s.bind(.text(key), at: 3)
        try s.bind(value, at: 4)
        if let datatype { try s.bind(.text(datatype), at: 5) }
        _ = try s.step()
        summary.triples += 1
    }

    /// A JSON value as a property value; nil for null (an absent property, as in Cypher).
    func propertyValue(_ value: JSONValue, key: String) throws -> PropertyValue? {
        switch value {
        case .null: return nil
        case .array(let items):
            var list: [PropertyValue] = []
            list.reserveCapacity(items.count)
            for item in items {
                if case .array = item { throw fail("property \(JSONText.string(key)): a list may not hold a list") }
                guard let v = try propertyValue(item, key: key) else {
                    throw fail("property \(JSONText.string(key)): a list may not hold null")
                }
                list.append(v)
            }
            return .list(list)
        case .object:
            guard let v = value.propertyValue else {
                throw fail("property \(JSONText.string(key)) is a map; property values are strings, numbers, booleans or lists")
            }
            return v
        default:
            return value.propertyValue
        }
    }

    // MARK: Relationships

    func importRelationship(_ fields: [(String, JSONValue)]) throws {
        var id: JSONValue?
        var type: String?
        var start: JSONValue?
        var end: JSONValue?
        var properties: [(String, JSONValue)] = []
        for (key, value) in fields {
            switch key {
            case "id": id = value
            case "label":
                guard case .string(let t) = value, !t.isEmpty else { throw fail("\"label\" (the relationship type) must be a non-empty string") }
                type = t
            case "start": start = value
            case "end": end = value
            case "properties":
                if case .null = value { continue }
                guard case .object(let pairs) = value else { throw fail("\"properties\" must be an object") }
                properties = pairs
            default: continue
            }
        }
        guard let type else { throw fail("a relationship needs a \"label\" (its type)") }
        let startNode = try endpoint(start, name: "start")
        let endNode = try endpoint(end, name: "end")

        var date: String?, evidence: String?, extractor: String?, source: String?, confidence: Double?
        var qualifiers: [(String, JSONValue)] = []
        var seenKeys = Set<String>()
        for (key, value) in properties {
            guard !key.isEmpty else { throw fail("a property key must not be empty") }
            guard seenKeys.insert(key).inserted else { throw fail("property \(JSONText.string(key)) appears twice") }
            guard let property = try propertyValue(value, key: key) else { continue }
            // Provenance of the type its column holds goes there; anything else is a qualifier,
            // so it reads back exactly as written.
            switch (key, property) {
            case ("date", .string(let s)): date = s
            case ("evidence", .string(let s)): evidence = s
            case ("extractor", .string(let s)): extractor = s
            case ("source", .string(let s)): source = s
            case ("confidence", .float(let d)) where d.isFinite: confidence = d
            default: qualifiers.append((key, JSONValue(property: property)))
            }
        }
        qualifiers.sort { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        let qual: SQLValue = qualifiers.isEmpty ? .null : .text(JSONValue.object(qualifiers).text)
        let doc: SQLValue = try source.map { .integer(try document(path: $0)) } ?? .null

        func bindCommon(_ s: Statement, from index: Int32) throws {
            try s.bind(.integer(startNode), at: index)
            try s.bind(.text(type), at: index + 1)
            try s.bind(.integer(endNode), at: index + 2)
            try s.bind(doc, at: index + 3)
            if let evidence { try s.bind(.text(evidence), at: index + 4) }
            if let extractor { try s.bind(.text(extractor), at: index + 5) }
            if let date { try s.bind(.text(date), at: index + 6) }
            if let confidence { try s.bind(.real(confidence), at: index + 7) }
            try s.bind(qual, at: index + 8)
        }

        var inserted = false
        if let id, let n = Self.canonicalInteger(try idKey(id, what: "relationship")) {
            let s = insertRelationship
            s.reset()
            try s.bind(.integer(n), at: 1)
            try bindCommon(s, from: 2)
            _ = try s.step()
            inserted = db.changes == 1
        } else if id == nil {
            throw fail("a relationship needs an \"id\"")
        }
        if !inserted {
            let s = insertRelationshipNewID
            s.reset()
            try bindCommon(s, from: 1)
            _ = try s.step()
        }
        summary.relationships += 1
        summary.triples += 1
    }

    func endpoint(_ value: JSONValue?, name: String) throws -> Int64 {
        guard let value else { throw fail("a relationship needs \"\(name)\"") }
        let id: JSONValue
        switch value {
        case .object: guard let v = value["id"] else { throw fail("\"\(name)\" needs an \"id\"") }; id = v
        default: id = value  // a bare id, as some tools write it
        }
        let key = try idKey(id, what: "\(name) node")
        guard let node = node(fileID: key) else {
            throw fail("\(name) node \(JSONText.string(key)) is not defined on an earlier line")
        }
        return node
    }

    func document(path: String) throws -> Int64 {
        if let id = documents[path] { return id }
        let id: Int64
        if let existing = try store.document(path: path) {
            id = existing.id
        } else {
            try db.run("INSERT INTO document(path, format, hash, bytes, ingested_at) VALUES (?, 'import', '', 0, ?)",
                       [.text(path), .text(now)])
            id = db.lastInsertRowID
            summary.documents += 1
        }
        documents[path] = id
        return id
    }

    func finish() throws -> JSONLinesImporter.Summary {
        try db.execute("""
            INSERT INTO triple(s, k, p, o, dt) SELECT s, k, p, o, dt FROM temp.kg_import_stage ORDER BY rowid;
            DELETE FROM temp.kg_import_stage;
            """)
        return summary
    }
}

/// A growable set of small non-negative integers.
struct BitSet {
    private var words: [UInt64] = []

    func contains(_ i: Int) -> Bool {
        let w = i >> 6
        return w < words.count && words[w] & (1 << UInt64(i & 63)) != 0
    }

    mutating func insert(_ i: Int) {
        let w = i >> 6
        if w >= words.count { words.append(contentsOf: repeatElement(0, count: max(w + 1 - words.count, words.count))) }
        words[w] |= 1 << UInt64(i & 63)
    }
}
