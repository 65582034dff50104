import CSQLite
import Foundation
import KGStore

// kg's table-valued functions (kg_unwind, kg_series, kg_shortest, kg_reach, kg_walk) share one
// SQLite module: the C callbacks below only find the function's `TableFunction` (stored after
// the vtab) or the open `TableCursor` (stored after the cursor header) and call into Swift.
// Each function states its schema, its hidden argument columns and how its rows are made.

/// One open cursor of a table-valued function: `filter` computes the rows for one set of
/// arguments (the hidden columns' values, in order), the rest reads them.
class TableCursor {
    func filter(_ arguments: [Val]) throws {}
    var isAtEnd: Bool { true }
    func next() {}
    func column(_ index: Int32, _ context: OpaquePointer?) { sqlite3_result_null(context) }
    var rowid: Int64 { 0 }
}

/// Rows computed in full by `filter`, then read one by one.
final class RowsCursor<Row>: TableCursor {
    private var rows: [Row] = []
    private var index = 0
    private let compute: ([Val]) throws -> [Row]
    private let value: (_ row: Row, _ index: Int, _ column: Int32, _ context: OpaquePointer?) -> Void

    init(compute: @escaping ([Val]) throws -> [Row], value: @escaping (Row, Int, Int32, OpaquePointer?) -> Void) {
        self.compute = compute
        self.value = value
    }

    override func filter(_ arguments: [Val]) throws {
        rows = []
        index = 0
        rows = try compute(arguments)
    }
    override var isAtEnd: Bool { index >= rows.count }
    override func next() { index += 1 }
    override func column(_ column: Int32, _ context: OpaquePointer?) { value(rows[index], index, column, context) }
    override var rowid: Int64 { Int64(index) }
}

/// A table-valued function: `schema` declares result columns then `arguments` HIDDEN columns
/// starting at `firstArgument`, all of which must be bound by equality.
final class TableFunction {
    let name: String
    let schema: String
    let firstArgument: Int32
    let arguments: Int32
    /// Nil when the function can no longer run (its graph reader is gone).
    let open: () -> TableCursor?

    init(_ name: String, schema: String, firstArgument: Int32, arguments: Int32, open: @escaping () -> TableCursor?) {
        self.name = name
        self.schema = schema
        self.firstArgument = firstArgument
        self.arguments = arguments
        self.open = open
    }

    /// Registers the function on a connection, which keeps it until it closes.
    func register(on db: Database) throws {
        let aux = Unmanaged.passRetained(self).toOpaque()
        let rc = sqlite3_create_module_v2(db.handle, name, TableFunctionModule.shared, aux) { p in
            if let p { Unmanaged<TableFunction>.fromOpaque(p).release() }
        }
        if rc != SQLITE_OK { throw QueryError(.databaseError, nil, "cannot register \(name) (SQLite code \(rc))") }
    }
}

/// The one C module behind every `TableFunction`.
private enum TableFunctionModule {
    /// Immutable once built; SQLite only reads it.
    nonisolated(unsafe) static let shared: UnsafeMutablePointer<sqlite3_module> = {
        let module = UnsafeMutablePointer<sqlite3_module>.allocate(capacity: 1)
        module.initialize(to: sqlite3_module())
        module.pointee.xConnect = { db, aux, _, _, vtabOut, _ in
            guard let aux else { return SQLITE_ERROR }
            let function = Unmanaged<TableFunction>.fromOpaque(aux).takeUnretainedValue()
            let rc = sqlite3_declare_vtab(db, function.schema)
            if rc != SQLITE_OK { return rc }
            guard let vtab = sqlite3_malloc(Int32(vtabSize)) else { return SQLITE_NOMEM }
            memset(vtab, 0, vtabSize)
            (vtab + vtabHeaderSize).assumingMemoryBound(to: UnsafeMutableRawPointer?.self).pointee = aux
            vtabOut?.pointee = vtab.assumingMemoryBound(to: sqlite3_vtab.self)
            return SQLITE_OK
        }
        module.pointee.xBestIndex = { vtab, info in
            let f = function(of: vtab)
            return bestIndex(info, firstArgument: f.firstArgument, arguments: f.arguments)
        }
        module.pointee.xDisconnect = { vtab in sqlite3_free(vtab); return SQLITE_OK }
        module.pointee.xOpen = { vtab, cursorOut in
            guard let state = function(of: vtab).open() else { return SQLITE_ERROR }
            guard let cursor = CursorMemory.allocate(state) else { return SQLITE_NOMEM }
            cursorOut?.pointee = cursor
            return SQLITE_OK
        }
        module.pointee.xClose = { cursor in CursorMemory.free(cursor); return SQLITE_OK }
        module.pointee.xFilter = { cursor, _, _, argc, argv in
            let arguments = (0..<Int(argc)).map { ValCodec.decode(argv![$0]) }
            do {
                try CursorMemory.state(cursor).filter(arguments)
            } catch {
                setVTabError(cursor, error)
                return SQLITE_ERROR
            }
            return SQLITE_OK
        }
        module.pointee.xNext = { cursor in CursorMemory.state(cursor).next(); return SQLITE_OK }
        module.pointee.xEof = { cursor in CursorMemory.state(cursor).isAtEnd ? 1 : 0 }
        module.pointee.xColumn = { cursor, context, column in
            CursorMemory.state(cursor).column(column, context)
            return SQLITE_OK
        }
        module.pointee.xRowid = { cursor, rowid in
            rowid?.pointee = CursorMemory.state(cursor).rowid
            return SQLITE_OK
        }
        return module
    }()

    /// The vtab is followed by the function's pointer, like the cursors by their state.
    static let vtabHeaderSize = (MemoryLayout<sqlite3_vtab>.size + 7) & ~7
    static let vtabSize = vtabHeaderSize + MemoryLayout<UnsafeMutableRawPointer>.size

    static func function(of vtab: UnsafeMutablePointer<sqlite3_vtab>?) -> TableFunction {
        let aux = (UnsafeMutableRawPointer(vtab!) + vtabHeaderSize).assumingMemoryBound(to: UnsafeMutableRawPointer.self).pointee
        return Unmanaged<TableFunction>.fromOpaque(aux).takeUnretainedValue()
    }
}

/// Cursor memory: SQLite's cursor header followed by a pointer to the Swift state.
private enum CursorMemory {
    static let headerSize = (MemoryLayout<sqlite3_vtab_cursor>.size + 7) & ~7
    static let size = headerSize + MemoryLayout<UnsafeMutableRawPointer>.size

    static func allocate(_ state: TableCursor) -> UnsafeMutablePointer<sqlite3_vtab_cursor>? {
        guard let raw = sqlite3_malloc(Int32(size)) else { return nil }
        memset(raw, 0, size)
        (raw + headerSize).assumingMemoryBound(to: UnsafeMutableRawPointer.self).pointee = Unmanaged.passRetained(state).toOpaque()
        return raw.assumingMemoryBound(to: sqlite3_vtab_cursor.self)
    }

    static func state(_ cursor: UnsafeMutablePointer<sqlite3_vtab_cursor>?) -> TableCursor {
        let raw = UnsafeMutableRawPointer(cursor!) + headerSize
        return Unmanaged<TableCursor>.fromOpaque(raw.assumingMemoryBound(to: UnsafeMutableRawPointer.self).pointee).takeUnretainedValue()
    }

    static func free(_ cursor: UnsafeMutablePointer<sqlite3_vtab_cursor>?) {
        let raw = UnsafeMutableRawPointer(cursor!) + headerSize
        Unmanaged<TableCursor>.fromOpaque(raw.assumingMemoryBound(to: UnsafeMutableRawPointer.self).pointee).release()
        sqlite3_free(cursor)
    }
}

private func setVTabError(_ cursor: UnsafeMutablePointer<sqlite3_vtab_cursor>?, _ error: Error) {
    guard let vtab = cursor?.pointee.pVtab else { return }
    if let old = vtab.pointee.zErrMsg { sqlite3_free(old) }
    let message = SQLFunctions.message(for: error)
    let bytes = Array(message.utf8) + [0]
    guard let buffer = sqlite3_malloc(Int32(bytes.count)) else { return }
    bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
    vtab.pointee.zErrMsg = buffer.assumingMemoryBound(to: CChar.self)
}

/// Shared shape of kg's table-valued functions: hidden argument columns that must all be bound
/// by equality, and rows produced by a Swift cursor.
private func bestIndex(_ info: UnsafeMutablePointer<sqlite3_index_info>?, firstArgument: Int32, arguments: Int32) -> Int32 {
    guard let info else { return SQLITE_ERROR }
    var found = [Int32](repeating: -1, count: Int(arguments))
    for i in 0..<Int(info.pointee.nConstraint) {
        let c = info.pointee.aConstraint[i]
        let argument = c.iColumn - firstArgument
        guard argument >= 0 && argument < arguments, c.op == UInt8(SQLITE_INDEX_CONSTRAINT_EQ) else { continue }
        if c.usable == 0 { return SQLITE_CONSTRAINT }
        found[Int(argument)] = Int32(i)
    }
    for (argument, constraint) in found.enumerated() {
        guard constraint >= 0 else { return SQLITE_CONSTRAINT }
        info.pointee.aConstraintUsage[Int(constraint)].argvIndex = Int32(argument + 1)
        info.pointee.aConstraintUsage[Int(constraint)].omit = 1
    }
    info.pointee.estimatedCost = 10
    info.pointee.estimatedRows = 10
    return SQLITE_OK
}

/// The hop bounds and types of a variable-length pattern, as the compiler passes them:
/// `types` (a list of strings, empty for any), `direction` (0 out, 1 in, 2 either), `minHops`,
/// `maxHops` (null: unbounded). Nil when a bound is not an integer (no rows).
struct HopArguments {
    var types: [String] = []
    var direction: Int
    var minHops: Int
    var maxHops = Int.max

    init?(_ a: ArraySlice<Val>) {
        let a = Array(a)
        guard a.count == 4, case .int(let direction) = a[1], case .int(let minHops) = a[2] else { return nil }
        if case .list(let items) = a[0] { for case .string(let t) in items { types.append(t) } }
        self.direction = Int(direction)
        self.minHops = Int(minHops)
        if case .int(let m) = a[3] { maxHops = Int(m) }
    }
}

enum TableFunctions {
    static func register(on db: Database, reader: GraphReader) throws {
        for function in [unwind, series, shortest(reader), reach(reader), walk(reader)] { try function.register(on: db) }
    }

    /// `kg_unwind(list)`: one row per element (`value`), for UNWIND and list comprehensions.
    /// Null gives no rows; a value that is not a list gives itself, as Cypher's UNWIND does.
    static var unwind: TableFunction {
        TableFunction("kg_unwind", schema: "CREATE TABLE x(value, idx, list HIDDEN)", firstArgument: 2, arguments: 1) {
            RowsCursor<Val>(compute: { arguments in
                switch arguments.first ?? .null {
                case .null: return []
                case .list(let items): return items
                case let value: return [value]
                }
            }, value: { item, index, column, context in
                if column == 0 { SQLFunctions.setResult(context, item) }
                else if column == 1 { sqlite3_result_int64(context, Int64(index)) }
                else { sqlite3_result_null(context) }
            })
        }
    }

    /// `kg_series(from, to, step)`: `UNWIND range(...)` without building the list, so a huge range
    /// streams and stops at --max-rows or --timeout. Arguments are checked as range() checks them;
    /// `step` is null when range() had two arguments.
    static var series: TableFunction {
        TableFunction("kg_series", schema: "CREATE TABLE x(value, idx, start HIDDEN, stop HIDDEN, step HIDDEN)",
                      firstArgument: 2, arguments: 3) { SeriesCursor() }
    }

    final class SeriesCursor: TableCursor {
        var current: Int64 = 0
        var to: Int64 = 0
        var step: Int64 = 1
        var index: Int64 = 0
        var done = true

        override func filter(_ arguments: [Val]) throws {
            done = true
            guard arguments.count == 3 else { return }
            let bounds = arguments[2] == .null ? Array(arguments[0..<2]) : arguments
            let (from, to, by) = try Functions.rangeBounds(bounds)
            current = from; self.to = to; step = by; index = 0
            done = by > 0 ? from > to : from < to
        }
        override var isAtEnd: Bool { done }
        override func next() {
            let (n, overflow) = current.addingReportingOverflow(step)
            index += 1
            if overflow || (step > 0 ? n > to : n < to) { done = true } else { current = n }
        }
        override func column(_ column: Int32, _ context: OpaquePointer?) {
            if column == 0 { SQLFunctions.setResult(context, .int(current)) }
            else if column == 1 { sqlite3_result_int64(context, index) }
            else { sqlite3_result_null(context) }
        }
        override var rowid: Int64 { index }
    }

    /// `kg_shortest(source, target, types, direction, minHops, maxHops)`: one shortest path as a
    /// path value, found by a bidirectional breadth-first search over the triple table (expanding
    /// the smaller frontier each step), or no row when there is none within `maxHops`.
    /// The reader is held weakly: the connection keeps the function until it closes (see
    /// `SQLFunctions.WeakReader`).
    static func shortest(_ reader: GraphReader) -> TableFunction {
        TableFunction("kg_shortest", schema: "CREATE TABLE x(path, source HIDDEN, target HIDDEN, types HIDDEN, direction HIDDEN, minhops HIDDEN, maxhops HIDDEN)",
                      firstArgument: 1, arguments: 6) { [weak reader] in
            guard let reader else { return nil }
            let search = ShortestPathSearch(reader.db, cancellation: reader.cancellation)
            return RowsCursor<Val>(compute: { a in
                guard a.count == 6, case .int(let source) = a[0], case .int(let target) = a[1], let hops = HopArguments(a[2...]) else { return [] }
                let path = try search.find(from: source, to: target, types: hops.types, direction: hops.direction,
                                           minHops: hops.minHops, maxHops: hops.maxHops)
                return path.map { [$0] } ?? []
            }, value: { path, _, column, context in
                if column == 0 { SQLFunctions.setResult(context, path) } else { sqlite3_result_null(context) }
            })
        }
    }

    /// `kg_reach(source, types, direction, minHops, maxHops)`: the distinct nodes some walk of
    /// `minHops...maxHops` relationships (`maxHops` null: unbounded) leads to from `source`, by one
    /// breadth-first search that visits each node once. Exact for `minHops` 0 or 1 only (the
    /// compiler uses it there): a node is reachable by a walk of 1...k steps exactly when its
    /// distance is between 1 and k, or, for the source itself, when an edge leads back to it from
    /// a node at distance below k.
    static func reach(_ reader: GraphReader) -> TableFunction {
        TableFunction("kg_reach", schema: "CREATE TABLE x(node, source HIDDEN, types HIDDEN, direction HIDDEN, minhops HIDDEN, maxhops HIDDEN)",
                      firstArgument: 1, arguments: 5) { [weak reader] in
            guard let reader else { return nil }
            let search = ReachSearch(reader.db, cancellation: reader.cancellation)
            return RowsCursor<Int64>(compute: { a in
                guard a.count == 5, case .int(let source) = a[0], let hops = HopArguments(a[1...]) else { return [] }
                return try search.reach(from: source, types: hops.types, direction: hops.direction, minHops: hops.minHops, maxHops: hops.maxHops)
            }, value: { node, _, column, context in
                if column == 0 { sqlite3_result_int64(context, node) } else { sqlite3_result_null(context) }
            })
        }
    }

    /// `kg_walk(list, types, direction, minHops, maxHops)`: the walks a list of relationships bound
    /// earlier spells in a variable-length pattern (`MATCH (a)-[rs*]->(b)`): one row per way the
    /// list is a trail from `a` to `b` (columns `a`, `b`, and `rels` and `nodes` as `,1,2,` text,
    /// `nodes` holding the nodes after `a`). Directed patterns give at most one row; an undirected
    /// one may go either way along the list. An empty list with `minHops` 0 is every node to itself.
    static func walk(_ reader: GraphReader) -> TableFunction {
        TableFunction("kg_walk", schema: "CREATE TABLE x(a, b, rels, nodes, list HIDDEN, types HIDDEN, direction HIDDEN, minhops HIDDEN, maxhops HIDDEN)",
                      firstArgument: 4, arguments: 5) { [weak reader] in
            guard let db = reader?.db else { return nil }
            return RowsCursor<WalkTable.Row>(compute: { a in
                guard a.count == 5, let hops = HopArguments(a[1...]) else { return [] }
                return try WalkTable.walks(a[0], db: db, types: hops.types, direction: hops.direction, minHops: hops.minHops, maxHops: hops.maxHops)
            }, value: { row, _, column, context in
                switch column {
                case 0: sqlite3_result_int64(context, row.a)
                case 1: sqlite3_result_int64(context, row.b)
                case 2: SQLFunctions.setResult(context, .string(row.rels))
                case 3: SQLFunctions.setResult(context, .string(row.nodes))
                default: sqlite3_result_null(context)
                }
            })
        }
    }
}

/// One relationship step over the triple table, each lookup prepared once per search.
final class Adjacency {
    private let db: Database
    private var statements: [String: KGStore.Statement] = [:]

    init(_ db: Database) { self.db = db }

    /// Calls `body(relationship id, other node)` for each relationship at `node` whose type is one of
    /// `types` (any type when empty); `forward` follows the stored direction. `body` must not step
    /// through the same lookup again.
    func forEach(_ node: Int64, forward: Bool, types: [String], _ body: (Int64, Int64) throws -> Void) throws {
        let sql = forward
            ? (types.isEmpty ? "SELECT id, o FROM triple WHERE s = ?1 AND k = 2" : "SELECT id, o FROM triple WHERE s = ?1 AND k = 2 AND p = ?2")
            : (types.isEmpty ? "SELECT id, s FROM triple WHERE o = ?1 AND k = 2" : "SELECT id, s FROM triple INDEXED BY triple_pos WHERE k = 2 AND p = ?2 AND o = ?1")
        let s: KGStore.Statement
        if let kept = statements[sql] { s = kept } else { s = try db.prepare(sql); statements[sql] = s }
        defer { s.reset() }
        for type in types.isEmpty ? [""] : types {
            s.reset()
            try s.bind(.integer(node), at: 1)
            if !types.isEmpty { try s.bind(.text(type), at: 2) }
            while try s.step() { try body(s.int(at: 0), s.int(at: 1)) }
        }
    }
}

/// Bidirectional breadth-first search between two nodes.
final class ShortestPathSearch {
    let adjacency: Adjacency
    let cancellation: Cancellation

    init(_ db: Database, cancellation: Cancellation) {
        self.adjacency = Adjacency(db)
        self.cancellation = cancellation
    }

    /// Neighbours of `node`: (relationship id, other node). `forward` follows stored direction.
    private func neighbours(_ node: Int64, forward: Bool, types: [String]) throws -> [(Int64, Int64)] {
        var out: [(Int64, Int64)] = []
        try adjacency.forEach(node, forward: forward, types: types) { out.append(($0, $1)) }
        return out
    }

    /// direction: 0 outgoing, 1 incoming, 2 both.
    func find(from source: Int64, to target: Int64, types: [String], direction: Int, minHops: Int, maxHops: Int) throws -> Val? {
        if source == target {
            return minHops == 0 ? .path(nodes: [source], rels: []) : nil
        }
        if maxHops < 1 { return nil }
        // parent[node] = (previous node toward the side's origin, relationship)
        var forwardParent: [Int64: (Int64, Int64)] = [:], backwardParent: [Int64: (Int64, Int64)] = [:]
        var forwardSeen: Set<Int64> = [source], backwardSeen: Set<Int64> = [target]
        var forwardFrontier = [source], backwardFrontier = [target]
        var depth = 0
        func expand(_ node: Int64, outward: Bool) throws -> [(Int64, Int64)] {
            // Outward from the source follows the pattern's direction; from the target, against it.
            switch direction {
            case 0: return try neighbours(node, forward: outward, types: types)
            case 1: return try neighbours(node, forward: !outward, types: types)
            default: return try neighbours(node, forward: true, types: types) + neighbours(node, forward: false, types: types)
            }
        }
        while !forwardFrontier.isEmpty && !backwardFrontier.isEmpty && depth < maxHops {
            depth += 1
            let fromSource = forwardFrontier.count <= backwardFrontier.count
            var next: [Int64] = []
            var meeting: (Int64, Int64, Int64)?   // (node on this side, rel, node on the other side)
            for (n, node) in (fromSource ? forwardFrontier : backwardFrontier).enumerated() {
                if n & 1023 == 1023 { try cancellation.check() }
                for (rel, other) in try expand(node, outward: fromSource) {
                    if fromSource {
                        if forwardSeen.contains(other) { continue }
                        if backwardSeen.contains(other) { meeting = (node, rel, other); break }
                        forwardSeen.insert(other); forwardParent[other] = (node, rel); next.append(other)
                    } else {
                        if backwardSeen.contains(other) { continue }
                        if forwardSeen.contains(other) { meeting = (node, rel, other); break }
                        backwardSeen.insert(other); backwardParent[other] = (node, rel); next.append(other)
                    }
                }
                if meeting != nil { break }
            }
            if let (here, rel, there) = meeting {
                let (forwardEnd, backwardStart) = fromSource ? (here, there) : (there, here)
                var nodes: [Int64] = [forwardEnd], rels: [Int64] = []
                var n = forwardEnd
                while let (prev, r) = forwardParent[n] { nodes.insert(prev, at: 0); rels.insert(r, at: 0); n = prev }
                rels.append(rel)
                nodes.append(backwardStart)
                n = backwardStart
                while let (prev, r) = backwardParent[n] { rels.append(r); nodes.append(prev); n = prev }
                if rels.count < minHops { return nil }
                return .path(nodes: nodes, rels: rels)
            }
            if fromSource { forwardFrontier = next } else { backwardFrontier = next }
        }
        return nil
    }
}

/// Breadth-first reachability over the triple table, one prepared index lookup per node.
final class ReachSearch {
    let adjacency: Adjacency
    let cancellation: Cancellation

    init(_ db: Database, cancellation: Cancellation) {
        self.adjacency = Adjacency(db)
        self.cancellation = cancellation
    }

    /// direction: 0 outgoing, 1 incoming, 2 both. `minHops` must be 0 or 1.
    func reach(from source: Int64, types: [String], direction: Int, minHops: Int, maxHops: Int) throws -> [Int64] {
        var seen: Set<Int64> = [source]
        var out: [Int64] = minHops == 0 ? [source] : []
        var sourceReached = minHops == 0
        var frontier = [source]
        var depth = 0
        var expanded = 0
        var around: [Int64] = []
        while !frontier.isEmpty && depth < maxHops {
            depth += 1
            var next: [Int64] = []
            for node in frontier {
                expanded += 1
                if expanded & 1023 == 0 { try cancellation.check() }
                around.removeAll(keepingCapacity: true)
                if direction != 1 { try adjacency.forEach(node, forward: true, types: types) { around.append($1) } }
                if direction != 0 { try adjacency.forEach(node, forward: false, types: types) { around.append($1) } }
                for other in around {
                    if other == source && !sourceReached {
                        sourceReached = true
                        out.append(source)
                    }
                    if seen.insert(other).inserted {
                        next.append(other)
                        out.append(other)
                    }
                }
            }
            frontier = next
        }
        return out
    }
}

/// How `kg_walk` matches a relationship list against a pattern.
enum WalkTable {
    struct Row { var a: Int64; var b: Int64; var rels: String; var nodes: String }

    /// direction: 0 each relationship start to end, 1 end to start, 2 either.
    static func walks(_ list: Val, db: Database, types: [String], direction: Int, minHops: Int, maxHops: Int) throws -> [Row] {
        guard case .list(let items) = list else {
            if list == .null { return [] }
            throw QueryError(.typeError, "InvalidArgumentType", "a variable-length relationship needs a list of relationships, got \(list.typeName)")
        }
        var ids: [Int64] = []
        for item in items {
            switch item {
            case .rel(let id): ids.append(id)
            case .null: return []
            default: throw QueryError(.typeError, "InvalidArgumentType", "a variable-length relationship needs a list of relationships, got a list holding \(item.typeName)")
            }
        }
        guard ids.count >= minHops, ids.count <= maxHops, Set(ids).count == ids.count else { return [] }
        if ids.isEmpty {
            // Zero relationships: every node is a walk to itself.
            let s = try db.prepare("SELECT id FROM node")
            var rows: [Row] = []
            while try s.step() { let n = s.int(at: 0); rows.append(Row(a: n, b: n, rels: ",", nodes: ",")) }
            return rows
        }
        let lookup = try db.prepare("SELECT s, o, p FROM triple WHERE id = ?1 AND k = 2")
        var ends: [(s: Int64, o: Int64)] = []
        for id in ids {
            lookup.reset()
            try lookup.bind(.integer(id), at: 1)
            guard try lookup.step() else { return [] }
            let type = lookup.string(at: 2) ?? ""
            if !types.isEmpty && !types.contains(type) { return [] }
            ends.append((lookup.int(at: 0), lookup.int(at: 1)))
        }
        lookup.reset()
        let rels = "," + ids.map(String.init).joined(separator: ",") + ","
        var starts: [Int64] = []
        switch direction {
        case 0: starts = [ends[0].s]
        case 1: starts = [ends[0].o]
        default: starts = ends[0].s == ends[0].o ? [ends[0].s] : [ends[0].s, ends[0].o]
        }
        var rows: [Row] = []
        for start in starts {
            var current = start
            var nodes: [Int64] = []
            var ok = true
            for (s, o) in ends {
                switch direction {
                case 0: if current == s { current = o } else { ok = false }
                case 1: if current == o { current = s } else { ok = false }
                default:
                    if current == s { current = o } else if current == o { current = s } else { ok = false }
                }
                if !ok { break }
                nodes.append(current)
            }
            if ok { rows.append(Row(a: start, b: current, rels: rels, nodes: "," + nodes.map(String.init).joined(separator: ",") + ",")) }
        }
        return rows
    }
}
