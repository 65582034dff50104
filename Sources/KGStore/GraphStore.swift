import CSQLite
import Foundation

/// Where a fact came from. Every triple the extractors write carries one.
public struct Provenance: Hashable, Sendable {
    public var document: Int64?
    public var evidence: String?
    public var extractor: String?
    public var date: String?
    public var confidence: Double?

    public init(document: Int64? = nil, evidence: String? = nil, extractor: String? = nil,
                date: String? = nil, confidence: Double? = nil) {
        self.document = document
        self.evidence = evidence
        self.extractor = extractor
        self.date = date
        self.confidence = confidence
    }

    public static let none = Provenance()
}

public struct NodeRecord: Hashable, Sendable {
    public var id: Int64
    public var labels: [String]
    /// Sorted by key.
    public var properties: [String: PropertyValue]

    public init(id: Int64, labels: [String], properties: [String: PropertyValue]) {
        self.id = id
        self.labels = labels
        self.properties = properties
    }

    public var name: String? {
        if case .string(let s)? = properties["name"] { return s }
        return properties["name"]?.displayText
    }
}

public struct RelationshipRecord: Hashable, Sendable {
    public var id: Int64
    public var type: String
    public var start: Int64
    public var end: Int64
    /// Provenance fields (`date`, `evidence`, `source`, `extractor`, `confidence`) and qualifiers.
    public var properties: [String: PropertyValue]

    public init(id: Int64, type: String, start: Int64, end: Int64, properties: [String: PropertyValue]) {
        self.id = id
        self.type = type
        self.start = start
        self.end = end
        self.properties = properties
    }
}

public struct GraphStats: Sendable {
    public var nodes: Int
    public var relationships: Int
    public var triples: Int
    public var documents: Int
    public var fileBytes: Int64
    public var labels: [(String, Int)]
    public var relationshipTypes: [(String, Int)]
}

/// The graph in one SQLite file: schema, migrations, and every write the pipeline makes.
public final class GraphStore {
    public let db: Database
    public var path: String { db.path }
    private let busyTimeoutMilliseconds: Int32
    /// What the open `transaction(_:)` has read and written; nil outside one.
    private var session: WriteSession?
    /// The last transaction's session, kept for the next while nothing else writes the file.
    private var keptSession: (session: WriteSession, mark: ChangeMark)?
    /// The statements ingest runs for every fact, prepared once and found by position:
    /// `Database.cached` finds a statement by hashing its SQL text, and binding through arrays
    /// of values allocated them per row.
    private var perFact: [Statement?] = Array(repeating: nil, count: PerFact.allCases.count)

    private enum PerFact: Int, CaseIterable {
        case selectFact, selectNameKey

        var sql: String {
            switch self {
            case .selectFact: "SELECT id, o, doc FROM triple WHERE s = ? AND k = ? AND p = ?"
            case .selectNameKey: "SELECT node FROM alias WHERE key = ? ORDER BY node"
            }
        }
    }

    /// Triple, support and name-key rows wait in the write session and are written this many
    /// to a statement: a one-row insert's set-up and tear-down (its cursors, the memory for its
    /// records) cost as much as the row, and a document writes some hundreds of them.
    static let rowsPerInsert = 16

    /// The tables whose rows ingest inserts several at a time. A triple is written with the id
    /// SQLite would have given it (one past the largest), which the session hands out; support
    /// and name-key rows are ordered by their key, so their order of insertion is not seen.
    private enum RowTable: Hashable {
        case triple, support, alias

        func sql(rows: Int) -> String {
            switch self {
            case .triple:
                let values = Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", count: rows).joined(separator: ", ")
                return "INSERT INTO triple(id, s, k, p, o, dt, doc, evidence, extractor, date, confidence, qual) VALUES \(values)"
            case .support:
                return "INSERT OR IGNORE INTO support(triple, doc) VALUES \(Array(repeating: "(?, ?)", count: rows).joined(separator: ", "))"
            case .alias:
                return "INSERT OR IGNORE INTO alias(key, node) VALUES \(Array(repeating: "(?, ?)", count: rows).joined(separator: ", "))"
            }
        }
    }
    private struct RowsInsert: Hashable {
        var table: RowTable
        var rows: Int
    }
    private var rowsInserts: [RowsInsert: Statement] = [:]

    private func rowsInsert(_ table: RowTable, rows: Int) throws -> Statement {
        let which = RowsInsert(table: table, rows: rows)
        if let statement = rowsInserts[which] {
            sqlite3_reset(statement.handle)
            return statement
        }
        let statement = try db.prepare(table.sql(rows: rows))
        rowsInserts[which] = statement
        return statement
    }

    /// `id` nil: SQLite gives one.
    private func insertTriples(_ rows: ArraySlice<PendingTriple>) throws {
        guard !rows.isEmpty else { return }
        let statement = try rowsInsert(.triple, rows: rows.count)
        for (i, row) in rows.enumerated() {
            let first = Int32(12 * i)
            try statement.bind(row.id.map(SQLValue.integer) ?? .null, at: first + 1)
            try statement.bind(.integer(row.subject), at: first + 2)
            try statement.bind(.integer(row.kind.rawValue), at: first + 3)
            try statement.bind(.text(row.predicate), at: first + 4)
            try statement.bind(row.object, at: first + 5)
            try statement.bind(row.datatype.map(SQLValue.text) ?? .null, at: first + 6)
            for (j, value) in provenanceColumns(row.provenance).enumerated() { try statement.bind(value, at: first + 7 + Int32(j)) }
            try statement.bind(row.qualifiers.map(SQLValue.text) ?? .null, at: first + 12)
        }
        try statement.run()
    }

    private func insertSupport(_ rows: ArraySlice<(triple: Int64, document: Int64)>) throws {
        guard !rows.isEmpty else { return }
        let statement = try rowsInsert(.support, rows: rows.count)
        for (i, row) in rows.enumerated() {
            try statement.bind(.integer(row.triple), at: Int32(2 * i + 1))
            try statement.bind(.integer(row.document), at: Int32(2 * i + 2))
        }
        try statement.run()
    }

    private func insertNameKeys(_ rows: ArraySlice<(key: String, node: Int64)>) throws {
        guard !rows.isEmpty else { return }
        let statement = try rowsInsert(.alias, rows: rows.count)
        for (i, row) in rows.enumerated() {
            try statement.bind(.text(row.key), at: Int32(2 * i + 1))
            try statement.bind(.integer(row.node), at: Int32(2 * i + 2))
        }
        try statement.run()
    }

    /// Writes the triple, support and name-key rows the session holds back. Done before
    /// anything the store runs reads the triple table or reads or deletes those rows, before a
    /// savepoint begins, and when the transaction ends; and by a caller that must know which
    /// of its writes failed (ingest, at the end of each document, so that a rejected row is
    /// its document's failure and not the next one's).
    public func writePendingRows() throws {
        guard let session else { return }
        defer {
            session.pendingTriples.removeAll(keepingCapacity: true)
            session.pendingSupport.removeAll(keepingCapacity: true)
            session.pendingNameKeys.removeAll(keepingCapacity: true)
        }
        try insertTriples(session.pendingTriples[...])
        try insertSupport(session.pendingSupport[...])
        try insertNameKeys(session.pendingNameKeys[...])
    }

    /// The statement, reset: every use binds all its parameters.
    private func statement(_ which: PerFact) throws -> Statement {
        if let statement = perFact[which.rawValue] {
            sqlite3_reset(statement.handle)
            return statement
        }
        let statement = try db.prepare(which.sql)
        perFact[which.rawValue] = statement
        return statement
    }

    /// Relationship properties that live in their own columns rather than in `qual`.
    public static let provenanceKeys: Set<String> = ["date", "evidence", "source", "extractor", "confidence"]

    /// Opens (and with `create`, creates) a graph file, checking that it is a kg graph this
    /// version can read, and migrating an older one.
    public init(path: String, create: Bool = true, readOnly: Bool = false, busyTimeoutMilliseconds: Int32 = 10_000) throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = fm.fileExists(atPath: path, isDirectory: &isDirectory)
        if exists && isDirectory.boolValue { throw StoreError.notAGraph(path, reason: "it is a directory") }
        if !exists {
            if !create || readOnly { throw StoreError.missingFile(path) }
            let parent = (path as NSString).deletingLastPathComponent
            if !parent.isEmpty && !fm.fileExists(atPath: parent) {
                throw StoreError.invalid("\(path): directory \(parent) does not exist")
            }
        }
        let database: Database
        do {
            database = try Database(path: path, options: readOnly ? [.readOnly] : [.readWrite, .create])
        } catch let e as SQLiteError {
            if e.code & 0xFF == SQLITE_CANTOPEN && exists && !readOnly && !fm.isWritableFile(atPath: path) {
                throw StoreError.readOnly(path)
            }
            if e.code & 0xFF == SQLITE_CANTOPEN {
                let parent = (path as NSString).deletingLastPathComponent
                let directory = parent.isEmpty ? "." : parent
                if exists && !fm.isReadableFile(atPath: path) {
                    throw StoreError.invalid("\(path): cannot open the graph file: permission denied")
                }
                if !exists && !fm.isWritableFile(atPath: directory) {
                    throw StoreError.invalid("\(path): cannot create the graph file: permission denied (directory \(directory) is not writable)")
                }
            }
            throw StoreError.sqlite(e)
        }
        database.setBusyTimeout(milliseconds: busyTimeoutMilliseconds)
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.db = database
        try checkAndMigrate(readOnly: readOnly)
    }

    private func checkAndMigrate(readOnly: Bool) throws {
        let appID: Int32, version: Int32, tables: Int64
        do {
            // One statement, so one snapshot: another process creating the same graph commits
            // its tables and its application id together, and must not be seen half-way.
            let row = try db.rows("""
                SELECT (SELECT application_id FROM pragma_application_id()),
                       (SELECT user_version FROM pragma_user_version()),
                       (SELECT count(*) FROM sqlite_schema)
                """).first ?? []
            appID = Int32(truncatingIfNeeded: row.first?.int ?? 0)
            version = Int32(truncatingIfNeeded: row.count > 1 ? row[1].int ?? 0 : 0)
            tables = row.count > 2 ? row[2].int ?? 0 : 0
        } catch let e as SQLiteError {
            if e.code & 0xFF == SQLITE_NOTADB { throw StoreError.notAGraph(path, reason: "not a SQLite database") }
            if e.code & 0xFF == SQLITE_CORRUPT { throw StoreError.notAGraph(path, reason: "the file is corrupt") }
            throw StoreError.sqlite(e)
        }
        if appID != Schema.applicationID {
            if appID != 0 || tables > 0 {
                throw StoreError.notAGraph(path, reason: "a SQLite database made by something else")
            }
        }
        if version > Schema.version {
            throw StoreError.newerSchema(path, found: version, supported: Schema.version)
        }
        try db.execute("PRAGMA foreign_keys = ON")
        if readOnly { return }
        do {
            // WAL lets a REPL read while an ingest writes; NORMAL sync is durable at checkpoints
            // and safe against corruption in WAL mode.
            // Switching a new file to WAL needs it to itself, and SQLite answers BUSY at once
            // rather than through the busy handler when two processes create one graph together.
            try retryWhileBusy {
                if try db.scalar("PRAGMA journal_mode")?.string != "wal" {
                    _ = try db.scalar("PRAGMA journal_mode = WAL")
                }
            }
            try db.execute("PRAGMA synchronous = NORMAL")
            if version < Schema.version {
                try retryWhileBusy { try db.transaction {
                    // Re-read inside the write lock: another process may have migrated meanwhile.
                    let current = Int32(truncatingIfNeeded: try db.scalar("PRAGMA user_version")?.int ?? 0)
                    guard current < Schema.version else { return }
                    for step in Int(current)..<Int(Schema.version) { try db.execute(Schema.migrations[step]) }
                    try db.execute("PRAGMA application_id = \(Schema.applicationID)")
                    try db.execute("PRAGMA user_version = \(Schema.version)")
                } }
            }
        } catch let e as SQLiteError {
            if e.code & 0xFF == SQLITE_READONLY { throw StoreError.readOnly(path) }
            throw StoreError.sqlite(e)
        }
    }

    /// Runs `body` again while SQLite reports the file busy, for up to the busy timeout.
    private func retryWhileBusy(_ body: () throws -> Void) throws {
        let deadline = Date().addingTimeInterval(Double(busyTimeoutMilliseconds) / 1000)
        while true {
            do {
                return try body()
            } catch let e as SQLiteError where e.code & 0xFF == SQLITE_BUSY && Date() < deadline {
                usleep(20_000)
            }
        }
    }

    // MARK: Transactions

    /// Runs `body` in a transaction, a savepoint when nested, like `Database.transaction(_:)`.
    /// Until the outermost one ends the store remembers what it read and wrote of name keys,
    /// node labels and properties, and alias lists: ingest asks about the same nodes for fact
    /// after fact, and a well-known node's alias list, extended by each document that names it,
    /// is written once at the end rather than rewritten whole per document. New triple, support
    /// and name-key rows are held back and written several to a statement (`rowsPerInsert`),
    /// before the store itself next reads those tables. The write lock is held throughout, so
    /// no other connection changes the graph meanwhile; writes made through `db` directly
    /// inside it are not seen by the store's memory, and reads through `db` directly may miss
    /// rows held back: neither must be mixed in.
    /// The next transaction takes over what this one knew, unless the file changed in between:
    /// another connection committed (`PRAGMA data_version`) or this one wrote outside a store
    /// transaction (its change count).
    @discardableResult
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        guard let session else {
            let kept = keptSession
            keptSession = nil
            var used: WriteSession?
            let result = try db.transaction { () throws -> T in
                let mark = try changeMark()
                let session = kept.flatMap { $0.mark == mark ? $0.session : nil } ?? WriteSession()
                // Counts are of documents added in this transaction only.
                session.owned.removeAll()
                session.nextTriple = nil
                used = session
                self.session = session
                defer { self.session = nil }
                let result = try body()
                try writePendingRows()
                try session.writeAliases(store: self)
                return result
            }
            if let used, used.isSmall { keptSession = (used, try changeMark()) }
            return result
        }
        try writePendingRows()
        session.beginSavepoint()
        do {
            let result = try db.transaction(body)
            session.releaseSavepoint()
            return result
        } catch {
            session.rollBackSavepoint()
            throw error
        }
    }

    struct ChangeMark: Equatable {
        var dataVersion: Int64
        var changes: Int64
    }

    private func changeMark() throws -> ChangeMark {
        ChangeMark(dataVersion: try db.scalar("PRAGMA data_version")?.int ?? 0, changes: db.totalChanges)
    }

    /// Writes out what the session holds back and forgets what it knows, before a change whose
    /// effects (deletes and their cascades) it does not follow.
    private func forgetSession() throws {
        guard let session else { return }
        try writePendingRows()
        try session.writeAliases(store: self)
        session.forget()
    }

    // MARK: Nodes, labels, properties

    @discardableResult
    public func createNode() throws -> Int64 {
        try db.run("INSERT INTO node(id) VALUES (NULL)")
        let id = db.lastInsertRowID
        session?.created(id)
        return id
    }

    public func nodeExists(_ id: Int64) throws -> Bool {
        try db.scalar("SELECT 1 FROM node WHERE id = ?", [.integer(id)]) != nil
    }

    /// Adds a label; a label already there gains `provenance.document` as a further supporter.
    public func addLabel(_ label: String, to node: Int64, provenance: Provenance = .none) throws {
        if let existing = try fact(.label, label, of: node) {
            try addSupport(triple: existing.id, owner: existing.document, document: provenance.document)
            return
        }
        let id = try insertTriple(subject: node, kind: .label, predicate: label, object: .null, datatype: nil, provenance: provenance, qualifiers: nil)
        session?.wrote(Fact(id: id, object: .null, document: provenance.document), .label, label, of: node)
    }

    public func removeLabel(_ label: String, from node: Int64) throws {
        try forgetSession()
        try db.run("DELETE FROM triple WHERE s = ? AND k = 0 AND p = ?", [.integer(node), .text(label)])
    }

    public enum PropertyPolicy: Sendable {
        /// The value replaces whatever was there (a user's edit).
        case replace
        /// An existing value stands; a new key is added (extractors: the first document wins).
        case keepExisting
    }

    public func setProperty(_ key: String, _ value: PropertyValue, on node: Int64,
                            provenance: Provenance = .none, policy: PropertyPolicy = .replace) throws {
        let (object, datatype) = ValueCodec.encode(value)
        // The session's copy of an alias list would go stale: it is written out and dropped.
        if key == "aliases" { try session?.forgetAliases(of: node, store: self) }
        if let existing = try fact(.property, key, of: node) {
            if existing.object == object {
                try addSupport(triple: existing.id, owner: existing.document, document: provenance.document)
            } else if policy == .replace {
                try updateTriple(existing.id, object: object, datatype: datatype, provenance: provenance, previousDocument: existing.document)
                session?.wrote(Fact(id: existing.id, object: object, document: provenance.document), .property, key, of: node, datatype: datatype)
            }
            return
        }
        let id = try insertTriple(subject: node, kind: .property, predicate: key, object: object, datatype: datatype, provenance: provenance, qualifiers: nil)
        session?.wrote(Fact(id: id, object: object, document: provenance.document), .property, key, of: node, datatype: datatype)
    }

    public func removeProperty(_ key: String, from node: Int64) throws {
        try forgetSession()
        try db.run("DELETE FROM triple WHERE s = ? AND k = 1 AND p = ?", [.integer(node), .text(key)])
    }

    public func property(_ key: String, of node: Int64) throws -> PropertyValue? {
        try writePendingRows()
        try session?.writeAliases(store: self)
        guard let row = try db.rows("SELECT o, dt FROM triple WHERE s = ? AND k = 1 AND p = ?", [.integer(node), .text(key)]).first else { return nil }
        return ValueCodec.decode(row[0], datatype: row[1].string)
    }

    /// Appends to the node's `aliases` list (no duplicates, never the node's own name).
    public func addAlias(_ alias: String, to node: Int64, provenance: Provenance = .none) throws {
        if case .string(let name)? = try property("name", of: node), name == alias { return }
        var aliases: [PropertyValue] = []
        if case .list(let existing)? = try property("aliases", of: node) { aliases = existing }
        if aliases.contains(.string(alias)) { return }
        aliases.append(.string(alias))
        try setProperty("aliases", .list(aliases), on: node, provenance: provenance, policy: .replace)
    }

    /// Appends names to the node's `aliases` list in one write, leaving out those already in it
    /// and repeats; `except` (the node's name) is never added. The stored JSON is searched and
    /// extended as bytes: a well-known node's list grows with every document that names it, and
    /// decoding and re-encoding it each time made ingest slow down as the graph grew. Written
    /// like `setProperty(_:_:on:provenance:policy: .replace)`: the row takes `provenance`.
    /// Inside `transaction(_:)` a list that is already stored is rewritten once, when the
    /// transaction ends, however many documents extend it.
    public func appendAliases(_ names: [String], to node: Int64, except: String?, provenance: Provenance = .none) throws {
        var list = try session?.aliases(of: node, store: self) ?? loadAliases(of: node)
        var added = false
        for name in names where name != except {
            added = list.append(Array(JSONText.string(name).utf8)) || added
        }
        guard added else { return }
        if let row = list.row {
            if let session {
                list.pending = provenance
                session.took(provenance.document, from: list.document)
                list.document = provenance.document
                session.setAliases(list, of: node)
                return
            }
            try updateTriple(row, object: .blob(list.bytes), datatype: nil, provenance: provenance, previousDocument: list.document)
        } else {
            list.row = try insertTriple(subject: node, kind: .property, predicate: "aliases", object: .blob(list.bytes), datatype: nil,
                                        provenance: provenance, qualifiers: nil)
            list.document = provenance.document
            session?.setAliases(list, of: node)
        }
    }

    /// The node's `aliases` row as stored; a value that is not a list of JSON reads as an empty
    /// list (so the next append replaces it).
    fileprivate func loadAliases(of node: Int64) throws -> AliasList {
        try writePendingRows()
        guard let row = try db.rows("SELECT id, o, doc FROM triple WHERE s = ? AND k = 1 AND p = 'aliases'", [.integer(node)]).first else {
            return AliasList()
        }
        var list = AliasList()
        list.row = row[0].int
        list.document = row[2].int
        if case .blob(let stored) = row[1], let elements = Self.topLevelStrings(ofListBlob: stored) {
            list.bytes = stored
            list.elements = Set(elements.map { Array(stored[$0]) })
        }
        return list
    }

    /// Writes a list a transaction extended: the row and its provenance, as `appendAliases` would have.
    fileprivate func writeAliases(_ list: AliasList) throws {
        guard let row = list.row, let provenance = list.pending else { return }
        try writePendingRows()
        try db.run("UPDATE triple SET o = ?, dt = NULL, doc = ?, evidence = ?, extractor = ?, date = ?, confidence = ? WHERE id = ?",
                   [.blob(list.bytes)] + provenanceColumns(provenance) + [.integer(row)])
        try db.run("DELETE FROM support WHERE triple = ?", [.integer(row)])
    }

    /// The byte ranges (quotes included) of the string elements of a list value as stored
    /// (`ValueTag.list`, then JSON text); nil when the blob is not a well-formed JSON array.
    static func topLevelStrings(ofListBlob b: [UInt8]) -> [Range<Int>]? {
        guard b.count >= 3, b[0] == ValueTag.list.rawValue else { return nil }
        var out: [Range<Int>] = []
        var i = 1
        func skipSpace() { while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 } }
        /// Past a string starting at `i`; false when it does not close.
        func skipString() -> Bool {
            i += 1
            while i < b.count {
                if b[i] == UInt8(ascii: "\\") { i += 2; continue }
                if b[i] == UInt8(ascii: "\"") { i += 1; return true }
                i += 1
            }
            return false
        }
        skipSpace()
        guard i < b.count, b[i] == UInt8(ascii: "[") else { return nil }
        i += 1
        skipSpace()
        if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; skipSpace(); return i == b.count ? out : nil }
        while i < b.count {
            skipSpace()
            guard i < b.count else { return nil }
            if b[i] == UInt8(ascii: "\"") {
                let start = i
                guard skipString() else { return nil }
                out.append(start..<i)
            } else {
                // Any other value: to the next comma or bracket at this depth.
                var depth = 0
                while i < b.count {
                    let c = b[i]
                    if c == UInt8(ascii: "\"") { guard skipString() else { return nil }; continue }
                    if c == UInt8(ascii: "[") || c == UInt8(ascii: "{") { depth += 1 }
                    else if c == UInt8(ascii: "]") || c == UInt8(ascii: "}") { if depth == 0 { break }; depth -= 1 }
                    else if c == UInt8(ascii: ","), depth == 0 { break }
                    i += 1
                }
            }
            skipSpace()
            guard i < b.count else { return nil }
            if b[i] == UInt8(ascii: ",") { i += 1; continue }
            if b[i] == UInt8(ascii: "]") { i += 1; skipSpace(); return i == b.count ? out : nil }
            return nil
        }
        return nil
    }

    /// A node's labels and its `name` property only: what resolution compares, without
    /// decoding a long alias list. Nil when there is no such node.
    public func labelsAndName(of id: Int64) throws -> NodeRecord? {
        if let known = session?.summaries[id] { return known }
        try writePendingRows()
        guard try nodeExists(id) else { return nil }
        var labels: [String] = []
        var properties: [String: PropertyValue] = [:]
        for row in try db.rows("SELECT k, p, o, dt FROM triple WHERE s = ? AND k < 2 AND (k = 0 OR p = 'name') ORDER BY k, p", [.integer(id)]) {
            guard let key = row[1].string else { continue }
            if row[0].int == 0 { labels.append(key) }
            else if let value = ValueCodec.decode(row[2], datatype: row[3].string) { properties[key] = value }
        }
        let record = NodeRecord(id: id, labels: labels, properties: properties)
        session?.summaries[id] = record
        return record
    }

    /// Records a folded name under which resolution finds the node.
    /// Inside a transaction, a key whose nodes the session knows waits to be written with
    /// others: `nodes(forNameKey:)` answers it from the session, and reads SQLite only for keys
    /// the session does not know.
    public func addNameKey(_ key: String, for node: Int64) throws {
        if let session, let known = session.nameKeys[key] {
            // Sorted, as `nodes(forNameKey:)` reads them.
            guard let index = known.insertionIndex(of: node) else { return }
            session.nameKeys[key]?.insert(node, at: index)
            session.pendingNameKeys.append((key, node))
            if session.pendingNameKeys.count == Self.rowsPerInsert { try writePendingRows() }
            return
        }
        try insertNameKeys([(key, node)])
    }

    public func nodes(forNameKey key: String) throws -> [Int64] {
        if let known = session?.nameKeys[key] { return known }
        let statement = try self.statement(.selectNameKey)
        try statement.bind(.text(key), at: 1)
        var nodes: [Int64] = []
        while try statement.step() { nodes.append(statement.int(at: 0)) }
        sqlite3_reset(statement.handle)
        session?.nameKeys[key] = nodes
        return nodes
    }

    // MARK: Relationships

    @discardableResult
    public func addRelationship(from start: Int64, type: String, to end: Int64,
                                provenance: Provenance = .none,
                                qualifiers: [String: PropertyValue] = [:]) throws -> Int64 {
        let qual: String? = qualifiers.isEmpty ? nil :
            JSONValue.object(qualifiers.sorted { $0.key < $1.key }.map { ($0.key, JSONValue(property: $0.value)) }).text
        return try insertTriple(subject: start, kind: .relationship, predicate: type, object: .integer(end), datatype: nil,
                                provenance: provenance, qualifiers: qual)
    }

    public func removeRelationship(_ id: Int64) throws {
        try forgetSession()
        try db.run("DELETE FROM triple WHERE id = ? AND k = 2", [.integer(id)])
    }

    @discardableResult
    private func insertTriple(subject: Int64, kind: Schema.Kind, predicate: String, object: SQLValue, datatype: String?,
                              provenance: Provenance, qualifiers: String?) throws -> Int64 {
        var row = PendingTriple(id: nil, subject: subject, kind: kind, predicate: predicate, object: object, datatype: datatype,
                                provenance: provenance, qualifiers: qualifiers)
        guard let session else {
            try insertTriples([row])
            return db.lastInsertRowID
        }
        let id = try session.nextTriple ?? (try db.scalar("SELECT coalesce(max(id), 0) + 1 FROM triple")?.int ?? 1)
        session.nextTriple = id + 1
        row.id = id
        session.pendingTriples.append(row)
        session.took(provenance.document, from: nil)
        if session.pendingTriples.count == Self.rowsPerInsert { try writePendingRows() }
        return id
    }

    /// Gives a label or property row a new value and provenance; its former supporters no
    /// longer stand behind it.
    private func updateTriple(_ id: Int64, object: SQLValue, datatype: String?, provenance: Provenance, previousDocument: Int64?) throws {
        try writePendingRows()
        try db.run("UPDATE triple SET o = ?, dt = ?, doc = ?, evidence = ?, extractor = ?, date = ?, confidence = ? WHERE id = ?",
                   [object, datatype.map(SQLValue.text) ?? .null] + provenanceColumns(provenance) + [.integer(id)])
        try db.run("DELETE FROM support WHERE triple = ?", [.integer(id)])
        session?.took(provenance.document, from: previousDocument)
    }

    /// The node's label or property row `predicate` (the first, should there be several).
    private func fact(_ kind: Schema.Kind, _ predicate: String, of node: Int64) throws -> Fact? {
        if let known = session?.fact(kind, predicate, of: node) { return known }
        try writePendingRows()
        let statement = try self.statement(.selectFact)
        try statement.bind(.integer(node), at: 1)
        try statement.bind(.integer(kind.rawValue), at: 2)
        try statement.bind(.text(predicate), at: 3)
        let fact = try statement.step()
            ? Fact(id: statement.int(at: 0), object: statement.value(at: 1), document: statement.value(at: 2).int)
            : nil
        sqlite3_reset(statement.handle)
        session?.read(fact, kind, predicate, of: node)
        return fact
    }

    private func provenanceColumns(_ p: Provenance) -> [SQLValue] {
        [p.document.map(SQLValue.integer) ?? .null,
         p.evidence.map(SQLValue.text) ?? .null,
         p.extractor.map(SQLValue.text) ?? .null,
         p.date.map(SQLValue.text) ?? .null,
         p.confidence.map(SQLValue.real) ?? .null]
    }

    /// Records `document` as a further supporter of a triple that `owner` (its `doc`) holds.
    /// A plain one-row insert: an INSERT … SELECT made SQLite open a statement journal each time.
    /// Inside a transaction the row waits to be written with others.
    private func addSupport(triple: Int64, owner: Int64?, document: Int64?) throws {
        guard let document, let owner, owner != document else { return }
        guard let session else { return try insertSupport([(triple, document)]) }
        session.pendingSupport.append((triple, document))
        if session.pendingSupport.count == Self.rowsPerInsert { try writePendingRows() }
    }

    // MARK: Documents

    public struct DocumentRow: Sendable {
        public var id: Int64
        public var path: String
        public var format: String
        public var hash: String
        public var bytes: Int64
        public var ingestedAt: String
        public var node: Int64?
    }

    public func document(path: String) throws -> DocumentRow? {
        try db.rows("SELECT id, path, format, hash, bytes, ingested_at, node FROM document WHERE path = ?", [.text(path)])
            .first.map(Self.documentRow)
    }

    public func document(id: Int64) throws -> DocumentRow? {
        try db.rows("SELECT id, path, format, hash, bytes, ingested_at, node FROM document WHERE id = ?", [.integer(id)])
            .first.map(Self.documentRow)
    }

    public func documents() throws -> [DocumentRow] {
        try db.rows("SELECT id, path, format, hash, bytes, ingested_at, node FROM document ORDER BY id").map(Self.documentRow)
    }

    private static func documentRow(_ r: [SQLValue]) -> DocumentRow {
        DocumentRow(id: r[0].int ?? 0, path: r[1].string ?? "", format: r[2].string ?? "", hash: r[3].string ?? "",
                    bytes: r[4].int ?? 0, ingestedAt: r[5].string ?? "", node: r[6].int)
    }

    /// Adds a document row (replacing nothing: remove the old one first) and returns its id.
    public func addDocument(path: String, format: String, hash: String, bytes: Int64, node: Int64? = nil) throws -> Int64 {
        let now = Date().ISO8601Format()
        try db.run("INSERT INTO document(path, format, hash, bytes, ingested_at, node) VALUES (?, ?, ?, ?, ?, ?)",
                   [.text(path), .text(format), .text(hash), .integer(bytes), .text(now), node.map(SQLValue.integer) ?? .null])
        let id = db.lastInsertRowID
        session?.owned[id] = 0
        return id
    }

    /// How many triples the document holds (their `doc`). Counted as they are written for a
    /// document added in the open transaction, instead of asked of SQLite.
    public func tripleCount(document: Int64) throws -> Int {
        if let counted = session?.owned[document] { return counted }
        try writePendingRows()
        return Int(try db.scalar("SELECT count(*) FROM triple WHERE doc = ?", [.integer(document)])?.int ?? 0)
    }

    public func setDocumentNode(_ document: Int64, node: Int64) throws {
        try db.run("UPDATE document SET node = ? WHERE id = ?", [.integer(node), .integer(document)])
    }

    /// Removes a document and exactly the triples it contributed: labels and properties that
    /// another document also supports pass to that document; nodes left with no facts at all
    /// (and that this document had touched) go too.
    public func removeDocument(_ id: Int64) throws {
        try transaction {
            // The deletes below reach nodes, name keys and alias lists: what the session holds goes.
            try forgetSession()
            defer { session?.forget() }
            let doc = SQLValue.integer(id)
            try db.run("CREATE TEMP TABLE IF NOT EXISTS kg_touched(node INTEGER PRIMARY KEY)")
            try db.run("DELETE FROM temp.kg_touched")
            try db.run("INSERT OR IGNORE INTO temp.kg_touched SELECT s FROM triple WHERE doc = ?", [doc])
            try db.run("INSERT OR IGNORE INTO temp.kg_touched SELECT o FROM triple WHERE doc = ? AND k = 2", [doc])
            try db.run("INSERT OR IGNORE INTO temp.kg_touched SELECT node FROM document WHERE id = ? AND node IS NOT NULL", [doc])
            // Hand supported facts to a remaining supporter.
            try db.run("""
                UPDATE triple SET doc = (SELECT min(s.doc) FROM support s WHERE s.triple = triple.id AND s.doc <> ?1)
                WHERE doc = ?1 AND id IN (SELECT triple FROM support WHERE doc <> ?1)
                """, [doc])
            try db.run("DELETE FROM support WHERE doc = ?1 OR (triple, doc) IN (SELECT id, doc FROM triple WHERE id IN (SELECT triple FROM support))", [doc])
            try db.run("DELETE FROM triple WHERE doc = ?", [doc])
            try db.run("DELETE FROM document WHERE id = ?", [doc])
            // A touched node left with no labels, properties or relationships is gone, and so
            // is one left with only a name or aliases (no label, no relationship): what the
            // removed document alone said. What refers to a node goes with it, written out
            // rather than left to the foreign keys' cascades, which ingest turns off.
            try db.run("CREATE TEMP TABLE IF NOT EXISTS kg_gone(node INTEGER PRIMARY KEY)")
            try db.run("DELETE FROM temp.kg_gone")
            try db.run("""
                INSERT INTO temp.kg_gone SELECT t.node FROM temp.kg_touched t
                WHERE EXISTS (SELECT 1 FROM node WHERE id = t.node)
                  AND NOT EXISTS (SELECT 1 FROM triple WHERE s = t.node AND (k <> 1 OR doc IS NULL))
                  AND NOT EXISTS (SELECT 1 FROM triple WHERE o = t.node AND k = 2)
                """)
            try db.run("DELETE FROM support WHERE triple IN (SELECT id FROM triple WHERE s IN temp.kg_gone)")
            try db.run("DELETE FROM triple WHERE s IN temp.kg_gone")
            try db.run("DELETE FROM alias WHERE node IN temp.kg_gone")
            try db.run("UPDATE document SET node = NULL WHERE node IN temp.kg_gone")
            try db.run("DELETE FROM node WHERE id IN temp.kg_gone")
            try db.run("DELETE FROM temp.kg_gone")
            try db.run("DELETE FROM temp.kg_touched")
        }
    }

    // MARK: Reading

    public func node(_ id: Int64) throws -> NodeRecord? {
        try writePendingRows()
        try session?.writeAliases(store: self)
        guard try nodeExists(id) else { return nil }
        var labels: [String] = []
        var properties: [String: PropertyValue] = [:]
        for row in try db.rows("SELECT k, p, o, dt FROM triple WHERE s = ? AND k < 2 ORDER BY k, p", [.integer(id)]) {
            guard let key = row[1].string else { continue }
            if row[0].int == 0 { labels.append(key) }
            else if let value = ValueCodec.decode(row[2], datatype: row[3].string) { properties[key] = value }
        }
        return NodeRecord(id: id, labels: labels, properties: properties)
    }

    /// The SQL that selects a relationship's columns, in the order `relationshipRecord(_:)` reads.
    public static let relationshipColumns =
        "t.id, t.p, t.s, t.o, t.date, t.evidence, d.path, t.extractor, t.confidence, t.qual"
    public static let relationshipFrom = "triple t LEFT JOIN document d ON d.id = t.doc"

    public func relationship(_ id: Int64) throws -> RelationshipRecord? {
        try writePendingRows()
        return try db.rows("SELECT \(Self.relationshipColumns) FROM \(Self.relationshipFrom) WHERE t.id = ? AND t.k = 2", [.integer(id)])
            .first.map(Self.relationshipRecord)
    }

    public static func relationshipRecord(_ r: [SQLValue]) -> RelationshipRecord {
        var properties: [String: PropertyValue] = [:]
        if case .text(let q) = r[9], case .object(let pairs)? = try? JSONValue.parse(q) {
            for (k, v) in pairs { if let p = v.propertyValue { properties[k] = p } }
        }
        if let date = ValueCodec.decode(r[4], datatype: "date") { properties["date"] = date }
        if let evidence = ValueCodec.decode(r[5]) { properties["evidence"] = evidence }
        if properties["source"] == nil, let source = r[6].string { properties["source"] = .string(source) }
        if let extractor = ValueCodec.decode(r[7]) { properties["extractor"] = extractor }
        if let confidence = ValueCodec.decode(r[8]) { properties["confidence"] = confidence }
        return RelationshipRecord(id: r[0].int ?? 0, type: r[1].string ?? "", start: r[2].int ?? 0, end: r[3].int ?? 0,
                                  properties: properties)
    }

    /// Streams every node in id order with its labels and properties; memory stays flat.
    public func forEachNode(_ body: (NodeRecord) throws -> Void) throws {
        try writePendingRows()
        try session?.writeAliases(store: self)
        let statement = try db.prepare("""
            SELECT n.id, t.k, t.p, t.o, t.dt FROM node n LEFT JOIN triple t ON t.s = n.id AND t.k < 2
            ORDER BY n.id, t.k, t.p
            """)
        var current: NodeRecord?
        while try statement.step() {
            let id = statement.int(at: 0)
            if current?.id != id {
                if let c = current { try body(c) }
                current = NodeRecord(id: id, labels: [], properties: [:])
            }
            guard case .integer(let kind) = statement.value(at: 1), let key = statement.string(at: 2) else { continue }
            if kind == 0 { current?.labels.append(key) }
            else if let value = ValueCodec.decode(statement.value(at: 3), datatype: statement.string(at: 4)) {
                current?.properties[key] = value
            }
        }
        if let c = current { try body(c) }
    }

    /// Streams every relationship in id order.
    public func forEachRelationship(_ body: (RelationshipRecord) throws -> Void) throws {
        try writePendingRows()
        let statement = try db.prepare("SELECT \(Self.relationshipColumns) FROM \(Self.relationshipFrom) WHERE t.k = 2 ORDER BY t.id")
        while try statement.step() {
            try body(Self.relationshipRecord((0..<10).map { statement.value(at: $0) }))
        }
    }

    public func stats() throws -> GraphStats {
        try writePendingRows()
        let nodes = Int(try db.scalar("SELECT count(*) FROM node")?.int ?? 0)
        let triples = Int(try db.scalar("SELECT count(*) FROM triple")?.int ?? 0)
        let documents = Int(try db.scalar("SELECT count(*) FROM document")?.int ?? 0)
        let labels = try db.rows("SELECT p, count(*) FROM triple WHERE k = 0 GROUP BY p ORDER BY count(*) DESC, p")
            .map { ($0[0].string ?? "", Int($0[1].int ?? 0)) }
        let types = try db.rows("SELECT p, count(*) FROM triple WHERE k = 2 GROUP BY p ORDER BY count(*) DESC, p")
            .map { ($0[0].string ?? "", Int($0[1].int ?? 0)) }
        let pageCount = try db.scalar("PRAGMA page_count")?.int ?? 0
        let pageSize = try db.scalar("PRAGMA page_size")?.int ?? 0
        return GraphStats(nodes: nodes, relationships: types.reduce(0) { $0 + $1.1 }, triples: triples,
                          documents: documents, fileBytes: pageCount * pageSize, labels: labels, relationshipTypes: types)
    }
}

extension JSONValue {
    public init(property: PropertyValue) {
        switch property {
        case .string(let s), .date(let s): self = .string(s)
        case .integer(let i): self = .integer(i)
        case .float(let d): self = .float(d)
        case .boolean(let b): self = .bool(b)
        case .list(let items): self = .array(items.map(JSONValue.init(property:)))
        }
    }
}

/// A triple row not yet written.
struct PendingTriple {
    var id: Int64?
    var subject: Int64
    var kind: Schema.Kind
    var predicate: String
    var object: SQLValue
    var datatype: String?
    var provenance: Provenance
    var qualifiers: String?
}

/// A label or property row as the store compares it.
struct Fact: Sendable {
    var id: Int64
    var object: SQLValue
    var document: Int64?
}

/// A node's `aliases` list: the value's bytes (`ValueTag.list`, then JSON) and its top-level
/// strings as encoded, to test a name against without decoding the list.
struct AliasList {
    /// The triple's id; nil while the node has no `aliases` row.
    var row: Int64?
    var bytes: [UInt8] = [ValueTag.list.rawValue, UInt8(ascii: "["), UInt8(ascii: "]")]
    var elements: Set<[UInt8]> = []
    /// The row's `doc`, as stored or as it will be written.
    var document: Int64?
    /// Set when `bytes` is ahead of the stored row: the provenance it is to be written with.
    var pending: Provenance?

    /// Appends an encoded JSON string unless it is already an element; true when appended.
    mutating func append(_ encoded: [UInt8]) -> Bool {
        guard elements.insert(encoded).inserted else { return false }
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
        while let last = bytes.last, isSpace(last) { bytes.removeLast() }
        bytes.removeLast()   // "]"
        while let last = bytes.last, isSpace(last) { bytes.removeLast() }
        if bytes.last != UInt8(ascii: "[") { bytes.append(UInt8(ascii: ",")) }
        bytes += encoded
        bytes.append(UInt8(ascii: "]"))
        return true
    }
}

/// What one `GraphStore.transaction(_:)` knows of the graph: a mirror of rows it read or wrote
/// (name keys, label and property rows, labels and names, alias lists) and the alias lists it
/// has extended but not yet written. Savepoints keep an undo record of the alias lists, the one
/// thing not also in SQLite; the mirrors are simply dropped when a savepoint rolls back.
final class WriteSession {
    private struct FactKey: Hashable {
        var node: Int64
        var kind: Int64
        var predicate: String
    }

    /// Folded name → nodes, sorted, as the `alias` table holds them.
    var nameKeys: [String: [Int64]] = [:]
    /// Labels and name of nodes, as `labelsAndName(of:)` reads them.
    var summaries: [Int64: NodeRecord] = [:]
    /// Label and property rows looked up or written; nil for a row known to be absent.
    private var facts: [FactKey: Fact?] = [:]
    /// Nodes created in this transaction: they have no rows but those in `facts`.
    private var createdNodes: Set<Int64> = []
    /// Triples held by each document added in this transaction.
    var owned: [Int64: Int] = [:]
    /// Triple, support and name-key rows not yet written (see `GraphStore.writePendingRows`).
    var pendingTriples: [PendingTriple] = []
    /// The id the next triple is given; nil when SQLite must be asked (one past the largest).
    var nextTriple: Int64?
    var pendingSupport: [(triple: Int64, document: Int64)] = []
    var pendingNameKeys: [(key: String, node: Int64)] = []
    private var aliasLists: [Int64: AliasList] = [:]
    /// Per open savepoint, the alias lists as they were when it began (nil: not in memory).
    private var undo: [[Int64: AliasList?]] = []

    /// Small enough to keep between transactions; a session is dropped when it grows past this.
    var isSmall: Bool { facts.count + nameKeys.count + summaries.count < 50_000 }

    func created(_ node: Int64) {
        createdNodes.insert(node)
        summaries[node] = NodeRecord(id: node, labels: [], properties: [:])
    }

    /// Known: the row (or `.some(nil)` for none); nil when SQLite must be asked. An `aliases`
    /// row is never known here: `aliasLists` follows it.
    func fact(_ kind: Schema.Kind, _ predicate: String, of node: Int64) -> Fact?? {
        if kind == .property && predicate == "aliases" { return nil }
        if let known = facts[FactKey(node: node, kind: kind.rawValue, predicate: predicate)] { return known }
        return createdNodes.contains(node) ? .some(nil) : nil
    }

    func read(_ fact: Fact?, _ kind: Schema.Kind, _ predicate: String, of node: Int64) {
        if kind == .property && predicate == "aliases" { return }
        facts[FactKey(node: node, kind: kind.rawValue, predicate: predicate)] = .some(fact)
    }

    func wrote(_ fact: Fact, _ kind: Schema.Kind, _ predicate: String, of node: Int64, datatype: String? = nil) {
        read(fact, kind, predicate, of: node)
        guard summaries[node] != nil else { return }
        switch kind {
        case .label:
            if let labels = summaries[node]?.labels, !labels.contains(predicate) {
                let index = labels.firstIndex { predicate.utf8.lexicographicallyPrecedes($0.utf8) } ?? labels.count
                summaries[node]?.labels.insert(predicate, at: index)
            }
        case .property where predicate == "name":
            summaries[node]?.properties["name"] = ValueCodec.decode(fact.object, datatype: datatype)
        default:
            break
        }
    }

    /// A row now holds `document` in place of `previous`.
    func took(_ document: Int64?, from previous: Int64?) {
        guard let document, document != previous, owned[document] != nil else { return }
        owned[document]! += 1
    }

    func aliases(of node: Int64, store: GraphStore) throws -> AliasList {
        if let list = aliasLists[node] { return list }
        // A node made in this transaction has no list but one in `aliasLists`, unless
        // `forgetAliases(of:store:)` let go of it.
        let list = createdNodes.contains(node) ? AliasList() : try store.loadAliases(of: node)
        setAliases(list, of: node)
        return list
    }

    func setAliases(_ list: AliasList?, of node: Int64) {
        if !undo.isEmpty && undo[undo.count - 1][node] == nil {
            undo[undo.count - 1][node] = .some(aliasLists[node])
        }
        aliasLists[node] = list
    }

    /// Writes every alias list that is ahead of its row.
    func writeAliases(store: GraphStore) throws {
        for node in aliasLists.keys.filter({ aliasLists[$0]?.pending != nil }) {
            guard var list = aliasLists[node] else { continue }
            try store.writeAliases(list)
            list.pending = nil
            setAliases(list, of: node)
        }
    }

    /// Writes out and forgets the node's alias list, before its row is changed another way.
    func forgetAliases(of node: Int64, store: GraphStore) throws {
        // Its `aliases` row is now written another way: what the node holds must be read.
        createdNodes.remove(node)
        guard let list = aliasLists[node] else { return }
        try store.writeAliases(list)
        setAliases(nil, of: node)
    }

    /// Drops every mirror; call with no alias list pending.
    func forget() {
        nextTriple = nil
        nameKeys.removeAll()
        summaries.removeAll()
        facts.removeAll()
        createdNodes.removeAll()
        owned.removeAll()
        for node in Array(aliasLists.keys) { setAliases(nil, of: node) }
    }

    func beginSavepoint() { undo.append([:]) }

    func releaseSavepoint() {
        let released = undo.removeLast()
        if !undo.isEmpty { undo[undo.count - 1].merge(released) { outer, _ in outer } }
    }

    /// SQLite undid the savepoint's writes: the alias lists go back to what they were, and the
    /// mirrors, which may hold rows that no longer exist, are dropped.
    func rollBackSavepoint() {
        for (node, list) in undo.removeLast() { aliasLists[node] = list }
        // Written before the savepoint began, so all of these were the savepoint's own.
        pendingTriples.removeAll()
        nextTriple = nil
        pendingSupport.removeAll()
        pendingNameKeys.removeAll()
        nameKeys.removeAll()
        summaries.removeAll()
        facts.removeAll()
        createdNodes.removeAll()
        owned.removeAll()
    }
}

extension Array where Element == Int64 {
    /// Where `value` goes in this sorted array; nil when it is already there.
    fileprivate func insertionIndex(of value: Int64) -> Int? {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if self[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low < count && self[low] == value ? nil : low
    }
}
