import CSQLite
import Foundation
import KGStore

/// Cursor memory: SQLite's cursor header followed by a pointer to the Swift state.
private struct CursorMemory {
    static let headerSize = (MemoryLayout<sqlite3_vtab_cursor>.size + 7) & ~7
    static let size = headerSize + MemoryLayout<UnsafeMutableRawPointer>.size

    static func allocate(_ state: AnyObject) -> UnsafeMutablePointer<sqlite3_vtab_cursor>? {
        guard let raw = sqlite3_malloc(Int32(size)) else { return nil }
        memset(raw, 0, size)
        (raw + headerSize).assumingMemoryBound(to: UnsafeMutableRawPointer.self).pointee = Unmanaged.passRetained(state).toOpaque()
        return raw.assumingMemoryBound(to: sqlite3_vtab_cursor.self)
    }

    static func state<T: AnyObject>(_ cursor: UnsafeMutablePointer<sqlite3_vtab_cursor>?, as: T.Type) -> T {
        let raw = UnsafeMutableRawPointer(cursor!) + headerSize
        return Unmanaged<T>.fromOpaque(raw.assumingMemoryBound(to: UnsafeMutableRawPointer.self).pointee).takeUnretainedValue()
    }

    static func free<T: AnyObject>(_ cursor: UnsafeMutablePointer<sqlite3_vtab_cursor>?, as: T.Type) {
        let raw = UnsafeMutableRawPointer(cursor!) + headerSize
        Unmanaged<T>.fromOpaque(raw.assumingMemoryBound(to: UnsafeMutableRawPointer.self).pointee).release()
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

/// `kg_unwind(list)`: one row per element (`value`), for UNWIND and list comprehensions.
/// Null gives no rows; a value that is not a list gives itself, as Cypher's UNWIND does.
enum UnwindTable {
    final class Cursor {
        var items: [Val] = []
        var index = 0
    }

    static func register(on db: Database) throws {
        let module = UnsafeMutablePointer<sqlite3_module>.allocate(capacity: 1)
        module.initialize(to: sqlite3_module())
        module.pointee.iVersion = 0
        module.pointee.xConnect = { db, _, _, _, vtabOut, _ in
            let rc = sqlite3_declare_vtab(db, "CREATE TABLE x(value, idx, list HIDDEN)")
            if rc != SQLITE_OK { return rc }
            guard let vtab = sqlite3_malloc(Int32(MemoryLayout<sqlite3_vtab>.size)) else { return SQLITE_NOMEM }
            memset(vtab, 0, MemoryLayout<sqlite3_vtab>.size)
            vtabOut?.pointee = vtab.assumingMemoryBound(to: sqlite3_vtab.self)
            return SQLITE_OK
        }
        module.pointee.xBestIndex = { _, info in bestIndex(info, firstArgument: 2, arguments: 1) }
        module.pointee.xDisconnect = { vtab in sqlite3_free(vtab); return SQLITE_OK }
        module.pointee.xOpen = { _, cursorOut in
            guard let cursor = CursorMemory.allocate(Cursor()) else { return SQLITE_NOMEM }
            cursorOut?.pointee = cursor
            return SQLITE_OK
        }
        module.pointee.xClose = { cursor in CursorMemory.free(cursor, as: Cursor.self); return SQLITE_OK }
        module.pointee.xFilter = { cursor, _, _, argc, argv in
            let state = CursorMemory.state(cursor, as: Cursor.self)
            state.index = 0
            let value = argc > 0 ? ValCodec.decode(argv![0]) : .null
            switch value {
            case .null: state.items = []
            case .list(let items): state.items = items
            default: state.items = [value]
            }
            return SQLITE_OK
        }
        module.pointee.xNext = { cursor in CursorMemory.state(cursor, as: Cursor.self).index += 1; return SQLITE_OK }
        module.pointee.xEof = { cursor in
            let state = CursorMemory.state(cursor, as: Cursor.self)
            return state.index >= state.items.count ? 1 : 0
        }
        module.pointee.xColumn = { cursor, ctx, column in
            let state = CursorMemory.state(cursor, as: Cursor.self)
            if column == 0 { SQLFunctions.setResult(ctx, state.items[state.index]) }
            else if column == 1 { sqlite3_result_int64(ctx, Int64(state.index)) }
            else { sqlite3_result_null(ctx) }
            return SQLITE_OK
        }
        module.pointee.xRowid = { cursor, rowid in
            rowid?.pointee = Int64(CursorMemory.state(cursor, as: Cursor.self).index)
            return SQLITE_OK
        }
        let rc = sqlite3_create_module_v2(db.handle, "kg_unwind", module, nil, nil)
        if rc != SQLITE_OK { throw QueryError(.databaseError, nil, "cannot register kg_unwind (SQLite code \(rc))") }
        // The module struct must outlive the connection; it is tiny and kept for the process.
    }
}

/// `kg_series(from, to, step)`: `UNWIND range(...)` without building the list, so a huge range
/// streams and stops at --max-rows or --timeout. Arguments are checked as range() checks them;
/// `step` is null when range() had two arguments.
enum SeriesTable {
    final class Cursor {
        var next: Int64 = 0
        var to: Int64 = 0
        var step: Int64 = 1
        var index: Int64 = 0
        var done = true
    }

    static func register(on db: Database) throws {
        let module = UnsafeMutablePointer<sqlite3_module>.allocate(capacity: 1)
        module.initialize(to: sqlite3_module())
        module.pointee.xConnect = { db, _, _, _, vtabOut, _ in
            let rc = sqlite3_declare_vtab(db, "CREATE TABLE x(value, idx, start HIDDEN, stop HIDDEN, step HIDDEN)")
            if rc != SQLITE_OK { return rc }
            guard let vtab = sqlite3_malloc(Int32(MemoryLayout<sqlite3_vtab>.size)) else { return SQLITE_NOMEM }
            memset(vtab, 0, MemoryLayout<sqlite3_vtab>.size)
            vtabOut?.pointee = vtab.assumingMemoryBound(to: sqlite3_vtab.self)
            return SQLITE_OK
        }
        module.pointee.xBestIndex = { _, info in bestIndex(info, firstArgument: 2, arguments: 3) }
        module.pointee.xDisconnect = { vtab in sqlite3_free(vtab); return SQLITE_OK }
        module.pointee.xOpen = { _, cursorOut in
            guard let cursor = CursorMemory.allocate(Cursor()) else { return SQLITE_NOMEM }
            cursorOut?.pointee = cursor
            return SQLITE_OK
        }
        module.pointee.xClose = { cursor in CursorMemory.free(cursor, as: Cursor.self); return SQLITE_OK }
        module.pointee.xFilter = { cursor, _, _, argc, argv in
            let state = CursorMemory.state(cursor, as: Cursor.self)
            guard argc == 3 else { return SQLITE_ERROR }
            var args = (0..<2).map { ValCodec.decode(argv![$0]) }
            let step = ValCodec.decode(argv![2])
            if step != .null { args.append(step) }
            do {
                let (from, to, by) = try Functions.rangeBounds(args)
                state.next = from; state.to = to; state.step = by; state.index = 0
                state.done = by > 0 ? from > to : from < to
            } catch {
                setVTabError(cursor, error)
                return SQLITE_ERROR
            }
            return SQLITE_OK
        }
        module.pointee.xNext = { cursor in
            let state = CursorMemory.state(cursor, as: Cursor.self)
            let (n, overflow) = state.next.addingReportingOverflow(state.step)
            state.index += 1
            if overflow || (state.step > 0 ? n > state.to : n < state.to) { state.done = true } else { state.next = n }
            return SQLITE_OK
        }
        module.pointee.xEof = { cursor in CursorMemory.state(cursor, as: Cursor.self).done ? 1 : 0 }
        module.pointee.xColumn = { cursor, ctx, column in
            let state = CursorMemory.state(cursor, as: Cursor.self)
            if column == 0 { SQLFunctions.setResult(ctx, .int(state.next)) }
            else if column == 1 { sqlite3_result_int64(ctx, state.index) }
            else { sqlite3_result_null(ctx) }
            return SQLITE_OK
        }
        module.pointee.xRowid = { cursor, rowid in
            rowid?.pointee = CursorMemory.state(cursor, as: Cursor.self).index
            return SQLITE_OK
        }
        let rc = sqlite3_create_module_v2(db.handle, "kg_series", module, nil, nil)
        if rc != SQLITE_OK { throw QueryError(.databaseError, nil, "cannot register kg_series (SQLite code \(rc))") }
    }
}

/// `kg_shortest(source, target, types, direction, minHops, maxHops)`: one shortest path as a
/// path value, found by a bidirectional breadth-first search over the triple table (expanding
/// the smaller frontier each step), or no row when there is none within `maxHops`.
enum ShortestPathTable {
    final class Cursor {
        let search: ShortestPathSearch
        var path: Val?
        init(_ search: ShortestPathSearch) { self.search = search }
    }

    /// Weak: the connection keeps the context until it closes (see `SQLFunctions.WeakReader`).
    final class Context {
        weak var reader: GraphReader?
        init(_ reader: GraphReader) { self.reader = reader }
    }

    static func register(on db: Database, reader: GraphReader) throws {
        let module = UnsafeMutablePointer<sqlite3_module>.allocate(capacity: 1)
        module.initialize(to: sqlite3_module())
        module.pointee.xConnect = { db, aux, _, _, vtabOut, _ in
            let rc = sqlite3_declare_vtab(db, "CREATE TABLE x(path, source HIDDEN, target HIDDEN, types HIDDEN, direction HIDDEN, minhops HIDDEN, maxhops HIDDEN)")
            if rc != SQLITE_OK { return rc }
            // The vtab is followed by the context pointer, like the cursors.
            let size = (MemoryLayout<sqlite3_vtab>.size + 7) / 8 * 8 + MemoryLayout<UnsafeMutableRawPointer>.size
            guard let vtab = sqlite3_malloc(Int32(size)) else { return SQLITE_NOMEM }
            memset(vtab, 0, size)
            (vtab + (MemoryLayout<sqlite3_vtab>.size + 7) / 8 * 8).assumingMemoryBound(to: UnsafeMutableRawPointer?.self).pointee = aux
            vtabOut?.pointee = vtab.assumingMemoryBound(to: sqlite3_vtab.self)
            return SQLITE_OK
        }
        module.pointee.xBestIndex = { _, info in bestIndex(info, firstArgument: 1, arguments: 6) }
        module.pointee.xDisconnect = { vtab in sqlite3_free(vtab); return SQLITE_OK }
        module.pointee.xOpen = { vtab, cursorOut in
            let raw = UnsafeMutableRawPointer(vtab!) + (MemoryLayout<sqlite3_vtab>.size + 7) / 8 * 8
            let aux = raw.assumingMemoryBound(to: UnsafeMutableRawPointer.self).pointee
            let context = Unmanaged<Context>.fromOpaque(aux).takeUnretainedValue()
            guard let reader = context.reader else { return SQLITE_ERROR }
            guard let cursor = CursorMemory.allocate(Cursor(ShortestPathSearch(reader.db, cancellation: reader.cancellation))) else { return SQLITE_NOMEM }
            cursorOut?.pointee = cursor
            return SQLITE_OK
        }
        module.pointee.xClose = { cursor in CursorMemory.free(cursor, as: Cursor.self); return SQLITE_OK }
        module.pointee.xFilter = { cursor, _, _, argc, argv in
            let state = CursorMemory.state(cursor, as: Cursor.self)
            state.path = nil
            guard argc == 6 else { return SQLITE_ERROR }
            let args = (0..<6).map { ValCodec.decode(argv![$0]) }
            guard case .int(let source) = args[0], case .int(let target) = args[1],
                  case .int(let direction) = args[3], case .int(let minHops) = args[4] else { return SQLITE_OK }
            var types: [String] = []
            if case .list(let items) = args[2] { for case .string(let t) in items { types.append(t) } }
            var maxHops = Int.max
            if case .int(let m) = args[5] { maxHops = Int(m) }
            do {
                state.path = try state.search.find(from: source, to: target, types: types, direction: Int(direction),
                                                   minHops: Int(minHops), maxHops: maxHops)
            } catch {
                setVTabError(cursor, error)
                return SQLITE_ERROR
            }
            return SQLITE_OK
        }
        module.pointee.xNext = { cursor in CursorMemory.state(cursor, as: Cursor.self).path = nil; return SQLITE_OK }
        module.pointee.xEof = { cursor in CursorMemory.state(cursor, as: Cursor.self).path == nil ? 1 : 0 }
        module.pointee.xColumn = { cursor, ctx, column in
            let state = CursorMemory.state(cursor, as: Cursor.self)
            if column == 0, let path = state.path { SQLFunctions.setResult(ctx, path) } else { sqlite3_result_null(ctx) }
            return SQLITE_OK
        }
        module.pointee.xRowid = { _, rowid in rowid?.pointee = 0; return SQLITE_OK }
        let context = Unmanaged.passRetained(Context(reader)).toOpaque()
        let rc = sqlite3_create_module_v2(db.handle, "kg_shortest", module, context) { p in
            if let p { Unmanaged<Context>.fromOpaque(p).release() }
        }
        if rc != SQLITE_OK { throw QueryError(.databaseError, nil, "cannot register kg_shortest (SQLite code \(rc))") }
    }
}

/// Bidirectional breadth-first search between two nodes.
final class ShortestPathSearch {
    let db: Database
    let cancellation: Cancellation
    private var statements: [String: KGStore.Statement] = [:]

    init(_ db: Database, cancellation: Cancellation) {
        self.db = db
        self.cancellation = cancellation
    }

    private func statement(_ sql: String) throws -> KGStore.Statement {
        if let s = statements[sql] { s.reset(); return s }
        let s = try db.prepare(sql)
        statements[sql] = s
        return s
    }

    /// Neighbours of `node`: (relationship id, other node). `forward` follows stored direction.
    private func neighbours(_ node: Int64, forward: Bool, types: [String]) throws -> [(Int64, Int64)] {
        var out: [(Int64, Int64)] = []
        let sql = forward
            ? (types.isEmpty ? "SELECT id, o FROM triple WHERE s = ? AND k = 2" : "SELECT id, o FROM triple WHERE s = ? AND k = 2 AND p = ?")
            : (types.isEmpty ? "SELECT id, s FROM triple WHERE o = ? AND k = 2" : "SELECT id, s FROM triple INDEXED BY triple_pos WHERE k = 2 AND p = ? AND o = ?")
        let s = try statement(sql)
        for type in types.isEmpty ? [""] : types {
            s.reset()
            if types.isEmpty { try s.bind(.integer(node), at: 1) }
            else if forward { try s.bind(.integer(node), at: 1); try s.bind(.text(type), at: 2) }
            else { try s.bind(.text(type), at: 1); try s.bind(.integer(node), at: 2) }
            while try s.step() { out.append((s.int(at: 0), s.int(at: 1))) }
        }
        s.reset()
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

/// `kg_reach(source, types, direction, minHops, maxHops)`: the distinct nodes some walk of
/// `minHops...maxHops` relationships (`maxHops` null: unbounded) leads to from `source`, by one
/// breadth-first search that visits each node once. Exact for `minHops` 0 or 1 only (the
/// compiler uses it there): a node is reachable by a walk of 1...k steps exactly when its
/// distance is between 1 and k, or, for the source itself, when an edge leads back to it from
/// a node at distance below k.
enum ReachTable {
    final class Cursor {
        let search: ReachSearch
        var nodes: [Int64] = []
        var index = 0
        init(_ search: ReachSearch) { self.search = search }
    }

    /// Weak: the connection keeps the context until it closes (see `SQLFunctions.WeakReader`).
    final class Context {
        weak var reader: GraphReader?
        init(_ reader: GraphReader) { self.reader = reader }
    }

    static func register(on db: Database, reader: GraphReader) throws {
        let module = UnsafeMutablePointer<sqlite3_module>.allocate(capacity: 1)
        module.initialize(to: sqlite3_module())
        module.pointee.xConnect = { db, aux, _, _, vtabOut, _ in
            let rc = sqlite3_declare_vtab(db, "CREATE TABLE x(node, source HIDDEN, types HIDDEN, direction HIDDEN, minhops HIDDEN, maxhops HIDDEN)")
            if rc != SQLITE_OK { return rc }
            let size = (MemoryLayout<sqlite3_vtab>.size + 7) / 8 * 8 + MemoryLayout<UnsafeMutableRawPointer>.size
            guard let vtab = sqlite3_malloc(Int32(size)) else { return SQLITE_NOMEM }
            memset(vtab, 0, size)
            (vtab + (MemoryLayout<sqlite3_vtab>.size + 7) / 8 * 8).assumingMemoryBound(to: UnsafeMutableRawPointer?.self).pointee = aux
            vtabOut?.pointee = vtab.assumingMemoryBound(to: sqlite3_vtab.self)
            return SQLITE_OK
        }
        module.pointee.xBestIndex = { _, info in bestIndex(info, firstArgument: 1, arguments: 5) }
        module.pointee.xDisconnect = { vtab in sqlite3_free(vtab); return SQLITE_OK }
        module.pointee.xOpen = { vtab, cursorOut in
            let raw = UnsafeMutableRawPointer(vtab!) + (MemoryLayout<sqlite3_vtab>.size + 7) / 8 * 8
            let aux = raw.assumingMemoryBound(to: UnsafeMutableRawPointer.self).pointee
            let context = Unmanaged<Context>.fromOpaque(aux).takeUnretainedValue()
            guard let reader = context.reader else { return SQLITE_ERROR }
            guard let cursor = CursorMemory.allocate(Cursor(ReachSearch(reader.db, cancellation: reader.cancellation))) else { return SQLITE_NOMEM }
            cursorOut?.pointee = cursor
            return SQLITE_OK
        }
        module.pointee.xClose = { cursor in CursorMemory.free(cursor, as: Cursor.self); return SQLITE_OK }
        module.pointee.xFilter = { cursor, _, _, argc, argv in
            let state = CursorMemory.state(cursor, as: Cursor.self)
            state.nodes = []
            state.index = 0
            guard argc == 5 else { return SQLITE_ERROR }
            let args = (0..<5).map { ValCodec.decode(argv![$0]) }
            guard case .int(let source) = args[0], case .int(let direction) = args[2], case .int(let minHops) = args[3] else { return SQLITE_OK }
            var types: [String] = []
            if case .list(let items) = args[1] { for case .string(let t) in items { types.append(t) } }
            var maxHops = Int.max
            if case .int(let m) = args[4] { maxHops = Int(m) }
            do {
                state.nodes = try state.search.reach(from: source, types: types, direction: Int(direction), minHops: Int(minHops), maxHops: maxHops)
            } catch {
                setVTabError(cursor, error)
                return SQLITE_ERROR
            }
            return SQLITE_OK
        }
        module.pointee.xNext = { cursor in CursorMemory.state(cursor, as: Cursor.self).index += 1; return SQLITE_OK }
        module.pointee.xEof = { cursor in
            let state = CursorMemory.state(cursor, as: Cursor.self)
            return state.index >= state.nodes.count ? 1 : 0
        }
        module.pointee.xColumn = { cursor, ctx, column in
            let state = CursorMemory.state(cursor, as: Cursor.self)
            if column == 0 { sqlite3_result_int64(ctx, state.nodes[state.index]) } else { sqlite3_result_null(ctx) }
            return SQLITE_OK
        }
        module.pointee.xRowid = { cursor, rowid in
            rowid?.pointee = Int64(CursorMemory.state(cursor, as: Cursor.self).index)
            return SQLITE_OK
        }
        let context = Unmanaged.passRetained(Context(reader)).toOpaque()
        let rc = sqlite3_create_module_v2(db.handle, "kg_reach", module, context) { p in
            if let p { Unmanaged<Context>.fromOpaque(p).release() }
        }
        if rc != SQLITE_OK { throw QueryError(.databaseError, nil, "cannot register kg_reach (SQLite code \(rc))") }
    }
}

/// Breadth-first reachability over the triple table, one prepared index lookup per node.
final class ReachSearch {
    let db: Database
    let cancellation: Cancellation
    private var statements: [String: KGStore.Statement] = [:]

    init(_ db: Database, cancellation: Cancellation) {
        self.db = db
        self.cancellation = cancellation
    }

    private func statement(_ sql: String) throws -> KGStore.Statement {
        if let s = statements[sql] { return s }
        let s = try db.prepare(sql)
        statements[sql] = s
        return s
    }

    /// Appends to `out` each node one relationship away from `node` (`forward`: in the stored direction).
    private func neighbours(_ node: Int64, forward: Bool, types: [String], into out: inout [Int64]) throws {
        let sql = forward
            ? (types.isEmpty ? "SELECT o FROM triple WHERE s = ?1 AND k = 2" : "SELECT o FROM triple WHERE s = ?1 AND k = 2 AND p = ?2")
            : (types.isEmpty ? "SELECT s FROM triple WHERE o = ?1 AND k = 2" : "SELECT s FROM triple INDEXED BY triple_pos WHERE k = 2 AND p = ?2 AND o = ?1")
        let s = try statement(sql)
        defer { s.reset() }
        for type in types.isEmpty ? [""] : types {
            s.reset()
            try s.bind(.integer(node), at: 1)
            if !types.isEmpty { try s.bind(.text(type), at: 2) }
            while try s.step() { out.append(s.int(at: 0)) }
        }
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
                if direction != 1 { try neighbours(node, forward: true, types: types, into: &around) }
                if direction != 0 { try neighbours(node, forward: false, types: types, into: &around) }
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

/// `kg_walk(list, types, direction, minHops, maxHops)`: the walks a list of relationships bound
/// earlier spells in a variable-length pattern (`MATCH (a)-[rs*]->(b)`): one row per way the
/// list is a trail from `a` to `b` (columns `a`, `b`, and `rels` and `nodes` as `,1,2,` text,
/// `nodes` holding the nodes after `a`). Directed patterns give at most one row; an undirected
/// one may go either way along the list. An empty list with `minHops` 0 is every node to itself.
enum WalkTable {
    struct Row { var a: Int64; var b: Int64; var rels: String; var nodes: String }

    final class Cursor {
        let db: Database
        var rows: [Row] = []
        var index = 0
        init(_ db: Database) { self.db = db }
    }

    final class Context {
        weak var reader: GraphReader?
        init(_ reader: GraphReader) { self.reader = reader }
    }

    static func register(on db: Database, reader: GraphReader) throws {
        let module = UnsafeMutablePointer<sqlite3_module>.allocate(capacity: 1)
        module.initialize(to: sqlite3_module())
        module.pointee.xConnect = { db, aux, _, _, vtabOut, _ in
            let rc = sqlite3_declare_vtab(db, "CREATE TABLE x(a, b, rels, nodes, list HIDDEN, types HIDDEN, direction HIDDEN, minhops HIDDEN, maxhops HIDDEN)")
            if rc != SQLITE_OK { return rc }
            let size = (MemoryLayout<sqlite3_vtab>.size + 7) / 8 * 8 + MemoryLayout<UnsafeMutableRawPointer>.size
            guard let vtab = sqlite3_malloc(Int32(size)) else { return SQLITE_NOMEM }
            memset(vtab, 0, size)
            (vtab + (MemoryLayout<sqlite3_vtab>.size + 7) / 8 * 8).assumingMemoryBound(to: UnsafeMutableRawPointer?.self).pointee = aux
            vtabOut?.pointee = vtab.assumingMemoryBound(to: sqlite3_vtab.self)
            return SQLITE_OK
        }
        module.pointee.xBestIndex = { _, info in bestIndex(info, firstArgument: 4, arguments: 5) }
        module.pointee.xDisconnect = { vtab in sqlite3_free(vtab); return SQLITE_OK }
        module.pointee.xOpen = { vtab, cursorOut in
            let raw = UnsafeMutableRawPointer(vtab!) + (MemoryLayout<sqlite3_vtab>.size + 7) / 8 * 8
            let aux = raw.assumingMemoryBound(to: UnsafeMutableRawPointer.self).pointee
            let context = Unmanaged<Context>.fromOpaque(aux).takeUnretainedValue()
            guard let reader = context.reader else { return SQLITE_ERROR }
            guard let cursor = CursorMemory.allocate(Cursor(reader.db)) else { return SQLITE_NOMEM }
            cursorOut?.pointee = cursor
            return SQLITE_OK
        }
        module.pointee.xClose = { cursor in CursorMemory.free(cursor, as: Cursor.self); return SQLITE_OK }
        module.pointee.xFilter = { cursor, _, _, argc, argv in
            let state = CursorMemory.state(cursor, as: Cursor.self)
            state.rows = []
            state.index = 0
            guard argc == 5 else { return SQLITE_ERROR }
            let args = (0..<5).map { ValCodec.decode(argv![$0]) }
            guard case .int(let direction) = args[2], case .int(let minHops) = args[3] else { return SQLITE_OK }
            var types: [String] = []
            if case .list(let items) = args[1] { for case .string(let t) in items { types.append(t) } }
            var maxHops = Int.max
            if case .int(let m) = args[4] { maxHops = Int(m) }
            do {
                state.rows = try WalkTable.walks(args[0], db: state.db, types: types, direction: Int(direction), minHops: Int(minHops), maxHops: maxHops)
            } catch {
                setVTabError(cursor, error)
                return SQLITE_ERROR
            }
            return SQLITE_OK
        }
        module.pointee.xNext = { cursor in CursorMemory.state(cursor, as: Cursor.self).index += 1; return SQLITE_OK }
        module.pointee.xEof = { cursor in
            let state = CursorMemory.state(cursor, as: Cursor.self)
            return state.index >= state.rows.count ? 1 : 0
        }
        module.pointee.xColumn = { cursor, ctx, column in
            let state = CursorMemory.state(cursor, as: Cursor.self)
            let row = state.rows[state.index]
            switch column {
            case 0: sqlite3_result_int64(ctx, row.a)
            case 1: sqlite3_result_int64(ctx, row.b)
            case 2: SQLFunctions.setResult(ctx, .string(row.rels))
            case 3: SQLFunctions.setResult(ctx, .string(row.nodes))
            default: sqlite3_result_null(ctx)
            }
            return SQLITE_OK
        }
        module.pointee.xRowid = { cursor, rowid in
            rowid?.pointee = Int64(CursorMemory.state(cursor, as: Cursor.self).index)
            return SQLITE_OK
        }
        let context = Unmanaged.passRetained(Context(reader)).toOpaque()
        let rc = sqlite3_create_module_v2(db.handle, "kg_walk", module, context) { p in
            if let p { Unmanaged<Context>.fromOpaque(p).release() }
        }
        if rc != SQLITE_OK { throw QueryError(.databaseError, nil, "cannot register kg_walk (SQLite code \(rc))") }
    }

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
