import KGQuery
import KGStore
import XCTest

/// Random small graphs and random queries, answered by the SQL path and by a plain in-memory
/// evaluator written from Cypher's rules; the two must agree (as multisets of rows).
final class DifferentialTests: XCTestCase {
    struct Graph {
        var labels: [Set<String>] = []
        var values: [Int?] = []
        var rels: [(type: String, from: Int, to: Int)] = []
    }

    indirect enum Operand { case av, bv, constant(Int), sum }
    indirect enum Condition {
        case less(Operand, Operand), equal(Operand, Operand), isNull(Operand)
        case not(Condition), and(Condition, Condition), or(Condition, Condition)
    }
    enum Returned { case values, countByA, distinctB }

    struct Query {
        var aLabel: String?
        var aValue: Int?
        var type: String?
        var direction: Int   // 0 ->, 1 <-, 2 -
        var length: (Int, Int)?
        var bLabel: String?
        var condition: Condition?
        var returned: Returned
    }

    struct RNG {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func chance(_ p: Double) -> Bool { Double(next() % 1000) / 1000 < p }
    }

    func randomGraph(_ r: inout RNG) -> Graph {
        var g = Graph()
        let n = 3 + r.int(5)
        for _ in 0..<n {
            var l: Set<String> = []
            if r.chance(0.5) { l.insert("A") }
            if r.chance(0.4) { l.insert("B") }
            g.labels.append(l)
            g.values.append(r.chance(0.8) ? r.int(4) : nil)
        }
        for _ in 0..<r.int(2 * n + 1) {
            g.rels.append((r.chance(0.6) ? "R" : "S", r.int(n), r.int(n)))
        }
        return g
    }

    func randomOperand(_ r: inout RNG) -> Operand {
        switch r.int(5) {
        case 0, 1: return .av
        case 2: return .bv
        case 3: return .constant(r.int(4))
        default: return .sum
        }
    }

    func randomCondition(_ r: inout RNG, depth: Int = 0) -> Condition {
        switch depth > 1 ? r.int(3) : r.int(6) {
        case 0: return .less(randomOperand(&r), randomOperand(&r))
        case 1: return .equal(randomOperand(&r), randomOperand(&r))
        case 2: return .isNull(randomOperand(&r))
        case 3: return .not(randomCondition(&r, depth: depth + 1))
        case 4: return .and(randomCondition(&r, depth: depth + 1), randomCondition(&r, depth: depth + 1))
        default: return .or(randomCondition(&r, depth: depth + 1), randomCondition(&r, depth: depth + 1))
        }
    }

    func randomQuery(_ r: inout RNG) -> Query {
        Query(aLabel: r.chance(0.4) ? (r.chance(0.5) ? "A" : "B") : nil,
              aValue: r.chance(0.25) ? r.int(4) : nil,
              type: r.chance(0.6) ? (r.chance(0.6) ? "R" : "S") : nil,
              direction: r.int(3),
              length: r.chance(0.35) ? { let lo = r.int(2); return (lo, lo + r.int(3)) }() : nil,
              bLabel: r.chance(0.3) ? "A" : nil,
              condition: r.chance(0.7) ? randomCondition(&r) : nil,
              returned: [Returned.values, .countByA, .distinctB][r.int(3)])
    }

    // MARK: Cypher text

    func text(_ o: Operand) -> String {
        switch o {
        case .av: return "a.v"
        case .bv: return "b.v"
        case .constant(let c): return String(c)
        case .sum: return "(a.v + b.v)"
        }
    }

    func text(_ c: Condition) -> String {
        switch c {
        case .less(let x, let y): return "\(text(x)) < \(text(y))"
        case .equal(let x, let y): return "\(text(x)) = \(text(y))"
        case .isNull(let x): return "\(text(x)) IS NULL"
        case .not(let x): return "NOT (\(text(x)))"
        case .and(let x, let y): return "(\(text(x)) AND \(text(y)))"
        case .or(let x, let y): return "(\(text(x)) OR \(text(y)))"
        }
    }

    func text(_ q: Query) -> String {
        var rel = "[" + (q.type.map { ":" + $0 } ?? "")
        if let (lo, hi) = q.length { rel += "*\(lo)..\(hi)" }
        rel += "]"
        let pattern = ["-\(rel)->", "<-\(rel)-", "-\(rel)-"][q.direction]
        var s = "MATCH (a\(q.aLabel.map { ":" + $0 } ?? "")\(q.aValue.map { " {v: \($0)}" } ?? ""))\(pattern)(b\(q.bLabel.map { ":" + $0 } ?? ""))"
        if let c = q.condition { s += " WHERE " + text(c) }
        switch q.returned {
        case .values: s += " RETURN a.v, b.v"
        case .countByA: s += " RETURN a.v AS k, count(*) AS c"
        case .distinctB: s += " RETURN DISTINCT b.v"
        }
        return s
    }

    // MARK: The reference evaluator

    func value(_ o: Operand, _ g: Graph, _ a: Int, _ b: Int) -> Int? {
        switch o {
        case .av: return g.values[a]
        case .bv: return g.values[b]
        case .constant(let c): return c
        case .sum: return g.values[a].flatMap { x in g.values[b].map { x + $0 } }
        }
    }

    func truth(_ c: Condition, _ g: Graph, _ a: Int, _ b: Int) -> Bool? {
        switch c {
        case .less(let x, let y):
            guard let u = value(x, g, a, b), let v = value(y, g, a, b) else { return nil }
            return u < v
        case .equal(let x, let y):
            guard let u = value(x, g, a, b), let v = value(y, g, a, b) else { return nil }
            return u == v
        case .isNull(let x): return value(x, g, a, b) == nil
        case .not(let x): return truth(x, g, a, b).map { !$0 }
        case .and(let x, let y):
            let u = truth(x, g, a, b), v = truth(y, g, a, b)
            if u == false || v == false { return false }
            return u == nil || v == nil ? nil : true
        case .or(let x, let y):
            let u = truth(x, g, a, b), v = truth(y, g, a, b)
            if u == true || v == true { return true }
            return u == nil || v == nil ? nil : false
        }
    }

    /// End nodes of every relationship-unique walk from `start` (one entry per walk).
    func ends(_ g: Graph, _ q: Query, from start: Int) -> [Int] {
        func steps(_ node: Int) -> [(Int, Int)] {
            var out: [(Int, Int)] = []
            for (i, r) in g.rels.enumerated() where q.type == nil || r.type == q.type {
                switch q.direction {
                case 0: if r.from == node { out.append((i, r.to)) }
                case 1: if r.to == node { out.append((i, r.from)) }
                default:
                    if r.from == node { out.append((i, r.to)) }
                    if r.to == node && r.from != r.to { out.append((i, r.from)) }
                }
            }
            return out
        }
        let (lo, hi) = q.length ?? (1, 1)
        var result: [Int] = []
        func walk(_ node: Int, _ used: Set<Int>, _ depth: Int) {
            if depth >= lo { result.append(node) }
            if depth == hi { return }
            for (rel, next) in steps(node) where !used.contains(rel) { walk(next, used.union([rel]), depth + 1) }
        }
        walk(start, [], 0)
        return result
    }

    func reference(_ g: Graph, _ q: Query) -> [String] {
        func show(_ v: Int?) -> String { v.map(String.init) ?? "null" }
        var rows: [String] = []
        var counts: [String: Int] = [:]
        for a in g.labels.indices {
            if let l = q.aLabel, !g.labels[a].contains(l) { continue }
            if let v = q.aValue, g.values[a] != v { continue }
            for b in ends(g, q, from: a) {
                if let l = q.bLabel, !g.labels[b].contains(l) { continue }
                if let c = q.condition, truth(c, g, a, b) != true { continue }
                switch q.returned {
                case .values: rows.append("\(show(g.values[a])) | \(show(g.values[b]))")
                case .countByA: counts[show(g.values[a]), default: 0] += 1
                case .distinctB: rows.append(show(g.values[b]))
                }
            }
        }
        switch q.returned {
        case .values: return rows.sorted()
        case .countByA: return counts.map { "\($0.key) | \($0.value)" }.sorted()
        case .distinctB: return Array(Set(rows)).sorted()
        }
    }

    func testSQLAgreesWithReferenceEvaluator() throws {
        var r = RNG(state: 0x9E37_79B9_7F4A_7C15)
        var checked = 0, nonEmpty = 0
        for _ in 0..<12 {
            let graph = randomGraph(&r)
            let t = try TestGraph()
            var ids: [Int64] = []
            for i in graph.labels.indices {
                let id = try t.store.createNode()
                for l in graph.labels[i].sorted() { try t.store.addLabel(l, to: id) }
                if let v = graph.values[i] { try t.store.setProperty("v", .integer(Int64(v)), on: id) }
                ids.append(id)
            }
            for rel in graph.rels { try t.store.addRelationship(from: ids[rel.from], type: rel.type, to: ids[rel.to]) }
            for _ in 0..<15 {
                let q = randomQuery(&r)
                let cypher = text(q)
                let got = try t.rows(cypher).sorted()
                let expected = reference(graph, q)
                XCTAssertEqual(got, expected, "query: \(cypher)\ngraph: \(graph)")
                checked += 1
                if !expected.isEmpty { nonEmpty += 1 }
            }
        }
        XCTAssertEqual(checked, 180)
        // The generator must exercise real matches, not only empty answers.
        XCTAssertGreaterThan(nonEmpty, 60)
    }
}
