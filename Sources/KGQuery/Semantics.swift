import Foundation

/// Cypher's value semantics (openCypher 9): equality and comparison with three-valued logic,
/// the global sort order, and arithmetic that keeps integers and floats apart.
enum Semantics {
    // MARK: Equality and comparison

    /// `a = b`: nil is Cypher's null.
    static func equals(_ a: Val, _ b: Val) -> Bool? {
        switch (a, b) {
        case (.null, _), (_, .null): return nil
        case let (.int(x), .int(y)): return x == y
        case let (.float(x), .float(y)): return x == y
        case let (.int(x), .float(y)), let (.float(y), .int(x)): return numericCompare(x, y) == 0
        case let (.string(x), .string(y)): return x == y
        case let (.bool(x), .bool(y)): return x == y
        case let (.node(x), .node(y)), let (.rel(x), .rel(y)): return x == y
        case let (.path(n1, r1), .path(n2, r2)): return n1 == n2 && r1 == r2
        case let (.list(x), .list(y)):
            guard x.count == y.count else { return false }
            var sawNull = false
            for (u, v) in zip(x, y) {
                switch equals(u, v) {
                case false?: return false
                case nil: sawNull = true
                default: break
                }
            }
            return sawNull ? nil : true
        case let (.map(x), .map(y)):
            guard Set(x.keys) == Set(y.keys) else { return false }
            var sawNull = false
            for (k, u) in x {
                switch equals(u, y[k]!) {
                case false?: return false
                case nil: sawNull = true
                default: break
                }
            }
            return sawNull ? nil : true
        default: return false
        }
    }

    /// Exact comparison of an integer with a double (no rounding of large integers).
    static func numericCompare(_ i: Int64, _ d: Double) -> Int? {
        if d.isNaN { return nil }
        if d >= 9.3e18 { return -1 }
        if d <= -9.3e18 { return 1 }
        let t = d.rounded(.towardZero)
        let ti = Int64(t)
        if i < ti { return -1 }
        if i > ti { return 1 }
        let frac = d - t
        return frac > 0 ? -1 : frac < 0 ? 1 : 0
    }

    /// Comparison for `<`, `<=`, `>`, `>=`: nil when the values are not comparable (null result).
    static func compare(_ a: Val, _ b: Val) -> Int? {
        switch (a, b) {
        case (.null, _), (_, .null): return nil
        case let (.int(x), .int(y)): return x < y ? -1 : x > y ? 1 : 0
        case let (.float(x), .float(y)):
            if x.isNaN || y.isNaN { return nil }
            return x < y ? -1 : x > y ? 1 : 0
        case let (.int(x), .float(y)): return numericCompare(x, y)
        case let (.float(x), .int(y)): return numericCompare(y, x).map { -$0 }
        case let (.string(x), .string(y)): return x < y ? -1 : x > y ? 1 : 0
        case let (.bool(x), .bool(y)): return x == y ? 0 : (!x ? -1 : 1)
        case let (.list(x), .list(y)):
            for (u, v) in zip(x, y) {
                guard let c = compare(u, v) else { return nil }
                if c != 0 { return c }
            }
            return x.count < y.count ? -1 : x.count > y.count ? 1 : 0
        default: return nil
        }
    }

    /// `a < b` and friends: true/false/null; NaN compares false.
    static func ordered(_ a: Val, _ b: Val, _ test: (Int) -> Bool) -> Bool? {
        if case .float(let x) = a, x.isNaN, isNumber(b) { return false }
        if case .float(let y) = b, y.isNaN, isNumber(a) { return false }
        return compare(a, b).map(test)
    }

    static func isNumber(_ v: Val) -> Bool {
        switch v { case .int, .float: return true; default: return false }
    }

    // MARK: Orderability (ORDER BY, min, max)

    static func rank(_ v: Val) -> UInt8 {
        switch v {
        case .map: return 1
        case .node: return 2
        case .rel: return 3
        case .list: return 4
        case .path: return 5
        case .string: return 6
        case .bool: return 7
        case .int, .float: return 8
        case .null: return 9
        }
    }

    /// A byte string whose `memcmp` order is Cypher's global sort order, so SQLite sorts by it.
    static func sortKey(_ v: Val) -> [UInt8] {
        var out: [UInt8] = []
        appendKey(v, &out)
        return out
    }

    static func appendKey(_ v: Val, _ out: inout [UInt8]) {
        func be(_ x: UInt64) { for k in (0..<8).reversed() { out.append(UInt8((x >> (8 * UInt64(k))) & 0xFF)) } }
        func double(_ d: Double) {
            var d = d
            if d.isNaN { d = .nan }
            if d == 0 { d = 0 }
            let bits = d.bitPattern
            be(bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63))
        }
        func string(_ s: String) {
            for byte in s.utf8 {
                out.append(byte)
                if byte == 0 { out.append(0xFF) }
            }
            out.append(0); out.append(0)
        }
        out.append(rank(v))
        switch v {
        case .null: break
        case .bool(let b): out.append(b ? 1 : 0)
        case .int(let i):
            double(Double(i))
            // Integers beyond 2^53 keep their exact order among themselves.
            be(UInt64(bitPattern: i) ^ (1 << 63))
        case .float(let d):
            double(d)
            let clamped: Int64 = d.isNaN ? Int64.max : d >= 9.2e18 ? Int64.max : d <= -9.2e18 ? Int64.min : Int64(d.rounded(.towardZero))
            be(UInt64(bitPattern: clamped) ^ (1 << 63))
        case .string(let s): string(s)
        case .list(let items):
            for item in items { out.append(1); appendKey(item, &out) }
            out.append(0)
        case .map(let m):
            for key in m.keys.sorted() { out.append(1); string(key); appendKey(m[key]!, &out) }
            out.append(0)
        case .node(let id), .rel(let id): be(UInt64(bitPattern: id) ^ (1 << 63))
        case .path(let nodes, let rels):
            for (i, n) in nodes.enumerated() {
                out.append(1); be(UInt64(bitPattern: n) ^ (1 << 63))
                if i < rels.count { be(UInt64(bitPattern: rels[i]) ^ (1 << 63)) }
            }
            out.append(0)
        }
    }

    static func orderCompare(_ a: Val, _ b: Val) -> Int {
        let ka = sortKey(a), kb = sortKey(b)
        return ka.lexicographicallyPrecedes(kb) ? -1 : ka == kb ? 0 : 1
    }

    // MARK: Arithmetic

    static func overflow(_ op: String) -> QueryError {
        QueryError(.arithmeticError, "IntegerOverflow", "integer overflow in \(op)")
    }

    static func typeMismatch(_ op: String, _ a: Val, _ b: Val) -> QueryError {
        QueryError(.typeError, "InvalidArgumentType", "cannot apply \(op) to \(a.typeName) and \(b.typeName)")
    }

    static func add(_ a: Val, _ b: Val) throws -> Val {
        switch (a, b) {
        case (.null, _), (_, .null): return .null
        case let (.int(x), .int(y)):
            let (r, o) = x.addingReportingOverflow(y)
            if o { throw overflow("+") }
            return .int(r)
        case let (.int(x), .float(y)): return .float(Double(x) + y)
        case let (.float(x), .int(y)): return .float(x + Double(y))
        case let (.float(x), .float(y)): return .float(x + y)
        case let (.string(x), .string(y)): return .string(x + y)
        case let (.string(x), .int(_)), let (.string(x), .float(_)): return .string(x + toStringValue(b)!)
        case let (.int(_), .string(y)), let (.float(_), .string(y)): return .string(toStringValue(a)! + y)
        case let (.list(x), .list(y)): return .list(x + y)
        case let (.list(x), _): return .list(x + [b])
        case let (_, .list(y)): return .list([a] + y)
        default: throw typeMismatch("+", a, b)
        }
    }

    static func numeric(_ op: String, _ a: Val, _ b: Val,
                        int: (Int64, Int64) throws -> Val, float: (Double, Double) -> Double) throws -> Val {
        switch (a, b) {
        case (.null, _), (_, .null): return .null
        case let (.int(x), .int(y)): return try int(x, y)
        case let (.int(x), .float(y)): return .float(float(Double(x), y))
        case let (.float(x), .int(y)): return .float(float(x, Double(y)))
        case let (.float(x), .float(y)): return .float(float(x, y))
        default: throw typeMismatch(op, a, b)
        }
    }

    static func sub(_ a: Val, _ b: Val) throws -> Val {
        try numeric("-", a, b, int: { x, y in
            let (r, o) = x.subtractingReportingOverflow(y)
            if o { throw overflow("-") }
            return .int(r)
        }, float: -)
    }
    static func mul(_ a: Val, _ b: Val) throws -> Val {
        try numeric("*", a, b, int: { x, y in
            let (r, o) = x.multipliedReportingOverflow(by: y)
            if o { throw overflow("*") }
            return .int(r)
        }, float: *)
    }
    static func div(_ a: Val, _ b: Val) throws -> Val {
        try numeric("/", a, b, int: { x, y in
            if y == 0 { throw QueryError(.arithmeticError, "DivisionByZero", "/ by zero") }
            let (r, o) = x.dividedReportingOverflow(by: y)
            if o { throw overflow("/") }
            return .int(r)
        }, float: /)
    }
    static func mod(_ a: Val, _ b: Val) throws -> Val {
        try numeric("%", a, b, int: { x, y in
            if y == 0 { throw QueryError(.arithmeticError, "DivisionByZero", "% by zero") }
            let (r, o) = x.remainderReportingOverflow(dividingBy: y)
            if o { throw overflow("%") }
            return .int(r)
        }, float: { fmod($0, $1) })
    }
    static func pow(_ a: Val, _ b: Val) throws -> Val {
        try numeric("^", a, b, int: { x, y in .float(Foundation.pow(Double(x), Double(y))) }, float: Foundation.pow)
    }
    static func negate(_ a: Val) throws -> Val {
        switch a {
        case .null: return .null
        case .int(let x):
            if x == .min { throw overflow("unary -") }
            return .int(-x)
        case .float(let x): return .float(-x)
        default: throw QueryError(.typeError, "InvalidArgumentType", "cannot negate \(a.typeName)")
        }
    }

    // MARK: Conversions

    static func formatFloat(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        var text = "\(d)"
        if !text.contains(".") && !text.contains("e") && !text.contains("E") { text += ".0" }
        return text
    }

    static func toStringValue(_ v: Val) -> String? {
        switch v {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .float(let d): return formatFloat(d)
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    /// Strict truth for WHERE and boolean operators: only booleans and null qualify.
    static func truth(_ v: Val) throws -> Bool? {
        switch v {
        case .null: return nil
        case .bool(let b): return b
        default: throw QueryError(.typeError, "InvalidArgumentType", "expected Boolean but got \(v.typeName)")
        }
    }
}
