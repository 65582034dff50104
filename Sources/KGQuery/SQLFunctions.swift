import CSQLite
import Foundation
import KGStore

/// Cypher's semantics as application-defined SQLite functions (`kg_*`), registered on the
/// connection, so the compiled SQL evaluates expressions, aggregates and sorts with Cypher's
/// rules while SQLite's planner does the joins.
final class SQLFunctions {
    /// Marks a function error as a Cypher error; `QueryEngine` turns it back into a `QueryError`.
    static let errorMarker = "\u{1}"

    static func message(for error: Error) -> String {
        if let q = error as? QueryError {
            return errorMarker + q.kind.rawValue + errorMarker + (q.code ?? "") + errorMarker + q.message
        }
        return errorMarker + QueryError.Kind.databaseError.rawValue + errorMarker + errorMarker + "\(error)"
    }

    /// The inverse of `message(for:)`; nil for SQLite's own errors.
    static func queryError(from message: String) -> QueryError? {
        guard let start = message.range(of: errorMarker) else { return nil }
        let parts = message[start.upperBound...].components(separatedBy: errorMarker)
        guard parts.count >= 3, let kind = QueryError.Kind(rawValue: parts[0]) else { return nil }
        return QueryError(kind, parts[1].isEmpty ? nil : parts[1], parts[2...].joined(separator: errorMarker))
    }

    static func setResult(_ ctx: OpaquePointer?, _ v: Val) {
        switch ValCodec.encode(v) {
        case .null: sqlite3_result_null(ctx)
        case .integer(let i): sqlite3_result_int64(ctx, i)
        case .real(let d): sqlite3_result_double(ctx, d)
        case .text(let s):
            // Explicit length: a string may hold NUL, which -1 would cut at.
            var s = s
            s.withUTF8 { bytes in
                guard let base = bytes.baseAddress, bytes.count > 0 else { sqlite3_result_text(ctx, "", 0, csqlite_transient()); return }
                sqlite3_result_text(ctx, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(bytes.count), csqlite_transient())
            }
        case .blob(let b): b.withUnsafeBytes { sqlite3_result_blob(ctx, $0.baseAddress, Int32($0.count), csqlite_transient()) }
        }
    }

    static func setBool(_ ctx: OpaquePointer?, _ b: Bool?) {
        if let b { sqlite3_result_int64(ctx, b ? 1 : 0) } else { sqlite3_result_null(ctx) }
    }

    /// The engine's reader as functions registered on its connection see it.
    final class WeakReader {
        weak var reader: GraphReader?
        init(_ reader: GraphReader) { self.reader = reader }

        func get() throws -> GraphReader {
            guard let reader else { throw QueryError(.databaseError, nil, "the query engine of this connection is gone") }
            return reader
        }
    }

    final class ScalarBox {
        let body: (OpaquePointer?, [Val]) throws -> Void
        init(_ body: @escaping (OpaquePointer?, [Val]) throws -> Void) { self.body = body }
    }

    final class AggregateBox {
        let make: () -> Aggregator
        init(_ make: @escaping () -> Aggregator) { self.make = make }
    }

    let db: Database
    let reader: GraphReader

    init(db: Database) throws {
        self.db = db
        self.reader = try GraphReader(db: db)
        try registerAll()
        try TableFunctions.register(on: db, reader: reader)
    }

    private func scalar(_ name: String, _ arity: Int32, pure: Bool = true, _ body: @escaping (OpaquePointer?, [Val]) throws -> Void) throws {
        let box = Unmanaged.passRetained(ScalarBox(body)).toOpaque()
        let flags = SQLITE_UTF8 | (pure ? SQLITE_DETERMINISTIC : 0)
        let rc = sqlite3_create_function_v2(db.handle, name, arity, flags, box, { ctx, argc, argv in
            let box = Unmanaged<ScalarBox>.fromOpaque(sqlite3_user_data(ctx)).takeUnretainedValue()
            var args: [Val] = []
            args.reserveCapacity(Int(argc))
            for i in 0..<Int(argc) { args.append(ValCodec.decode(argv![i])) }
            do { try box.body(ctx, args) } catch { sqlite3_result_error(ctx, SQLFunctions.message(for: error), -1) }
        }, nil, nil, { p in if let p { Unmanaged<ScalarBox>.fromOpaque(p).release() } })
        if rc != SQLITE_OK { throw QueryError(.databaseError, nil, "cannot register SQL function \(name) (SQLite code \(rc))") }
    }

    private func value(_ name: String, _ arity: Int32, pure: Bool = true, _ f: @escaping ([Val]) throws -> Val) throws {
        try scalar(name, arity, pure: pure) { ctx, a in SQLFunctions.setResult(ctx, try f(a)) }
    }

    private func predicate(_ name: String, _ arity: Int32, _ f: @escaping ([Val]) throws -> Bool?) throws {
        try scalar(name, arity) { ctx, a in SQLFunctions.setBool(ctx, try f(a)) }
    }

    private func aggregate(_ name: String, arity: Int32 = 1, _ make: @escaping () -> Aggregator) throws {
        let box = Unmanaged.passRetained(AggregateBox(make)).toOpaque()
        let rc = sqlite3_create_function_v2(db.handle, name, arity, SQLITE_UTF8, box, nil, { ctx, argc, argv in
            guard let slot = sqlite3_aggregate_context(ctx, Int32(MemoryLayout<UnsafeMutableRawPointer>.size))?
                .assumingMemoryBound(to: UnsafeMutableRawPointer?.self) else { sqlite3_result_error_nomem(ctx); return }
            if slot.pointee == nil {
                let box = Unmanaged<AggregateBox>.fromOpaque(sqlite3_user_data(ctx)).takeUnretainedValue()
                slot.pointee = Unmanaged.passRetained(AggregatorHolder(box.make())).toOpaque()
            }
            let holder = Unmanaged<AggregatorHolder>.fromOpaque(slot.pointee!).takeUnretainedValue()
            do {
                if argc == 2 { try holder.aggregator.step(ValCodec.decode(argv![0]), ValCodec.decode(argv![1])) }
                else { try holder.aggregator.step(ValCodec.decode(argv![0])) }
            } catch {
                sqlite3_result_error(ctx, SQLFunctions.message(for: error), -1)
            }
        }, { ctx in
            let slot = sqlite3_aggregate_context(ctx, 0)?.assumingMemoryBound(to: UnsafeMutableRawPointer?.self)
            let aggregator: Aggregator
            if let raw = slot?.pointee {
                aggregator = Unmanaged<AggregatorHolder>.fromOpaque(raw).takeRetainedValue().aggregator
                slot!.pointee = nil
            } else {
                aggregator = Unmanaged<AggregateBox>.fromOpaque(sqlite3_user_data(ctx)).takeUnretainedValue().make()
            }
            do { SQLFunctions.setResult(ctx, try aggregator.final()) } catch {
                sqlite3_result_error(ctx, SQLFunctions.message(for: error), -1)
            }
        }, { p in if let p { Unmanaged<AggregateBox>.fromOpaque(p).release() } })
        if rc != SQLITE_OK { throw QueryError(.databaseError, nil, "cannot register SQL function \(name) (SQLite code \(rc))") }
    }

    enum StringTest: Int { case prefix = 1, suffix, infix }

    /// STARTS WITH, ENDS WITH and CONTAINS straight on SQLite's UTF-8 bytes: they run once per
    /// scanned row (a substring scan is all calls), so they skip building `Val`s. Null unless
    /// both sides are strings.
    private func stringTest(_ name: String, _ test: StringTest) throws {
        let rc = sqlite3_create_function_v2(db.handle, name, 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                            UnsafeMutableRawPointer(bitPattern: test.rawValue), { ctx, _, argv in
            guard let argv, let a = argv[0], let b = argv[1],
                  sqlite3_value_type(a) == SQLITE_TEXT, sqlite3_value_type(b) == SQLITE_TEXT else {
                sqlite3_result_null(ctx)
                return
            }
            // Text first, then its length (the order SQLite documents).
            let text = UnsafeRawPointer(sqlite3_value_text(a)), textCount = Int(sqlite3_value_bytes(a))
            let part = UnsafeRawPointer(sqlite3_value_text(b)), partCount = Int(sqlite3_value_bytes(b))
            let found: Bool
            if partCount == 0 {
                found = true
            } else if partCount > textCount {
                found = false
            } else if let text, let part {
                switch StringTest(rawValue: Int(bitPattern: sqlite3_user_data(ctx))) {
                case .prefix?: found = memcmp(text, part, partCount) == 0
                case .suffix?: found = memcmp(text + (textCount - partCount), part, partCount) == 0
                default: found = SQLFunctions.bytes(text, textCount, contain: part, partCount)
                }
            } else {
                sqlite3_result_error_nomem(ctx)
                return
            }
            sqlite3_result_int64(ctx, found ? 1 : 0)
        }, nil, nil, nil)
        if rc != SQLITE_OK { throw QueryError(.databaseError, nil, "cannot register SQL function \(name) (SQLite code \(rc))") }
    }

    /// Whether `part` occurs in `text`: memchr to each candidate first byte, then memcmp.
    static func bytes(_ text: UnsafeRawPointer, _ textCount: Int, contain part: UnsafeRawPointer, _ partCount: Int) -> Bool {
        let first = Int32(part.load(as: UInt8.self))
        let lastStart = textCount - partCount
        var i = 0
        while i <= lastStart {
            guard let hit = memchr(text + i, first, lastStart - i + 1) else { return false }
            let at = text.distance(to: UnsafeRawPointer(hit))
            if memcmp(text + at, part, partCount) == 0 { return true }
            i = at + 1
        }
        return false
    }

    private func registerAll() throws {
        try value("kg_add", 2) { try Semantics.add($0[0], $0[1]) }
        try value("kg_addn", -1) { a in
            guard var sum = a.first else { return .null }
            for v in a.dropFirst() { sum = try Semantics.add(sum, v) }
            return sum
        }
        try value("kg_sub", 2) { try Semantics.sub($0[0], $0[1]) }
        try value("kg_mul", 2) { try Semantics.mul($0[0], $0[1]) }
        try value("kg_div", 2) { try Semantics.div($0[0], $0[1]) }
        try value("kg_mod", 2) { try Semantics.mod($0[0], $0[1]) }
        try value("kg_pow", 2) { try Semantics.pow($0[0], $0[1]) }
        try value("kg_neg", 1) { try Semantics.negate($0[0]) }
        try predicate("kg_eq", 2) { Semantics.equals($0[0], $0[1]) }
        try predicate("kg_neq", 2) { Semantics.equals($0[0], $0[1]).map { !$0 } }
        try predicate("kg_lt", 2) { Semantics.ordered($0[0], $0[1]) { $0 < 0 } }
        try predicate("kg_le", 2) { Semantics.ordered($0[0], $0[1]) { $0 <= 0 } }
        try predicate("kg_gt", 2) { Semantics.ordered($0[0], $0[1]) { $0 > 0 } }
        try predicate("kg_ge", 2) { Semantics.ordered($0[0], $0[1]) { $0 >= 0 } }
        try predicate("kg_truth", 1) { try Semantics.truth($0[0]) }
        try stringTest("kg_starts", .prefix)
        try stringTest("kg_ends", .suffix)
        try stringTest("kg_contains", .infix)
        let regexCache = RegexCache()
        try predicate("kg_regex", 2) { a in
            guard case .string(let s) = a[0], case .string(let pattern) = a[1] else { return nil }
            return try regexCache.fullMatch(pattern, s)
        }
        try predicate("kg_in", 2) { a in
            switch a[1] {
            case .null: return nil
            case .list(let items):
                var sawNull = false
                for item in items {
                    switch Semantics.equals(a[0], item) {
                    case true?: return true
                    case nil: sawNull = true
                    default: break
                    }
                }
                return sawNull ? nil : false
            default: throw QueryError(.typeError, "InvalidArgumentType", "IN expects a List but got \(a[1].typeName)")
            }
        }
        try value("kg_list", -1) { .list($0) }
        try value("kg_map", -1) { a in
            var m: [String: Val] = [:]
            var i = 0
            while i + 1 < a.count {
                if case .string(let k) = a[i] { m[k] = a[i + 1] }
                i += 2
            }
            return .map(m)
        }
        try value("kg_mapmerge", 2) { a in
            guard case .map(var m) = a[0], case .map(let extra) = a[1] else { return .null }
            m.merge(extra) { _, new in new }
            return .map(m)
        }
        try value("kg_node", 1) { a in if case .int(let id) = a[0] { return .node(id) }; return .null }
        try value("kg_rel", 1) { a in if case .int(let id) = a[0] { return .rel(id) }; return .null }
        try value("kg_nodeid", 1) { a in
            switch a[0] {
            case .null: return .null
            case .node(let id): return .int(id)
            default: throw QueryError(.typeError, "InvalidArgumentType", "expected a Node but got \(a[0].typeName)")
            }
        }
        try value("kg_relid", 1) { a in
            switch a[0] {
            case .null: return .null
            case .rel(let id): return .int(id)
            default: throw QueryError(.typeError, "InvalidArgumentType", "expected a Relationship but got \(a[0].typeName)")
            }
        }
        // Held weakly: the connection keeps these closures until it closes, and a strong
        // reference (reader → connection) would keep it open for ever.
        let held = WeakReader(reader)
        try value("kg_prop", 2, pure: false) { a in
            guard case .string(let key) = a[1] else { return .null }
            return try held.get().propertyOf(a[0], key)
        }
        try value("kg_relprop", 2, pure: false) { a in
            guard case .int(let id) = a[0], case .string(let key) = a[1] else { return .null }
            return try held.get().relationshipProperties(id)[key] ?? .null
        }
        try predicate("kg_haslabel", 2) { a in
            switch a[0] {
            case .null: return nil
            case .node(let id):
                guard case .string(let label) = a[1] else { return nil }
                return try held.get().labels(id).contains(label)
            default: throw QueryError(.typeError, "InvalidArgumentType", "expected a Node but got \(a[0].typeName)")
            }
        }
        try value("kg_index", 2, pure: false) { a in try SQLFunctions.index(a[0], a[1], held.get()) }
        // kg_slice(list, from, to, hasFrom, hasTo): a missing bound is open; an explicit null one makes null.
        try value("kg_slice", 5) { a in try SQLFunctions.slice(a[0], a[3] == .int(1) ? a[1] : nil, a[4] == .int(1) ? a[2] : nil) }
        try value("kg_deleted", 1, pure: false) { a in
            throw QueryError(.entityNotFound, "DeletedEntityAccess", "the \(a[0] == .int(0) ? "node" : "relationship") was deleted earlier in this statement")
        }
        try value("kg_sortrank", 1) { a in .int(Int64(Semantics.rank(a[0]))) }
        try scalar("kg_sortkey", 1) { ctx, a in
            let key = Semantics.sortKey(a[0])
            key.withUnsafeBytes { sqlite3_result_blob(ctx, $0.baseAddress, Int32($0.count), csqlite_transient()) }
        }
        // A variable-length segment's relationships (`,1,2,`) as a list of relationships.
        try value("kg_rellist", 1) { a in
            guard case .string(let text) = a[0] else { return .null }
            return .list(SQLFunctions.ids(text).map(Val.rel))
        }
        // True when the relationship-id lists share no id (relationship uniqueness across segments).
        try predicate("kg_disjoint", 2) { a in
            guard case .string(let x) = a[0], case .string(let y) = a[1] else { return true }
            let left = Set(SQLFunctions.ids(x))
            return !SQLFunctions.ids(y).contains(where: left.contains)
        }
        // kg_path(kind, payload, …): 0 node id; 1 relationship id; 2 segment (rels text, nodes text);
        // 3 segment walked backwards (rels text, nodes text, start node).
        try value("kg_path", -1) { a in
            var nodes: [Int64] = [], rels: [Int64] = []
            var i = 0
            var skipNode = false
            while i < a.count {
                guard case .int(let kind) = a[i] else { return .null }
                switch kind {
                case 0:
                    guard case .int(let id) = a[i + 1] else { return .null }
                    if !skipNode { nodes.append(id) }
                    skipNode = false
                    i += 2
                case 1:
                    guard case .int(let id) = a[i + 1] else { return .null }
                    rels.append(id)
                    i += 2
                case 2:
                    guard case .string(let r) = a[i + 1], case .string(let n) = a[i + 2] else { return .null }
                    rels += SQLFunctions.ids(r)
                    nodes += SQLFunctions.ids(n)
                    skipNode = true
                    i += 3
                default:
                    // Walked from the pattern's right end (kind 3: rels, nodes, start): its
                    // arrivals run back to the left node, which the path already holds.
                    guard i + 3 < a.count, case .string(let r) = a[i + 1], case .string(let n) = a[i + 2] else { return .null }
                    rels += SQLFunctions.ids(r).reversed()
                    let arrivals = Array(SQLFunctions.ids(n).reversed())
                    nodes += arrivals.dropFirst()
                    // An empty walk arrives nowhere: the right node is the left one.
                    skipNode = arrivals.isEmpty
                    i += 4
                }
            }
            return .path(nodes: nodes, rels: rels)
        }
        for (name, spec) in Functions.table {
            let arity: Int32 = spec.arity.count == 1 ? Int32(spec.arity.lowerBound) : -1
            let impl = spec.impl
            try value("kg_f_" + name, arity, pure: spec.pure) { a in
                var args = a
                return try impl(&args, held.get())
            }
        }
        try aggregate("kg_collect") { CollectAggregator(keepNulls: false) }
        try aggregate("kg_collectall") { CollectAggregator(keepNulls: true) }
        try aggregate("kg_sum") { SumAggregator() }
        try aggregate("kg_avg") { AvgAggregator() }
        try aggregate("kg_min") { MinMaxAggregator(max: false) }
        try aggregate("kg_max") { MinMaxAggregator(max: true) }
        try aggregate("kg_percentiledisc", arity: 2) { PercentileAggregator(continuous: false) }
        try aggregate("kg_percentilecont", arity: 2) { PercentileAggregator(continuous: true) }
        try aggregate("kg_stdev") { StDevAggregator(population: false) }
        try aggregate("kg_stdevp") { StDevAggregator(population: true) }
    }

    static func ids(_ text: String) -> [Int64] {
        text.split(separator: ",").compactMap { Int64($0) }
    }

    static func index(_ container: Val, _ index: Val, _ reader: GraphReader) throws -> Val {
        switch (container, index) {
        case (.null, _), (_, .null): return .null
        case let (.list(items), .int(i)):
            let k = i < 0 ? Int64(items.count) + i : i
            return k >= 0 && k < Int64(items.count) ? items[Int(k)] : .null
        case (.list, _):
            throw QueryError(.typeError, "InvalidArgumentType", "list index must be an Integer, not \(index.typeName)")
        case let (.map, .string(key)), let (.node, .string(key)), let (.rel, .string(key)):
            return try reader.propertyOf(container, key)
        case (.map, _), (.node, _), (.rel, _):
            throw QueryError(.typeError, "MapElementAccessByNonString", "map key must be a String, not \(index.typeName)")
        default:
            throw QueryError(.typeError, "InvalidArgumentType", "cannot index into \(container.typeName)")
        }
    }

    static func slice(_ container: Val, _ from: Val?, _ to: Val?) throws -> Val {
        guard case .list(let items) = container else {
            if container.isNull { return .null }
            throw QueryError(.typeError, "InvalidArgumentType", "cannot slice \(container.typeName)")
        }
        let n = Int64(items.count)
        func bound(_ v: Val, _ fallback: Int64) throws -> Int64? {
            switch v {
            case .null: return nil
            case .int(let i): return max(0, min(n, i < 0 ? n + i : i))
            default: throw QueryError(.typeError, "InvalidArgumentType", "slice bounds must be Integers")
            }
        }
        var lo: Int64 = 0, hi: Int64 = n
        if let from { guard let b = try bound(from, 0) else { return .null }; lo = b }
        if let to { guard let b = try bound(to, n) else { return .null }; hi = b }
        return lo >= hi ? .list([]) : .list(Array(items[Int(lo)..<Int(hi)]))
    }
}

final class RegexCache: @unchecked Sendable {
    private var cache: [String: NSRegularExpression] = [:]
    func fullMatch(_ pattern: String, _ s: String) throws -> Bool {
        let regex: NSRegularExpression
        if let r = cache[pattern] { regex = r } else {
            do { regex = try NSRegularExpression(pattern: "^(?:" + pattern + ")$", options: []) } catch {
                throw QueryError(.argumentError, "InvalidArgumentValue", "invalid regular expression: \(pattern)")
            }
            cache[pattern] = regex
        }
        return regex.firstMatch(in: s, options: [], range: NSRange(s.startIndex..., in: s)) != nil
    }
}

class Aggregator {
    func step(_ v: Val) throws {}
    /// Aggregates with a second, per-group argument (`percentileDisc(x, 0.5)`).
    func step(_ v: Val, _ argument: Val) throws { try step(v) }
    func final() throws -> Val { .null }
}

final class AggregatorHolder {
    let aggregator: Aggregator
    init(_ a: Aggregator) { aggregator = a }
}

final class CollectAggregator: Aggregator {
    var items: [Val] = []
    let keepNulls: Bool
    init(keepNulls: Bool) { self.keepNulls = keepNulls }
    override func step(_ v: Val) throws { if keepNulls || !v.isNull { items.append(v) } }
    override func final() throws -> Val { .list(items) }
}

final class SumAggregator: Aggregator {
    var int: Int64 = 0
    var float: Double = 0
    var isFloat = false
    override func step(_ v: Val) throws {
        switch v {
        case .null: return
        case .int(let i):
            if isFloat { float += Double(i) } else {
                let (r, o) = int.addingReportingOverflow(i)
                if o { throw Semantics.overflow("sum()") }
                int = r
            }
        case .float(let d):
            if !isFloat { isFloat = true; float = Double(int) }
            float += d
        default: throw QueryError(.typeError, "InvalidArgumentType", "sum() expects numbers but got \(v.typeName)")
        }
    }
    override func final() throws -> Val { isFloat ? .float(float) : .int(int) }
}

final class AvgAggregator: Aggregator {
    var sum: Double = 0
    var count = 0
    override func step(_ v: Val) throws {
        switch v {
        case .null: return
        case .int(let i): sum += Double(i); count += 1
        case .float(let d): sum += d; count += 1
        default: throw QueryError(.typeError, "InvalidArgumentType", "avg() expects numbers but got \(v.typeName)")
        }
    }
    override func final() throws -> Val { count == 0 ? .null : .float(sum / Double(count)) }
}

final class MinMaxAggregator: Aggregator {
    let max: Bool
    var best: Val = .null
    init(max: Bool) { self.max = max }
    override func step(_ v: Val) throws {
        if v.isNull { return }
        if best.isNull { best = v; return }
        let c = Semantics.orderCompare(v, best)
        if max ? c > 0 : c < 0 { best = v }
    }
    override func final() throws -> Val { best }
}

final class StDevAggregator: Aggregator {
    let population: Bool
    var values: [Double] = []
    init(population: Bool) { self.population = population }
    override func step(_ v: Val) throws {
        switch v {
        case .null: return
        case .int(let i): values.append(Double(i))
        case .float(let d): values.append(d)
        default: throw QueryError(.typeError, "InvalidArgumentType", "stDev() expects numbers but got \(v.typeName)")
        }
    }
    override func final() throws -> Val {
        let n = Double(values.count)
        let denominator = population ? n : n - 1
        if denominator <= 0 { return .float(0) }
        let mean = values.reduce(0, +) / n
        return .float((values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / denominator).squareRoot())
    }
}

/// percentileDisc / percentileCont: the value at (or interpolated at) a fraction of the sorted
/// non-null values; the fraction must be a number from 0 to 1.
final class PercentileAggregator: Aggregator {
    let continuous: Bool
    var values: [Val] = []
    var percentile = 0.0
    init(continuous: Bool) { self.continuous = continuous }
    var name: String { continuous ? "percentileCont" : "percentileDisc" }

    override func step(_ v: Val, _ argument: Val) throws {
        let p: Double
        switch argument {
        case .int(let i): p = Double(i)
        case .float(let d): p = d
        default: throw QueryError(.argumentError, "NumberOutOfRange", "\(name)() expects a percentile from 0 to 1 but got \(argument.typeName)")
        }
        guard p >= 0 && p <= 1 else {
            throw QueryError(.argumentError, "NumberOutOfRange", "\(name)() expects a percentile from 0 to 1 but got \(Semantics.formatFloat(p))")
        }
        percentile = p
        switch v {
        case .null: return
        case .int, .float: values.append(v)
        default: throw QueryError(.typeError, "InvalidArgumentType", "\(name)() expects numbers but got \(v.typeName)")
        }
    }

    override func final() throws -> Val {
        guard !values.isEmpty else { return .null }
        func number(_ v: Val) -> Double {
            switch v { case .int(let i): return Double(i); case .float(let d): return d; default: return .nan }
        }
        let sorted = values.sorted { number($0) < number($1) }
        let n = sorted.count
        if continuous {
            let position = percentile * Double(n - 1)
            let lower = Int(position.rounded(.down)), upper = Int(position.rounded(.up))
            let a = number(sorted[lower]), b = number(sorted[upper])
            return .float(a + (position - Double(lower)) * (b - a))
        }
        let index = percentile == 1 ? n - 1 : max(0, Int((percentile * Double(n)).rounded(.up)) - 1)
        return sorted[index]
    }
}
