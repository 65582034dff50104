import CSQLite
import Foundation
import KGStore

/// What `EXPLAIN` shows: each SQL statement the query runs and SQLite's plan for it.
public struct Explanation: Sendable, CustomStringConvertible {
    public struct Entry: Sendable {
        public var sql: String
        public var plan: [String]
    }
    public var entries: [Entry]

    public var description: String {
        entries.map { entry in
            entry.sql + "\n-- plan:\n" + entry.plan.map { "--   " + $0 }.joined(separator: "\n")
        }.joined(separator: "\n\n")
    }
}

/// Runs Cypher statements against a graph: parse, check, compile to SQL, run, and assemble
/// nodes and relationships for the result. One engine per connection (not thread-safe, except
/// `interrupt()`).
public final class QueryEngine: @unchecked Sendable {
    public let store: GraphStore
    private let functions: SQLFunctions
    private var db: Database { store.db }

    public init(store: GraphStore) throws {
        self.store = store
        self.functions = try SQLFunctions(db: store.db)
    }

    /// Stops the running statement; callable from another thread. The statement fails with an
    /// `Interrupted` error and changes nothing.
    public func interrupt() { store.db.interrupt() }

    /// Splits a script into statements at `;` (outside strings and comments).
    public static func split(_ script: String) -> [ScriptStatement] { Script.split(script) }

    // MARK: Running

    public func execute(_ text: String, parameters: [String: CypherValue] = [:]) throws -> QueryResult {
        var rows: [[CypherValue]] = []
        var columns: [String] = []
        let stats = try execute(text, parameters: parameters, columns: { columns = $0 }, row: { rows.append($0) })
        return QueryResult(columns: columns, rows: rows, statistics: stats)
    }

    /// Streams the result: `columns` once, then `row` per row, so memory stays bounded.
    /// Returns the statistics (writes; for PROFILE, `rows` and `microseconds`).
    @discardableResult
    public func execute(_ text: String, parameters: [String: CypherValue] = [:],
                        columns: ([String]) throws -> Void, row: ([CypherValue]) throws -> Void) throws -> [String: Int] {
        do {
            let statement = try Parser.parse(text)
            let params = try parameters.mapValues(QueryEngine.val)
            if statement.mode == .explain {
                let explanation = try explain(statement, text: text, parameters: params)
                try columns(["plan"])
                for entry in explanation.entries {
                    try row([.string(entry.sql)])
                    for line in entry.plan { try row([.string("  " + line)]) }
                }
                return [:]
            }
            let plan = try compile(statement, text: text, parameters: params)
            let start = DispatchTime.now().uptimeNanoseconds
            var count = 0
            var stats = try run(plan, columns: columns) { values in
                count += 1
                try row(values)
            }
            if statement.mode == .profile {
                stats["rows"] = count
                stats["microseconds"] = Int((DispatchTime.now().uptimeNanoseconds - start) / 1000)
            }
            return stats
        } catch var error as QueryError {
            if error.query == nil && error.position != nil { error.query = text }
            throw error
        } catch let error as SQLiteError {
            throw QueryEngine.translate(error)
        } catch let error as StoreError {
            if case .sqlite(let e) = error { throw QueryEngine.translate(e) }
            throw QueryError(.databaseError, nil, error.description)
        }
    }

    public func explain(_ text: String, parameters: [String: CypherValue] = [:]) throws -> Explanation {
        do {
            var statement = try Parser.parse(text)
            statement.mode = .run
            return try explain(statement, text: text, parameters: try parameters.mapValues(QueryEngine.val))
        } catch var error as QueryError {
            if error.query == nil && error.position != nil { error.query = text }
            throw error
        } catch let error as SQLiteError {
            throw QueryEngine.translate(error)
        }
    }

    static func translate(_ error: SQLiteError) -> QueryError {
        if let q = SQLFunctions.queryError(from: error.message) { return q }
        if error.isInterrupt { return QueryError(.interrupted, nil, "the query was interrupted") }
        return QueryError(.databaseError, nil, error.description)
    }

    private func compile(_ statement: Statement, text: String, parameters: [String: Val]) throws -> Plan {
        let compiler = Compiler(text: text, parameters: parameters) { [db] sql, params in
            let s = try db.prepare(sql)
            try QueryEngine.bind(s, params)
            guard try s.step() else { return .null }
            return ValCodec.decode(s.value(at: 0))
        }
        return try compiler.compile(statement)
    }

    private func explain(_ statement: Statement, text: String, parameters: [String: Val]) throws -> Explanation {
        let plan = try compile(statement, text: text, parameters: parameters)
        var entries: [Explanation.Entry] = []
        var sqls: [String] = []
        for step in plan.steps {
            switch step {
            case .materialize(_, _, let sql): sqls.append(sql)
            case .write(let w): sqls.append(w.sql)
            }
        }
        if let final = plan.finalSQL { sqls.append(final) }
        for sql in sqls {
            var lines: [String] = []
            // Steps after a writing clause read temp tables that exist only while the query runs.
            if let s = try? db.prepare("EXPLAIN QUERY PLAN " + sql) {
                try QueryEngine.bind(s, plan.parameters)
                while try s.step() { lines.append((s.string(at: 3) ?? "")) }
            } else {
                lines.append("(planned when the statement runs: it reads rows of an earlier writing clause)")
            }
            entries.append(Explanation.Entry(sql: sql, plan: lines))
        }
        return Explanation(entries: entries)
    }

    static func bind(_ s: KGStore.Statement, _ params: [SQLValue]) throws {
        let count = Int(sqlite3_bind_parameter_count(s.handle))
        for i in 0..<min(count, params.count) { try s.bind(params[i], at: Int32(i + 1)) }
    }

    static func val(_ c: CypherValue) throws -> Val {
        switch c {
        case .null: return .null
        case .boolean(let b): return .bool(b)
        case .integer(let i): return .int(i)
        case .float(let d): return .float(d)
        case .string(let s): return .string(s)
        case .list(let items): return .list(try items.map(val))
        case .map(let m): return .map(try m.mapValues(val))
        case .node(let n): return .node(n.id)
        case .relationship(let r): return .rel(r.id)
        case .path(let nodes, let rels): return .path(nodes: nodes.map(\.id), rels: rels.map(\.id))
        }
    }

    private func run(_ plan: Plan, columns: ([String]) throws -> Void, row: ([CypherValue]) throws -> Void) throws -> [String: Int] {
        var stats: [String: Int] = [:]
        func body() throws {
            var writer = Writer(store: self.store, params: plan.parameters)
            defer {
                for table in plan.temporaryTables { try? self.db.execute("DROP TABLE IF EXISTS temp.\(table)") }
            }
            for step in plan.steps {
                switch step {
                case .materialize(let table, let cols, let sql):
                    try self.db.execute("DROP TABLE IF EXISTS temp.\(table)")
                    try self.db.execute("CREATE TEMP TABLE \(table)(kg_row\(cols.map { ", " + $0 }.joined()))")
                    let s = try self.db.prepare("INSERT INTO temp.\(table) " + sql)
                    try QueryEngine.bind(s, plan.parameters)
                    while try s.step() {}
                case .write(let w):
                    try writer.run(w)
                }
            }
            stats = writer.stats
            try columns(plan.columns)
            if let sql = plan.finalSQL {
                let s = try self.db.prepare(sql)
                try QueryEngine.bind(s, plan.parameters)
                var cache = RecordCache(store: self.store, reader: self.functions.reader)
                let n = plan.columns.count
                while try s.step() {
                    var values: [CypherValue] = []
                    values.reserveCapacity(n)
                    for i in 0..<n { values.append(try cache.value(s.value(at: i), type: plan.columnTypes[i])) }
                    try row(values)
                }
            }
        }
        if plan.isWriting {
            try db.transaction { try body() }
        } else {
            try body()
        }
        return stats
    }
}

/// Assembles nodes and relationships of a result from their triples, each once per query.
struct RecordCache {
    let store: GraphStore
    let reader: GraphReader
    var nodes: [Int64: NodeRecord] = [:]
    var rels: [Int64: RelationshipRecord] = [:]

    init(store: GraphStore, reader: GraphReader) {
        self.store = store
        self.reader = reader
    }

    mutating func node(_ id: Int64) throws -> NodeRecord {
        if let n = nodes[id] { return n }
        let n = try store.node(id) ?? NodeRecord(id: id, labels: [], properties: [:])
        nodes[id] = n
        return n
    }

    mutating func rel(_ id: Int64) throws -> RelationshipRecord {
        if let r = rels[id] { return r }
        let r = try reader.relationship(id) ?? RelationshipRecord(id: id, type: "", start: 0, end: 0, properties: [:])
        rels[id] = r
        return r
    }

    mutating func value(_ v: SQLValue, type: VarType) throws -> CypherValue {
        switch (type, v) {
        case (_, .null): return .null
        case (.node, .integer(let id)): return .node(try node(id))
        case (.rel, .integer(let id)): return .relationship(try rel(id))
        default: return try convert(ValCodec.decode(v))
        }
    }

    mutating func convert(_ v: Val) throws -> CypherValue {
        switch v {
        case .null: return .null
        case .bool(let b): return .boolean(b)
        case .int(let i): return .integer(i)
        case .float(let d): return .float(d)
        case .string(let s): return .string(s)
        case .list(let items): return .list(try items.map { try convert($0) })
        case .map(let m): return .map(try m.mapValues { try convert($0) })
        case .node(let id): return .node(try node(id))
        case .rel(let id): return .relationship(try rel(id))
        case .path(let ns, let rs): return .path(nodes: try ns.map { try node($0) }, relationships: try rs.map { try rel($0) })
        }
    }
}
