import Foundation
import KGStore

/// The eight reference queries of ../shared/bench/queries.cypher, and the same questions
/// written by hand in SQL over kg's triple table: the yardstick for the query compiler.
struct ReferenceQuery {
    var name: String
    var cypher: String
    /// Parameter names of the Cypher text, mapped to keys of the generator's params.json.
    var parameters: [String: String]
    var sql: String
    /// The SQL's positional parameters, as params.json keys.
    var sqlParameters: [String]
    /// Answers compare as sets except where the query orders them.
    var ordered: Bool

    static let all: [ReferenceQuery] = [
        ReferenceQuery(
            name: "q1 point lookup",
            cypher: "MATCH (x:Company {name: $name})-[r]->(t) RETURN type(r) AS rel, t.name AS target",
            parameters: ["name": "q1_name"],
            sql: """
                SELECT r.p, (SELECT o FROM triple WHERE s = r.o AND k = 1 AND p = 'name')
                FROM triple x CROSS JOIN triple l CROSS JOIN triple r
                WHERE x.k = 1 AND x.p = 'name' AND x.o = ?1
                  AND l.s = x.s AND l.k = 0 AND l.p = 'Company'
                  AND r.s = x.s AND r.k = 2
                """,
            sqlParameters: ["q1_name"], ordered: false),
        ReferenceQuery(
            name: "q2 one hop",
            cypher: "MATCH (c:Company {name: $company})-[:FOUNDED_BY]->(p:Person) RETURN p.name AS founder",
            parameters: ["company": "q2_company"],
            sql: """
                SELECT (SELECT o FROM triple WHERE s = r.o AND k = 1 AND p = 'name')
                FROM triple x CROSS JOIN triple l CROSS JOIN triple r CROSS JOIN triple pl
                WHERE x.k = 1 AND x.p = 'name' AND x.o = ?1
                  AND l.s = x.s AND l.k = 0 AND l.p = 'Company'
                  AND r.s = x.s AND r.k = 2 AND r.p = 'FOUNDED_BY'
                  AND pl.s = r.o AND pl.k = 0 AND pl.p = 'Person'
                """,
            sqlParameters: ["q2_company"], ordered: false),
        ReferenceQuery(
            name: "q3 two hops",
            cypher: """
                MATCH (c:Company {name: $company})-[:PARTNER_OF]->(:Company)-[:PARTNER_OF]->(x:Company)
                WHERE x <> c RETURN DISTINCT x.name AS name
                """,
            parameters: ["company": "q3_company"],
            sql: """
                SELECT DISTINCT (SELECT o FROM triple WHERE s = r2.o AND k = 1 AND p = 'name')
                FROM triple c CROSS JOIN triple cl CROSS JOIN triple r1 CROSS JOIN triple ml
                     CROSS JOIN triple r2 CROSS JOIN triple xl
                WHERE c.k = 1 AND c.p = 'name' AND c.o = ?1
                  AND cl.s = c.s AND cl.k = 0 AND cl.p = 'Company'
                  AND r1.s = c.s AND r1.k = 2 AND r1.p = 'PARTNER_OF'
                  AND ml.s = r1.o AND ml.k = 0 AND ml.p = 'Company'
                  AND r2.s = r1.o AND r2.k = 2 AND r2.p = 'PARTNER_OF' AND r2.id <> r1.id AND r2.o <> c.s
                  AND xl.s = r2.o AND xl.k = 0 AND xl.p = 'Company'
                """,
            sqlParameters: ["q3_company"], ordered: false),
        ReferenceQuery(
            name: "q4 four-node pattern",
            cypher: """
                MATCH (p:Person {name: $person})<-[:FOUNDED_BY]-(d:Company)<-[:PARTNER_OF]-(c:Company)-[:REGULATED_BY]->(g:Government)
                RETURN DISTINCT c.name AS name
                """,
            parameters: ["person": "q4_person"],
            sql: """
                SELECT DISTINCT (SELECT o FROM triple WHERE s = r2.s AND k = 1 AND p = 'name')
                FROM triple p CROSS JOIN triple pl CROSS JOIN triple r1 CROSS JOIN triple dl
                     CROSS JOIN triple r2 CROSS JOIN triple cl
                WHERE p.k = 1 AND p.p = 'name' AND p.o = ?1
                  AND pl.s = p.s AND pl.k = 0 AND pl.p = 'Person'
                  AND r1.o = +p.s AND r1.k = 2 AND r1.p = 'FOUNDED_BY'
                  AND dl.s = r1.s AND dl.k = 0 AND dl.p = 'Company'
                  AND r2.o = +r1.s AND r2.k = 2 AND r2.p = 'PARTNER_OF'
                  AND cl.s = r2.s AND cl.k = 0 AND cl.p = 'Company'
                  AND EXISTS (SELECT 1 FROM triple r3 JOIN triple gl ON gl.s = r3.o AND gl.k = 0 AND gl.p = 'Government'
                              WHERE r3.s = r2.s AND r3.k = 2 AND r3.p = 'REGULATED_BY')
                """,
            sqlParameters: ["q4_person"], ordered: false),
        ReferenceQuery(
            name: "q5 top-10 by degree",
            cypher: """
                MATCH (c:Company)-[:PARTNER_OF]-(:Company) RETURN c.name AS name, count(*) AS partners
                ORDER BY partners DESC, name LIMIT 10
                """,
            parameters: [:],
            sql: """
                WITH ends(node, other) AS (
                    SELECT s, o FROM triple WHERE k = 2 AND p = 'PARTNER_OF'
                    UNION ALL
                    SELECT o, s FROM triple WHERE k = 2 AND p = 'PARTNER_OF'),
                companies(node) AS (SELECT s FROM triple WHERE k = 0 AND p = 'Company')
                SELECT (SELECT o FROM triple WHERE s = e.node AND k = 1 AND p = 'name') AS name, count(*) AS n
                FROM ends e
                WHERE e.node IN companies AND e.other IN companies
                GROUP BY e.node ORDER BY n DESC, name LIMIT 10
                """,
            sqlParameters: [], ordered: true),
        ReferenceQuery(
            name: "q6 variable length 1..3",
            cypher: """
                MATCH (c:Company {name: $company})-[:PARTNER_OF*1..3]->(x:Company) WHERE x <> c
                RETURN DISTINCT x.name AS name
                """,
            parameters: ["company": "q6_company"],
            sql: """
                WITH RECURSIVE start(id) AS (
                    SELECT x.s FROM triple x JOIN triple l ON l.s = x.s AND l.k = 0 AND l.p = 'Company'
                    WHERE x.k = 1 AND x.p = 'name' AND x.o = ?1),
                reach(node, depth) AS (
                    SELECT id, 0 FROM start
                    UNION
                    SELECT r.o, reach.depth + 1 FROM reach JOIN triple r ON r.s = reach.node AND r.k = 2 AND r.p = 'PARTNER_OF'
                    WHERE reach.depth < 3)
                SELECT DISTINCT (SELECT o FROM triple WHERE s = node AND k = 1 AND p = 'name')
                FROM reach
                WHERE depth > 0 AND node NOT IN start
                  AND EXISTS (SELECT 1 FROM triple WHERE s = node AND k = 0 AND p = 'Company')
                """,
            sqlParameters: ["q6_company"], ordered: false),
        ReferenceQuery(
            name: "q7 shortest path <= 6",
            cypher: """
                MATCH (a {name: $from}), (b {name: $to}), p = shortestPath((a)-[*..6]->(b)) RETURN length(p) AS hops
                """,
            parameters: ["from": "q7_from", "to": "q7_to"],
            // Breadth-first from both ends, one level at a time, stopping at the first meeting:
            // the hand-written form of a bidirectional search.
            sql: "",
            sqlParameters: ["q7_from", "q7_to"], ordered: false),
        ReferenceQuery(
            name: "q8 substring scan",
            cypher: "MATCH (x) WHERE x.name CONTAINS $sub RETURN x.name AS name",
            parameters: ["sub": "q8_substring"],
            sql: "SELECT o FROM triple WHERE k = 1 AND p = 'name' AND typeof(o) = 'text' AND instr(o, ?1) > 0",
            sqlParameters: ["q8_substring"], ordered: false),
    ]

    /// Runs the hand-written SQL and returns its rows as strings and integers.
    func runSQL(on db: Database, params: [String: JSONValue]) throws -> [[JSONValue]] {
        let bindings: [SQLValue] = sqlParameters.map { .text(params[$0]?.stringValue ?? "") }
        if sql.isEmpty { return try Self.bidirectionalShortestPath(db: db, from: bindings[0], to: bindings[1], maxHops: 6) }
        return try db.rows(sql, bindings).map { row in
            row.map { value -> JSONValue in
                switch value {
                case .integer(let i): return .integer(i)
                case .text(let s): return .string(s)
                case .real(let d): return .float(d)
                default: return .null
                }
            }
        }
    }

    /// Shortest directed path length between the nodes named `from` and `to`, expanding the
    /// smaller frontier one level at a time with one indexed SQL statement per level.
    static func bidirectionalShortestPath(db: Database, from: SQLValue, to: SQLValue, maxHops: Int) throws -> [[JSONValue]] {
        let named = "SELECT s FROM triple WHERE k = 1 AND p = 'name' AND o = ?"
        let sources = Set(try db.rows(named, [from]).compactMap { $0[0].int })
        let targets = Set(try db.rows(named, [to]).compactMap { $0[0].int })
        if !sources.isDisjoint(with: targets) { return [[.integer(0)]] }
        var forward = sources, backward = targets
        var seenForward = sources, seenBackward = targets
        var hops = 0
        while hops < maxHops, !forward.isEmpty, !backward.isEmpty {
            let expandForward = forward.count <= backward.count
            let frontier = expandForward ? forward : backward
            let sql = expandForward
                ? "SELECT DISTINCT o FROM triple WHERE k = 2 AND s IN (SELECT value FROM json_each(?))"
                : "SELECT DISTINCT s FROM triple WHERE k = 2 AND o IN (SELECT value FROM json_each(?))"
            let list = "[" + frontier.map(String.init).joined(separator: ",") + "]"
            let next = Set(try db.rows(sql, [.text(list)]).compactMap { $0[0].int })
            hops += 1
            if expandForward {
                if !next.isDisjoint(with: seenBackward) { return [[.integer(Int64(hops))]] }
                forward = next.subtracting(seenForward)
                seenForward.formUnion(forward)
            } else {
                if !next.isDisjoint(with: seenForward) { return [[.integer(Int64(hops))]] }
                backward = next.subtracting(seenBackward)
                seenBackward.formUnion(backward)
            }
        }
        return []
    }
}

/// The generator's oracle: row count and the SHA-1 of the sorted rows as Python's json.dumps writes them.
enum Oracle {
    static func pythonJSON(_ value: JSONValue) -> String {
        switch value {
        case .array(let items): return "[" + items.map(pythonJSON).joined(separator: ", ") + "]"
        case .string(let s): return JSONText.string(s)
        default: return value.text
        }
    }

    static func canonicalRows(_ rows: [[JSONValue]], ordered: Bool) -> JSONValue {
        let items: [JSONValue] = rows.map { $0.count == 1 ? $0[0] : .array($0) }
        if ordered { return .array(items) }
        return .array(items.sorted(by: pythonLess))
    }

    /// Python's ordering of the answer values: strings by code point, numbers by value,
    /// lists element by element.
    static func pythonLess(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case let (.string(x), .string(y)): return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars)
        case let (.integer(x), .integer(y)): return x < y
        case let (.array(x), .array(y)):
            for (u, v) in zip(x, y) where u != v { return pythonLess(u, v) }
            return x.count < y.count
        default: return pythonJSON(a) < pythonJSON(b)
        }
    }
}
