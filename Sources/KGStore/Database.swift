import CSQLite
import Foundation

/// A failure reported by SQLite, with the statement that caused it.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let message: String
    public let sql: String?
    /// The database file, when the failure is about the file rather than the statement.
    public var path: String? = nil

    public init(code: Int32, message: String, sql: String?, path: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
        self.path = path
    }

    /// Failures of the file or the machine (read-only, disk full, locked, damaged) say so in
    /// words a user can act on; the SQL is no help there. Anything else keeps the statement.
    public var description: String {
        let file = path.map { "\($0): " } ?? ""
        switch code & 0xFF {
        case SQLITE_READONLY:
            // SQLITE_READONLY_CANTLOCK, _CANTINIT, _DIRECTORY: compound macros Swift does not import.
            if [SQLITE_READONLY | (2 << 8), SQLITE_READONLY | (5 << 8), SQLITE_READONLY | (6 << 8)].contains(code) {
                return "\(file)cannot write: the graph's directory is read-only (SQLite keeps its -wal and -shm files beside the graph)"
            }
            return "\(file)cannot write: the graph file is read-only"
        case SQLITE_FULL:
            return "\(file)the disk is full (or the graph reached its size limit); the change was not written"
        case SQLITE_BUSY:
            return "\(file)the graph is locked by another process and stayed locked past the busy timeout"
        case SQLITE_IOERR:
            return "\(file)input/output error (\(message))"
        case SQLITE_CORRUPT, SQLITE_NOTADB:
            return "\(file)the graph file is damaged or not a graph (\(message))"
        default:
            if let sql, !sql.isEmpty { return "\(message) (SQLite code \(code)) in: \(sql)" }
            return "\(message) (SQLite code \(code))"
        }
    }

    /// True when the statement was stopped by `Database.interrupt()`.
    public var isInterrupt: Bool { code == SQLITE_INTERRUPT }
}

/// A connection to one SQLite file. Not thread-safe: one connection per thread, except
/// `interrupt()`, which SQLite allows from any thread.
public final class Database: @unchecked Sendable {
    public let handle: OpaquePointer
    public let path: String
    private var statementCache: [String: Statement] = [:]

    public struct OpenOptions: OptionSet, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        public static let readOnly = OpenOptions(rawValue: SQLITE_OPEN_READONLY)
        public static let readWrite = OpenOptions(rawValue: SQLITE_OPEN_READWRITE)
        public static let create = OpenOptions(rawValue: SQLITE_OPEN_CREATE)
    }

    public init(path: String, options: OpenOptions = [.readWrite, .create]) throws {
        var db: OpaquePointer?
        let flags = options.rawValue | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open database"
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: rc, message: "\(path): \(message)", sql: nil)
        }
        self.handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
    }

    deinit {
        statementCache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs SQL text that takes no parameters (schema changes, pragmas); may hold several statements.
    public func execute(_ sql: String) throws {
        var errmsg: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errmsg)
        if rc != SQLITE_OK {
            let message = errmsg.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(errmsg)
            throw SQLiteError(code: rc, message: message, sql: sql, path: path)
        }
    }

    /// A new prepared statement, owned by the caller.
    public func prepare(_ sql: String) throws -> Statement {
        try Statement(database: self, sql: sql)
    }

    /// A prepared statement kept for the connection's lifetime, reset and with bindings cleared,
    /// so hot paths prepare each SQL text once.
    public func cached(_ sql: String) throws -> Statement {
        if let statement = statementCache[sql] {
            statement.reset()
            return statement
        }
        let statement = try prepare(sql)
        statementCache[sql] = statement
        return statement
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    /// Nested calls become savepoints, so a helper that needs atomicity can always ask for it.
    /// The control statements are prepared once and kept: ingest opens a savepoint per document.
    @discardableResult
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        let nested = !isAutocommit
        let name = "kg_sp\(transactionDepth)"
        if nested { try run("SAVEPOINT \(name)") } else { try run("BEGIN IMMEDIATE") }
        transactionDepth += 1
        defer { transactionDepth -= 1 }
        do {
            let result = try body()
            if nested { try run("RELEASE \(name)") } else { try run("COMMIT") }
            return result
        } catch {
            if nested {
                try? run("ROLLBACK TO \(name)")
                try? run("RELEASE \(name)")
            } else {
                try? run("ROLLBACK")
            }
            throw error
        }
    }
    private var transactionDepth = 0

    public var isAutocommit: Bool { sqlite3_get_autocommit(handle) != 0 }
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    public var changes: Int { Int(sqlite3_changes(handle)) }
    /// Rows this connection has inserted, updated or deleted since it opened.
    public var totalChanges: Int64 { sqlite3_total_changes64(handle) }

    /// Stops whatever statement is running on this connection; safe from another thread or a
    /// signal-driven dispatch source.
    public func interrupt() { sqlite3_interrupt(handle) }

    public func setBusyTimeout(milliseconds: Int32) { sqlite3_busy_timeout(handle, milliseconds) }

    func error(_ rc: Int32, sql: String?) -> SQLiteError {
        SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql, path: path)
    }

    /// One value of the first row, or nil when there is no row.
    public func scalar(_ sql: String, _ bindings: [SQLValue] = []) throws -> SQLValue? {
        let statement = try cached(sql)
        try statement.bind(bindings)
        defer { sqlite3_reset(statement.handle) }
        guard try statement.step() else { return nil }
        return statement.value(at: 0)
    }

    /// All rows, for small result sets.
    public func rows(_ sql: String, _ bindings: [SQLValue] = []) throws -> [[SQLValue]] {
        let statement = try cached(sql)
        try statement.bind(bindings)
        var result: [[SQLValue]] = []
        while try statement.step() {
            result.append((0..<statement.columnCount).map { statement.value(at: $0) })
        }
        sqlite3_reset(statement.handle)
        return result
    }

    /// Runs a statement that returns no rows.
    public func run(_ sql: String, _ bindings: [SQLValue] = []) throws {
        let statement = try cached(sql)
        try statement.bind(bindings)
        while try statement.step() {}
        sqlite3_reset(statement.handle)
    }
}

/// A value as SQLite stores it.
public enum SQLValue: Hashable, Sendable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    public var int: Int64? { if case .integer(let v) = self { return v }; return nil }
    public var double: Double? {
        switch self {
        case .real(let v): return v
        case .integer(let v): return Double(v)
        default: return nil
        }
    }
    public var string: String? { if case .text(let v) = self { return v }; return nil }
    public var isNull: Bool { self == .null }
}

/// A prepared statement with typed binding.
public final class Statement {
    public let handle: OpaquePointer
    public let sql: String
    unowned let database: Database

    init(database: Database, sql: String) throws {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(database.handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw database.error(rc, sql: sql) }
        self.handle = stmt
        self.sql = sql
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    public func bind(_ values: [SQLValue]) throws {
        for (i, value) in values.enumerated() { try bind(value, at: Int32(i + 1)) }
    }

    public func bind(_ value: SQLValue, at index: Int32) throws {
        let rc: Int32
        switch value {
        case .null: rc = sqlite3_bind_null(handle, index)
        case .integer(let v): rc = sqlite3_bind_int64(handle, index, v)
        case .real(let v): rc = sqlite3_bind_double(handle, index, v)
        case .text(let v):
            // Explicit byte length, so text holding NUL is stored whole.
            var text = v
            rc = text.withUTF8 { bytes in
                guard let base = bytes.baseAddress, bytes.count > 0 else { return sqlite3_bind_text(handle, index, "", 0, csqlite_transient()) }
                return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    sqlite3_bind_text(handle, index, $0, Int32(bytes.count), csqlite_transient())
                }
            }
        case .blob(let v):
            rc = v.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), csqlite_transient()) }
        }
        if rc != SQLITE_OK { throw database.error(rc, sql: sql) }
    }

    /// Binds by parameter name (`:name`, `$name` or `@name`, as written in the SQL).
    public func bind(_ value: SQLValue, named name: String) throws {
        let index = sqlite3_bind_parameter_index(handle, name)
        guard index > 0 else { throw SQLiteError(code: SQLITE_RANGE, message: "no parameter \(name)", sql: sql) }
        try bind(value, at: index)
    }

    /// Runs the statement to its end, discarding rows, and resets it.
    public func run() throws {
        while try step() {}
        sqlite3_reset(handle)
    }

    /// Advances to the next row; false when done.
    public func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = database.error(rc, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    public var columnCount: Int { Int(sqlite3_column_count(handle)) }
    public func columnName(_ i: Int) -> String { String(cString: sqlite3_column_name(handle, Int32(i))) }

    public func value(at i: Int) -> SQLValue {
        let index = Int32(i)
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT:
            // Length-delimited, not C-string, so text holding NUL survives.
            let count = Int(sqlite3_column_bytes(handle, index))
            guard count > 0, let base = sqlite3_column_text(handle, index) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, index))
            guard count > 0, let base = sqlite3_column_blob(handle, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: base, count: count)))
        default: return .null
        }
    }

    public func int(at i: Int) -> Int64 { sqlite3_column_int64(handle, Int32(i)) }
    public func double(at i: Int) -> Double { sqlite3_column_double(handle, Int32(i)) }
    public func string(at i: Int) -> String? {
        guard let p = sqlite3_column_text(handle, Int32(i)) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, Int32(i)))
        return String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self)
    }
}
