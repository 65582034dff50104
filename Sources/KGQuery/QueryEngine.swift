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

/// Bounds on one statement's run, so a REPL or script survives an accidental huge query.
public struct ExecutionLimits: Sendable, Equatable {
    /// Seconds the statement may run; it is then stopped with a `TimedOut` error.
    public var timeout: Double?
    /// Rows the result may have; at one more, delivery stops with a `RowLimitExceeded` error.
    public var maxRows: Int?

    public init(timeout: Double? = nil, maxRows: Int? = nil) {
        self.timeout = timeout
        self.maxRows = maxRows
    }
}

/// Runs Cypher statements against a graph: parse, check, compile to SQL, run, and assemble
/// nodes and relationships for the result. One engine per connection (not thread-safe, except
/// `interrupt()`).
public final class QueryEngine: @unchecked Sendable {
    public let store: GraphStore
    private let functions: SQLFunctions
    private var db: Database { store.db }

    /// Compiled plans by query text and parameter values (plans inline parameter-dependent
    /// choices, so both are the key), with the final statement kept prepared and bound: a
    /// repeated query skips parsing, compiling, preparing and binding.
    private struct PlanKey: Hashable {
        var text: String
        var parameters: [String: Val]
    }
    private final class CachedPlan {
        var plan: Plan
        var statement: KGStore.Statement?
        /// The statement holds the plan's parameters (bindings outlive a reset).
        var bound = false
        /// Set while it runs, so a nested call with the same text prepares its own.
        var running = false
        init(plan: Plan) { self.plan = plan }
    }
    private var plans: [PlanKey: CachedPlan] = [:]
    private static let planCacheSize = 128
    /// The last query run, found again without hashing its text (scripts and loops repeat one).
    private var last: (text: String, parameters: [String: CypherValue], plan: CachedPlan)?

    public init(store: GraphStore) throws {
        self.store = store
        self.functions = try SQLFunctions(db: store.db)
    }

    /// Stops the running statement; callable from another thread. The statement fails with an
    /// `Interrupted` error and changes nothing.
    public func interrupt() {
        functions.reader.cancellation.interrupt()
        store.db.interrupt()
    }

    /// Splits a script into statements at `;` (outside strings and comments).
    public static func split(_ script: String) -> [ScriptStatement] { Script.split(script) }

    // MARK: Running

    public func execute(_ text: String, parameters: [String: CypherValue] = [:], limits: ExecutionLimits = ExecutionLimits()) throws -> QueryResult {
        var rows: [[CypherValue]] = []
        var columns: [String] = []
        let stats = try execute(text, parameters: parameters, limits: limits, columns: { columns = $0 }, row: { rows.append($0) })
        return QueryResult(columns: columns, rows: rows, statistics: stats)
    }

    /// Streams the result: `columns` once, then `row` per row, so memory stays bounded.
    /// Returns the statistics (writes; for PROFILE, `rows` and `microseconds`).
    @discardableResult
    public func execute(_ text: String, parameters: [String: CypherValue] = [:], limits: ExecutionLimits = ExecutionLimits(),
                        columns: ([String]) throws -> Void, row: ([CypherValue]) throws -> Void) throws -> [String: Int] {
        functions.reader.cancellation.begin(timeout: limits.timeout)
        let deadline = limits.timeout.map { Deadline(db: db, seconds: $0) }
        defer { deadline?.remove() }
        do {
            var cached: CachedPlan?
            if let last, !last.plan.running, last.text == text, last.parameters == parameters { cached = last.plan }
            var params: [String: Val] = [:]
            var key: PlanKey?
            if cached == nil {
                params = try parameters.mapValues(QueryEngine.val)
                key = PlanKey(text: text, parameters: params)
                if let hit = plans[key!], !hit.running { cached = hit }
            }
            let mode: Statement.Mode
            if let cached {
                mode = cached.plan.mode
            } else {
                let statement = try Parser.parse(text)
                mode = statement.mode
                if statement.mode == .explain {
                    let explanation = try explain(statement, text: text, parameters: params)
                    try columns(["plan"])
                    for entry in explanation.entries {
                        try row([.string(entry.sql)])
                        for line in entry.plan { try row([.string("  " + line)]) }
                    }
                    return [:]
                }
                var plan = try compile(statement, text: text, parameters: params)
                plan.mode = statement.mode
                let fresh = CachedPlan(plan: plan)
                if plan.isReusable, plans[key!] == nil {
                    if plans.count >= QueryEngine.planCacheSize { plans.removeAll() }
                    plans[key!] = fresh
                }
                cached = fresh
            }
            let plan = cached!
            let start = DispatchTime.now().uptimeNanoseconds
            var count = 0
            plan.running = true
            defer { plan.running = false }
            var stats = try run(plan, limits: limits, deadline: deadline, columns: columns) { values in
                count += 1
                try row(values)
            }
            if mode == .profile {
                stats["rows"] = count
                stats["microseconds"] = Int((DispatchTime.now().uptimeNanoseconds - start) / 1000)
            }
            if plan.plan.isReusable { last = (text, parameters, plan) }
            return stats
        } catch var error as QueryError {
            if let deadline, deadline.passed, error.kind == .interrupted || error.kind == .databaseError {
                throw deadline.error
            }
            if error.query == nil && error.position != nil { error.query = text }
            throw error
        } catch let error as SQLiteError {
            if let deadline, deadline.passed { throw deadline.error }
            throw QueryEngine.translate(error)
        } catch let error as StoreError {
            if let deadline, deadline.passed { throw deadline.error }
            if case .sqlite(let e) = error { throw QueryEngine.translate(e) }
            throw QueryError(.databaseError, nil, error.description)
        }
    }

    /// A statement's time limit: SQLite's progress handler stops the running statement (as an
    /// interrupt) once the deadline has passed; the engine then reports it as `TimedOut`.
    final class Deadline {
        let seconds: Double
        let db: Database
        private let end: UnsafeMutablePointer<UInt64>

        init(db: Database, seconds: Double) {
            self.db = db
            self.seconds = seconds
            end = .allocate(capacity: 1)
            end.initialize(to: DispatchTime.now().uptimeNanoseconds + UInt64(max(0, seconds) * 1e9))
            // Every 1000 virtual-machine instructions: microseconds apart, negligible cost.
            sqlite3_progress_handler(db.handle, 1000, { context in
                guard let context else { return 0 }
                return DispatchTime.now().uptimeNanoseconds >= context.load(as: UInt64.self) ? 1 : 0
            }, UnsafeMutableRawPointer(end))
        }

        var passed: Bool { DispatchTime.now().uptimeNanoseconds >= end.pointee }

        var error: QueryError {
            let shown = seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
            return QueryError(.timedOut, nil, "the query timed out after \(shown) s")
        }

        func check() throws { if passed { throw error } }

        /// Uninstalls the handler; must run before the memory it reads goes away.
        func remove() {
            sqlite3_progress_handler(db.handle, 0, nil, nil)
        }

        deinit { end.deallocate() }
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
        // SQLite's own nesting limits, met by expressions the parser accepted (e.g. 200 nested
        // unary minuses): the generated SQL means nothing to the user, so it is not shown.
        if error.message.contains("parser stack overflow") || error.message.contains("Expression tree is too large") {
            return QueryError(.syntaxError, "ExpressionTooComplex", "the expression is nested too deeply to run (\(error.message))")
        }
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

    private func run(_ cached: CachedPlan, limits: ExecutionLimits, deadline: Deadline?,
                     columns: ([String]) throws -> Void, row: ([CypherValue]) throws -> Void) throws -> [String: Int] {
        let plan = cached.plan
        var stats: [String: Int] = [:]
        var kept = cached.statement
        func body() throws {
            var writer = Writer(store: self.store, params: plan.parameters)
            defer {
                for table in plan.temporaryTables { try? self.db.execute("DROP TABLE IF EXISTS temp.\(table)") }
            }
            for step in plan.steps {
                try deadline?.check()
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
            guard let sql = plan.finalSQL else { return }
            let s: KGStore.Statement
            var prepared = false
            if let kept { s = kept } else {
                s = try self.db.prepare(sql)
                prepared = true
                // Statements reading temp tables of earlier steps are not kept: those go away.
                if plan.steps.isEmpty { kept = s }
            }
            // Reset on every exit: a statement left mid-result would hold its read transaction
            // open. A kept statement keeps its bindings (the plan's parameters never change).
            defer { if kept === s { sqlite3_reset(s.handle) } else { s.reset() } }
            if prepared || !cached.bound {
                try QueryEngine.bind(s, plan.parameters)
                cached.bound = kept === s
            }
            var cache = RecordCache(store: self.store, reader: self.functions.reader)
            let n = plan.columns.count
            var delivered = 0
            var values: [CypherValue] = []
            values.reserveCapacity(n)
            while try s.step() {
                if let maxRows = limits.maxRows, delivered >= maxRows {
                    throw QueryError(.rowLimitExceeded, nil, "the result has more than \(maxRows) row\(maxRows == 1 ? "" : "s"); stopped after \(maxRows)")
                }
                values.removeAll(keepingCapacity: true)
                for i in 0..<n { values.append(try cache.value(s.value(at: i), type: plan.columnTypes[i])) }
                try row(values)
                delivered += 1
            }
        }
        if plan.isWriting {
            try db.transaction { try body() }
        } else {
            try body()
        }
        cached.statement = kept
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
