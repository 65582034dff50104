import CSQLite
import Foundation
import KGStore

/// A Cypher value inside the SQL engine: graph elements are references by id (records are
/// assembled after the query). Every value is one SQLite value — null, integer, float and string
/// natively, the rest a BLOB starting with a `ValueTag` (`Val.encoded`) — so one SQL expression
/// carries one Cypher value of any type and application functions give it Cypher semantics.
indirect enum Val: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string(String)
    case list([Val])
    case map([String: Val])
    case node(Int64)
    case rel(Int64)
    case path(nodes: [Int64], rels: [Int64])

    var isNull: Bool { if case .null = self { return true }; return false }

    /// The value's kind; nil for null.
    var kind: StaticKind? {
        switch self {
        case .null: return nil
        case .bool: return .boolean
        case .int: return .integer
        case .float: return .float
        case .string: return .string
        case .list: return .list
        case .map: return .map
        case .node: return .node
        case .rel: return .rel
        case .path: return .path
        }
    }

    /// The Cypher type name that error messages use.
    var typeName: String { kind?.name ?? "Null" }
}

/// The BLOB encoding of values that SQLite has no native type for. A boolean is the store's
/// two-byte form (so stored and computed booleans compare equal byte for byte); anything else
/// is tag 0x10 and a compact binary form. Lists read from the store (tag 2, JSON) decode too.
enum ValCodec {
    static let composite: UInt8 = 0x10
    static let trueBlob: [UInt8] = [ValueTag.boolean.rawValue, 1]
    static let falseBlob: [UInt8] = [ValueTag.boolean.rawValue, 0]

    static func encode(_ v: Val) -> SQLValue {
        switch v {
        case .null: return .null
        case .int(let i): return .integer(i)
        case .float(let d): return d.isNaN ? .blob(body(v)) : .real(d)
        case .string(let s): return .text(s)
        case .bool(let b): return .blob(b ? trueBlob : falseBlob)
        default: return .blob(body(v))
        }
    }

    static func body(_ v: Val) -> [UInt8] {
        var out: [UInt8] = [composite]
        write(v, into: &out)
        return out
    }

    static func write(_ v: Val, into out: inout [UInt8]) {
        func u64(_ x: UInt64) { withUnsafeBytes(of: x.littleEndian) { out.append(contentsOf: $0) } }
        func varint(_ n: Int) {
            var x = UInt64(n)
            while x >= 0x80 { out.append(UInt8(x & 0x7F) | 0x80); x >>= 7 }
            out.append(UInt8(x))
        }
        func str(_ s: String) { let b = Array(s.utf8); varint(b.count); out.append(contentsOf: b) }
        switch v {
        case .null: out.append(0)
        case .bool(let b): out.append(b ? 2 : 1)
        case .int(let i): out.append(3); u64(UInt64(bitPattern: i))
        case .float(let d): out.append(4); u64(d.bitPattern)
        case .string(let s): out.append(5); str(s)
        case .list(let items):
            out.append(6); varint(items.count)
            for item in items { write(item, into: &out) }
        case .map(let m):
            out.append(7); varint(m.count)
            for key in m.keys.sorted() { str(key); write(m[key]!, into: &out) }
        case .node(let id): out.append(8); u64(UInt64(bitPattern: id))
        case .rel(let id): out.append(9); u64(UInt64(bitPattern: id))
        case .path(let nodes, let rels):
            out.append(10); varint(nodes.count)
            for n in nodes { u64(UInt64(bitPattern: n)) }
            for r in rels { u64(UInt64(bitPattern: r)) }
        }
    }

    static func decode(_ s: SQLValue) -> Val {
        switch s {
        case .null: return .null
        case .integer(let i): return .int(i)
        case .real(let d): return .float(d)
        case .text(let t): return .string(t)
        case .blob(let b): return b.withUnsafeBufferPointer { decodeBlob($0) }
        }
    }

    static func decodeBlob(_ b: UnsafeBufferPointer<UInt8>) -> Val {
        guard let tag = b.first else { return .null }
        switch tag {
        case ValueTag.boolean.rawValue: return .bool(b.count > 1 && b[1] != 0)
        case ValueTag.list.rawValue, ValueTag.map.rawValue:
            let text = String(decoding: UnsafeBufferPointer(rebasing: b.dropFirst()), as: UTF8.self)
            guard let json = try? JSONValue.parse(text) else { return .null }
            return fromJSON(json)
        case composite:
            var i = 1
            return read(b, &i)
        default: return .null
        }
    }

    static func read(_ b: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> Val {
        func u64() -> UInt64 {
            var x: UInt64 = 0
            for k in 0..<8 { x |= UInt64(b[i + k]) << (8 * UInt64(k)) }
            i += 8
            return x
        }
        func varint() -> Int {
            var x: UInt64 = 0, shift: UInt64 = 0
            while true {
                let byte = b[i]; i += 1
                x |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { break }
                shift += 7
            }
            return Int(x)
        }
        func str() -> String {
            let n = varint()
            let s = String(decoding: UnsafeBufferPointer(rebasing: b[i..<i + n]), as: UTF8.self)
            i += n
            return s
        }
        let type = b[i]; i += 1
        switch type {
        case 0: return .null
        case 1: return .bool(false)
        case 2: return .bool(true)
        case 3: return .int(Int64(bitPattern: u64()))
        case 4: return .float(Double(bitPattern: u64()))
        case 5: return .string(str())
        case 6:
            let n = varint()
            var items: [Val] = []
            items.reserveCapacity(n)
            for _ in 0..<n { items.append(read(b, &i)) }
            return .list(items)
        case 7:
            let n = varint()
            var m: [String: Val] = [:]
            for _ in 0..<n { let k = str(); m[k] = read(b, &i) }
            return .map(m)
        case 8: return .node(Int64(bitPattern: u64()))
        case 9: return .rel(Int64(bitPattern: u64()))
        case 10:
            let n = varint()
            var nodes: [Int64] = [], rels: [Int64] = []
            for _ in 0..<n { nodes.append(Int64(bitPattern: u64())) }
            for _ in 0..<max(0, n - 1) { rels.append(Int64(bitPattern: u64())) }
            return .path(nodes: nodes, rels: rels)
        default: return .null
        }
    }

    static func fromJSON(_ j: JSONValue) -> Val {
        switch j {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .integer(let i): return .int(i)
        case .float(let d): return .float(d)
        case .string(let s): return .string(s)
        case .array(let a): return .list(a.map(fromJSON))
        case .object(let pairs):
            if pairs.count == 1, pairs[0].0 == "~float", let p = j.propertyValue, case .float(let d) = p { return .float(d) }
            var m: [String: Val] = [:]
            for (k, v) in pairs { m[k] = fromJSON(v) }
            return .map(m)
        }
    }

    /// Reads an argument of an application-defined function without copying scalars twice.
    static func decode(_ value: OpaquePointer?) -> Val {
        switch sqlite3_value_type(value) {
        case SQLITE_INTEGER: return .int(sqlite3_value_int64(value))
        case SQLITE_FLOAT: return .float(sqlite3_value_double(value))
        case SQLITE_TEXT:
            let n = Int(sqlite3_value_bytes(value))
            guard n > 0, let p = sqlite3_value_text(value) else { return .string("") }
            return .string(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self))
        case SQLITE_BLOB:
            let n = Int(sqlite3_value_bytes(value))
            guard n > 0, let p = sqlite3_value_blob(value) else { return .null }
            return decodeBlob(UnsafeBufferPointer(start: p.assumingMemoryBound(to: UInt8.self), count: n))
        default: return .null
        }
    }

    /// A property value as stored (`o` column and `dt`), or nil when the value cannot be a
    /// property (maps, graph elements, lists of those): the caller raises the TypeError.
    static func property(_ v: Val) -> PropertyValue? {
        switch v {
        case .null, .map, .node, .rel, .path: return nil
        case .bool(let b): return .boolean(b)
        case .int(let i): return .integer(i)
        case .float(let d): return .float(d)
        case .string(let s): return .string(s)
        case .list(let items):
            var out: [PropertyValue] = []
            for item in items {
                switch item {
                case .bool, .int, .float, .string: out.append(property(item)!)
                default: return nil
                }
            }
            return .list(out)
        }
    }

    static func fromProperty(_ p: PropertyValue) -> Val {
        switch p {
        case .string(let s), .date(let s): return .string(s)
        case .integer(let i): return .int(i)
        case .float(let d): return .float(d)
        case .boolean(let b): return .bool(b)
        case .list(let items): return .list(items.map(fromProperty))
        }
    }
}
