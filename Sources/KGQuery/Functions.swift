import Foundation
import KGStore

/// Reads graph elements for functions that need them (`labels`, `properties`, `type`, property
/// access on values whose type is only known at run time). One per connection.
final class GraphReader {
    let db: Database
    /// Polled by long loops in Swift (range(), shortest-path search), where SQLite's progress
    /// handler and sqlite3_interrupt cannot reach.
    let cancellation = Cancellation()
    private let labelsStatement: KGStore.Statement
    private let propertiesStatement: KGStore.Statement
    private let propertyStatement: KGStore.Statement
    private let relationshipStatement: KGStore.Statement

    init(db: Database) throws {
        self.db = db
        labelsStatement = try db.prepare("SELECT p FROM triple WHERE s = ? AND k = 0 ORDER BY p")
        propertiesStatement = try db.prepare("SELECT p, o FROM triple WHERE s = ? AND k = 1 ORDER BY p")
        propertyStatement = try db.prepare("SELECT o FROM triple WHERE s = ? AND k = 1 AND p = ?")
        relationshipStatement = try db.prepare("SELECT \(GraphStore.relationshipColumns) FROM \(GraphStore.relationshipFrom) WHERE t.id = ? AND t.k = 2")
    }

    func labels(_ node: Int64) throws -> [String] {
        let s = labelsStatement
        s.reset()
        try s.bind(.integer(node), at: 1)
        var out: [String] = []
        while try s.step() { out.append(s.string(at: 0) ?? "") }
        s.reset()
        return out
    }

    func properties(_ node: Int64) throws -> [String: Val] {
        let s = propertiesStatement
        s.reset()
        try s.bind(.integer(node), at: 1)
        var out: [String: Val] = [:]
        while try s.step() { out[s.string(at: 0) ?? ""] = ValCodec.decode(s.value(at: 1)) }
        s.reset()
        return out
    }

    func property(_ node: Int64, _ key: String) throws -> Val {
        let s = propertyStatement
        s.reset()
        try s.bind(.integer(node), at: 1)
        try s.bind(.text(key), at: 2)
        let v = try s.step() ? ValCodec.decode(s.value(at: 0)) : .null
        s.reset()
        return v
    }

    func relationship(_ id: Int64) throws -> RelationshipRecord? {
        let s = relationshipStatement
        s.reset()
        try s.bind(.integer(id), at: 1)
        let record = try s.step() ? GraphStore.relationshipRecord((0..<10).map { s.value(at: $0) }) : nil
        s.reset()
        return record
    }

    func relationshipProperties(_ id: Int64) throws -> [String: Val] {
        guard let r = try relationship(id) else { return [:] }
        return r.properties.mapValues(ValCodec.fromProperty)
    }

    /// `x.key` for a value of any type.
    func propertyOf(_ v: Val, _ key: String) throws -> Val {
        switch v {
        case .null: return .null
        case .node(let id): return try property(id, key)
        case .rel(let id): return try relationshipProperties(id)[key] ?? .null
        case .map(let m): return m[key] ?? .null
        default: throw QueryError(.typeError, "PropertyAccessOnNonMap", "cannot read property '\(key)' of \(v.typeName)")
        }
    }
}

/// The scalar functions of kg's Cypher, over run-time values.
enum Functions {
    typealias Impl = @Sendable (inout [Val], GraphReader) throws -> Val

    struct Spec: Sendable {
        var arity: ClosedRange<Int>
        /// Pure functions are marked deterministic so SQLite can hoist them out of loops.
        var pure: Bool
        var impl: Impl
    }

    static func argError(_ name: String, _ v: Val, expected: String) -> QueryError {
        QueryError(.typeError, "InvalidArgumentType", "\(name)() expects \(expected) but got \(v.typeName)")
    }

    /// range()'s checked arguments: (from, to, step). Shared with the streaming UNWIND of range().
    static func rangeBounds(_ a: [Val]) throws -> (Int64, Int64, Int64) {
        // openCypher classifies a range() argument of the wrong type as an ArgumentError.
        func int(_: String, _ v: Val) throws -> Int64? {
            switch v {
            case .null: return nil
            case .int(let i): return i
            default: throw QueryError(.argumentError, "InvalidArgumentType", "range() expects an Integer but got \(v.typeName)")
            }
        }
        guard let from = try int("range", a[0]), let to = try int("range", a[1]) else {
            throw QueryError(.argumentError, "InvalidArgumentValue", "range() bounds must not be null")
        }
        var step: Int64 = 1
        if a.count == 3 {
            guard let s = try int("range", a[2]) else { throw QueryError(.argumentError, "InvalidArgumentValue", "range() step must not be null") }
            step = s
        }
        if step == 0 { throw QueryError(.argumentError, "NumberOutOfRange", "range() step must not be zero") }
        return (from, to, step)
    }

    static func int(_ name: String, _ v: Val) throws -> Int64? {
        switch v {
        case .null: return nil
        case .int(let i): return i
        default: throw argError(name, v, expected: "an Integer")
        }
    }

    static func string(_ name: String, _ v: Val) throws -> String? {
        switch v {
        case .null: return nil
        case .string(let s): return s
        default: throw argError(name, v, expected: "a String")
        }
    }

    static func double(_ name: String, _ v: Val) throws -> Double? {
        switch v {
        case .null: return nil
        case .int(let i): return Double(i)
        case .float(let d): return d
        default: throw argError(name, v, expected: "a number")
        }
    }

    static func stringFunction(_ name: String, _ f: @escaping @Sendable (String) -> String) -> Spec {
        Spec(arity: 1...1, pure: true) { a, _ in try string(name, a[0]).map { .string(f($0)) } ?? .null }
    }

    static func mathFunction(_ name: String, _ f: @escaping @Sendable (Double) -> Double) -> Spec {
        Spec(arity: 1...1, pure: true) { a, _ in try double(name, a[0]).map { .float(f($0)) } ?? .null }
    }

    static func nonNegative(_ name: String, _ i: Int64) throws -> Int {
        if i < 0 { throw QueryError(.argumentError, "NegativeIntegerArgument", "\(name)() needs a non-negative integer, got \(i)") }
        return Int(clamping: i)
    }

    static let table: [String: Spec] = {
        var t: [String: Spec] = [:]
        t["id"] = Spec(arity: 1...1, pure: true) { a, _ in
            switch a[0] {
            case .null: return .null
            case .node(let id), .rel(let id): return .int(id)
            default: throw argError("id", a[0], expected: "a Node or Relationship")
            }
        }
        t["labels"] = Spec(arity: 1...1, pure: false) { a, g in
            switch a[0] {
            case .null: return .null
            case .node(let id): return .list(try g.labels(id).map(Val.string))
            default: throw argError("labels", a[0], expected: "a Node")
            }
        }
        t["type"] = Spec(arity: 1...1, pure: false) { a, g in
            switch a[0] {
            case .null: return .null
            case .rel(let id): return try g.relationship(id).map { .string($0.type) } ?? .null
            default: throw argError("type", a[0], expected: "a Relationship")
            }
        }
        t["properties"] = Spec(arity: 1...1, pure: false) { a, g in
            switch a[0] {
            case .null: return .null
            case .node(let id): return .map(try g.properties(id))
            case .rel(let id): return .map(try g.relationshipProperties(id))
            case .map: return a[0]
            default: throw argError("properties", a[0], expected: "a Node, Relationship or Map")
            }
        }
        t["keys"] = Spec(arity: 1...1, pure: false) { a, g in
            switch a[0] {
            case .null: return .null
            case .node(let id): return .list(try g.properties(id).keys.sorted().map(Val.string))
            case .rel(let id): return .list(try g.relationshipProperties(id).keys.sorted().map(Val.string))
            case .map(let m): return .list(m.keys.sorted().map(Val.string))
            default: throw argError("keys", a[0], expected: "a Node, Relationship or Map")
            }
        }
        t["size"] = Spec(arity: 1...1, pure: true) { a, _ in
            switch a[0] {
            case .null: return .null
            case .list(let l): return .int(Int64(l.count))
            case .string(let s): return .int(Int64(s.unicodeScalars.count))
            case .map(let m): return .int(Int64(m.count))
            default: throw argError("size", a[0], expected: "a List or String")
            }
        }
        t["length"] = Spec(arity: 1...1, pure: true) { a, _ in
            switch a[0] {
            case .null: return .null
            case .path(_, let rels): return .int(Int64(rels.count))
            default: throw argError("length", a[0], expected: "a Path")
            }
        }
        t["nodes"] = Spec(arity: 1...1, pure: true) { a, _ in
            switch a[0] {
            case .null: return .null
            case .path(let nodes, _): return .list(nodes.map(Val.node))
            default: throw argError("nodes", a[0], expected: "a Path")
            }
        }
        t["relationships"] = Spec(arity: 1...1, pure: true) { a, _ in
            switch a[0] {
            case .null: return .null
            case .path(_, let rels): return .list(rels.map(Val.rel))
            default: throw argError("relationships", a[0], expected: "a Path")
            }
        }
        t["startnode"] = Spec(arity: 1...1, pure: false) { a, g in
            switch a[0] {
            case .null: return .null
            case .rel(let id): return try g.relationship(id).map { .node($0.start) } ?? .null
            default: throw argError("startNode", a[0], expected: "a Relationship")
            }
        }
        t["endnode"] = Spec(arity: 1...1, pure: false) { a, g in
            switch a[0] {
            case .null: return .null
            case .rel(let id): return try g.relationship(id).map { .node($0.end) } ?? .null
            default: throw argError("endNode", a[0], expected: "a Relationship")
            }
        }
        t["tolower"] = stringFunction("toLower") { $0.lowercased() }
        t["toupper"] = stringFunction("toUpper") { $0.uppercased() }
        t["trim"] = stringFunction("trim") { $0.trimmingCharacters(in: .whitespaces) }
        t["ltrim"] = stringFunction("lTrim") { String($0.drop(while: { $0 == " " || $0 == "\t" })) }
        t["rtrim"] = stringFunction("rTrim") { s in
            var s = Substring(s)
            while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
            return String(s)
        }
        t["reverse"] = Spec(arity: 1...1, pure: true) { a, _ in
            switch a[0] {
            case .null: return .null
            case .string(let s): return .string(String(s.reversed()))
            case .list(let l): return .list(l.reversed())
            default: throw argError("reverse", a[0], expected: "a String or List")
            }
        }
        t["substring"] = Spec(arity: 2...3, pure: true) { a, _ in
            guard let s = try string("substring", a[0]) else { return .null }
            guard let start = try int("substring", a[1]) else { return .null }
            let scalars = Array(s.unicodeScalars)
            let from = try nonNegative("substring", start)
            var length = scalars.count
            if a.count == 3 {
                guard let l = try int("substring", a[2]) else { return .null }
                length = try nonNegative("substring", l)
            }
            if from >= scalars.count { return .string("") }
            let end = min(scalars.count, from + min(length, scalars.count))
            var out = String.UnicodeScalarView()
            out.append(contentsOf: scalars[from..<end])
            return .string(String(out))
        }
        t["left"] = Spec(arity: 2...2, pure: true) { a, _ in
            guard let s = try string("left", a[0]) else { return .null }
            guard let n = try int("left", a[1]) else { throw QueryError(.argumentError, "NegativeIntegerArgument", "left() needs a length") }
            return .string(String(s.unicodeScalars.prefix(try nonNegative("left", n)).map(Character.init).map(String.init).joined()))
        }
        t["right"] = Spec(arity: 2...2, pure: true) { a, _ in
            guard let s = try string("right", a[0]) else { return .null }
            guard let n = try int("right", a[1]) else { throw QueryError(.argumentError, "NegativeIntegerArgument", "right() needs a length") }
            return .string(String(s.unicodeScalars.suffix(try nonNegative("right", n)).map(Character.init).map(String.init).joined()))
        }
        t["replace"] = Spec(arity: 3...3, pure: true) { a, _ in
            guard let s = try string("replace", a[0]), let from = try string("replace", a[1]), let to = try string("replace", a[2]) else { return .null }
            if from.isEmpty { return .string(s) }
            return .string(s.replacingOccurrences(of: from, with: to))
        }
        t["split"] = Spec(arity: 2...2, pure: true) { a, _ in
            guard let s = try string("split", a[0]), let d = try string("split", a[1]) else { return .null }
            if d.isEmpty { return .list(s.map { .string(String($0)) }) }
            return .list(s.components(separatedBy: d).map(Val.string))
        }
        t["tostring"] = Spec(arity: 1...1, pure: true) { a, _ in
            if a[0].isNull { return .null }
            guard let s = Semantics.toStringValue(a[0]) else { throw argError("toString", a[0], expected: "a String, number or Boolean") }
            return .string(s)
        }
        t["tointeger"] = Spec(arity: 1...1, pure: true) { a, _ in
            switch a[0] {
            case .null: return .null
            case .int: return a[0]
            case .float(let d):
                guard d.isFinite, d > -9.3e18, d < 9.3e18 else { return .null }
                return .int(Int64(d.rounded(.towardZero)))
            case .bool(let b): return .int(b ? 1 : 0)
            case .string(let s):
                let t = s.trimmingCharacters(in: .whitespaces)
                if let i = Int64(t) { return .int(i) }
                if let d = Double(t), d.isFinite, d > -9.3e18, d < 9.3e18 { return .int(Int64(d.rounded(.towardZero))) }
                return .null
            default: throw argError("toInteger", a[0], expected: "a String, number or Boolean")
            }
        }
        t["tofloat"] = Spec(arity: 1...1, pure: true) { a, _ in
            switch a[0] {
            case .null: return .null
            case .int(let i): return .float(Double(i))
            case .float: return a[0]
            case .string(let s): return Double(s.trimmingCharacters(in: .whitespaces)).map(Val.float) ?? .null
            default: throw argError("toFloat", a[0], expected: "a String or number")
            }
        }
        t["toboolean"] = Spec(arity: 1...1, pure: true) { a, _ in
            switch a[0] {
            case .null: return .null
            case .bool: return a[0]
            case .string(let s):
                switch s.trimmingCharacters(in: .whitespaces).lowercased() {
                case "true": return .bool(true)
                case "false": return .bool(false)
                default: return .null
                }
            case .int(let i): return .bool(i != 0)
            default: throw argError("toBoolean", a[0], expected: "a String or Boolean")
            }
        }
        t["head"] = Spec(arity: 1...1, pure: true) { a, _ in
            switch a[0] {
            case .null: return .null
            case .list(let l): return l.first ?? .null
            default: throw argError("head", a[0], expected: "a List")
            }
        }
        t["last"] = Spec(arity: 1...1, pure: true) { a, _ in
            switch a[0] {
            case .null: return .null
            case .list(let l): return l.last ?? .null
            default: throw argError("last", a[0], expected: "a List")
            }
        }
        t["tail"] = Spec(arity: 1...1, pure: true) { a, _ in
            switch a[0] {
            case .null: return .null
            case .list(let l): return .list(Array(l.dropFirst()))
            default: throw argError("tail", a[0], expected: "a List")
            }
        }
        t["range"] = Spec(arity: 2...3, pure: true) { a, reader in
            let (from, to, step) = try rangeBounds(a)
            var out: [Val] = []
            var i = from
            while step > 0 ? i <= to : i >= to {
                out.append(.int(i))
                if out.count & 4095 == 0 { try reader.cancellation.check() }
                if out.count > 50_000_000 { throw QueryError(.argumentError, "NumberOutOfRange", "range() is too long") }
                let (next, o) = i.addingReportingOverflow(step)
                if o { break }
                i = next
            }
            return .list(out)
        }
        t["abs"] = Spec(arity: 1...1, pure: true) { a, _ in
            switch a[0] {
            case .null: return .null
            case .int(let i):
                if i == .min { throw Semantics.overflow("abs") }
                return .int(Swift.abs(i))
            case .float(let d): return .float(Swift.abs(d))
            default: throw argError("abs", a[0], expected: "a number")
            }
        }
        t["sign"] = Spec(arity: 1...1, pure: true) { a, _ in
            switch a[0] {
            case .null: return .null
            case .int(let i): return .int(i.signum())
            case .float(let d): return .int(d > 0 ? 1 : d < 0 ? -1 : 0)
            default: throw argError("sign", a[0], expected: "a number")
            }
        }
        t["ceil"] = mathFunction("ceil") { $0.rounded(.up) }
        t["floor"] = mathFunction("floor") { $0.rounded(.down) }
        t["round"] = mathFunction("round") { $0.rounded(.toNearestOrAwayFromZero) }
        t["sqrt"] = mathFunction("sqrt") { $0.squareRoot() }
        t["exp"] = mathFunction("exp") { Foundation.exp($0) }
        t["log"] = mathFunction("log") { Foundation.log($0) }
        t["log10"] = mathFunction("log10") { Foundation.log10($0) }
        t["sin"] = mathFunction("sin") { Foundation.sin($0) }
        t["cos"] = mathFunction("cos") { Foundation.cos($0) }
        t["tan"] = mathFunction("tan") { Foundation.tan($0) }
        t["e"] = Spec(arity: 0...0, pure: true) { _, _ in .float(M_E) }
        t["pi"] = Spec(arity: 0...0, pure: true) { _, _ in .float(Double.pi) }
        t["rand"] = Spec(arity: 0...0, pure: false) { _, _ in .float(Double.random(in: 0..<1)) }
        return t
    }()
}

/// The running statement's stop conditions: its deadline and `QueryEngine.interrupt()`.
/// Reset at the start of each statement, so an interrupt between statements is not carried over.
final class Cancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var interrupted = false
    private var deadline: UInt64?
    private var seconds: Double = 0

    func begin(timeout: Double?) {
        lock.lock(); defer { lock.unlock() }
        interrupted = false
        seconds = timeout ?? 0
        deadline = timeout.map { DispatchTime.now().uptimeNanoseconds + UInt64(max(0, $0) * 1e9) }
    }

    func interrupt() {
        lock.lock(); defer { lock.unlock() }
        interrupted = true
    }

    func check() throws {
        lock.lock()
        let (stop, end, shown) = (interrupted, deadline, seconds)
        lock.unlock()
        if stop { throw QueryError(.interrupted, nil, "the query was interrupted") }
        if let end, DispatchTime.now().uptimeNanoseconds >= end {
            let text = shown == shown.rounded() ? String(Int(shown)) : String(shown)
            throw QueryError(.timedOut, nil, "the query timed out after \(text) s")
        }
    }
}
