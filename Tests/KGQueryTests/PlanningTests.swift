import Foundation
import KGQuery
import KGStore
import XCTest

/// Plan shortcuts must give the answers of the general plan; limits and the plan cache must not
/// change answers either.
final class PlanningTests: XCTestCase {
    /// A directed graph with cycles, a self-loop, parallel edges and two relationship types.
    func cyclicGraph() throws -> TestGraph {
        let g = try TestGraph()
        try g.run("""
            CREATE (a:C {name: 'a'}), (b:C {name: 'b'}), (c:C {name: 'c'}), (d:C {name: 'd'}), (e:C {name: 'e'}), (f {name: 'f'}),
                   (a)-[:P]->(b), (b)-[:P]->(c), (c)-[:P]->(a), (c)-[:P]->(d), (d)-[:P]->(e), (a)-[:P]->(a),
                   (b)-[:P]->(c), (e)-[:Q]->(f), (d)-[:P]->(f)
            """)
        return g
    }

    func testDistinctEndsOfVariableLengthMatchTheTrailSemantics() throws {
        let g = try cyclicGraph()
        // Each DISTINCT query may take the reachability plan; the same question with the
        // relationships read (which needs every trail) is the reference.
        let cases: [(String, String)] = [
            ("MATCH (s {name: 'a'})-[:P*1..3]->(x) RETURN DISTINCT x.name AS n",
             "MATCH (s {name: 'a'})-[r:P*1..3]->(x) WITH x, r RETURN DISTINCT x.name AS n"),
            ("MATCH (s {name: 'a'})-[:P*]->(x) RETURN DISTINCT x.name AS n",
             "MATCH (s {name: 'a'})-[r:P*]->(x) WITH x, r RETURN DISTINCT x.name AS n"),
            ("MATCH (s {name: 'd'})<-[:P*0..2]-(x) RETURN DISTINCT x.name AS n",
             "MATCH (s {name: 'd'})<-[r:P*0..2]-(x) WITH x, r RETURN DISTINCT x.name AS n"),
            ("MATCH (s:C)-[*1..2]->(x) WHERE x <> s WITH DISTINCT s.name AS a, x.name AS b RETURN a, b",
             "MATCH (s:C)-[r*1..2]->(x) WHERE x <> s WITH s, x, r WITH DISTINCT s.name AS a, x.name AS b RETURN a, b"),
            ("MATCH (s {name: 'b'})-[:P|Q*1..4]->(x) RETURN DISTINCT x.name AS n",
             "MATCH (s {name: 'b'})-[r:P|Q*1..4]->(x) WITH x, r RETURN DISTINCT x.name AS n"),
            ("MATCH (s {name: 'c'})-[*0..1]->(x) RETURN DISTINCT x.name AS n",
             "MATCH (s {name: 'c'})-[r*0..1]->(x) WITH x, r RETURN DISTINCT x.name AS n"),
            ("MATCH (s)<-[:P*1..2]-(x) RETURN DISTINCT s.name AS a, x.name AS b",
             "MATCH (s)<-[r:P*1..2]-(x) WITH s, x, r RETURN DISTINCT s.name AS a, x.name AS b"),
            // Back at the start only through a cycle of distinct relationships.
            ("MATCH (s {name: 'e'})-[*1..5]->(x) RETURN DISTINCT x.name AS n",
             "MATCH (s {name: 'e'})-[r*1..5]->(x) WITH x, r RETURN DISTINCT x.name AS n"),
        ]
        for (fast, reference) in cases {
            XCTAssertEqual(Set(try g.rows(fast)), Set(try g.rows(reference)), fast)
            XCTAssertFalse(try g.rows(fast).isEmpty, fast)
        }
        XCTAssertEqual(Set(try g.rows("MATCH (s {name: 'a'})-[:P*1..3]->(x) RETURN DISTINCT x.name AS n")),
                       ["'a'", "'b'", "'c'", "'d'"])
        // The plan really is the reachability one (a breadth-first search, no relationship lists).
        let plan = try g.engine.explain("MATCH (s {name: 'a'})-[:P*1..3]->(x) RETURN DISTINCT x.name AS n").description
        XCTAssertTrue(plan.contains("kg_reach("), plan)
        XCTAssertFalse(plan.contains("RECURSIVE vl"), plan)
        // Counting rows needs every trail, so no shortcut there.
        XCTAssertEqual(try g.value("MATCH (s {name: 'a'})-[:P*1..2]->(x) RETURN count(*)"),
                       try g.value("MATCH (s {name: 'a'})-[r:P*1..2]->(x) RETURN count(r)"))
    }

    func testPropertyKeptFromTheMatchRowIsTheStoredValue() throws {
        let g = try cyclicGraph()
        try g.run("CREATE (:N {v: 1.0, name: 'one'}), (:N {v: 2, name: 'two'})")
        // Found through the row of the property the WHERE tests, or the map's value: the
        // column read later is the stored value (1.0 matched by 1 stays a float).
        XCTAssertEqual(try g.rows("MATCH (x:N {v: 1}) RETURN x.v AS v"), try g.rows("MATCH (x:N) WHERE x.v = 1 WITH x RETURN x.v AS v"))
        XCTAssertEqual(try g.rows("MATCH (x) WHERE x.name CONTAINS 'o' RETURN x.name AS n ORDER BY n"),
                       try g.rows("MATCH (x) WITH x WHERE x.name CONTAINS 'o' RETURN x.name AS n ORDER BY n"))
        // A SET between the MATCH and the read must be seen.
        XCTAssertEqual(try g.rows("MATCH (x:N {name: 'one'}) SET x.name = 'uno' RETURN x.name AS n"), ["'uno'"])
        XCTAssertEqual(try g.rows("MATCH (x) WHERE x.name STARTS WITH 'tw' SET x.name = 'dos' RETURN x.name AS n"), ["'dos'"])
        XCTAssertEqual(try g.rows("OPTIONAL MATCH (x:N {name: 'none'}) RETURN x.name AS n"), ["null"])
        // CONTAINS with a constant that is not a string is null, whatever the other side.
        XCTAssertEqual(try g.rows("MATCH (x:N) RETURN x.name CONTAINS 1 AS c"), ["null", "null"])
        XCTAssertEqual(try g.rows("MATCH (x:N) WHERE x.name CONTAINS $s RETURN count(*) AS c", ["s": .string("n")]), ["1"])
        XCTAssertEqual(try g.rows("MATCH (x:N) WHERE x.name CONTAINS $s RETURN count(*) AS c", ["s": .integer(1)]), ["0"])
        // A top-level WHERE conjunct may treat null as false; under NOT it may not.
        try g.run("CREATE (:N {name: 7}), (:N)")
        // (The names are 'uno', 'dos', 7 and none by now.)
        XCTAssertEqual(try g.rows("MATCH (x:N) WHERE x.name CONTAINS 'o' AND x.v IS NOT NULL RETURN x.name AS n ORDER BY n"), ["'dos'", "'uno'"])
        XCTAssertEqual(try g.rows("MATCH (x:N) WHERE NOT (x.name CONTAINS 'no') RETURN x.name AS n"), ["'dos'"])
        XCTAssertEqual(try g.rows("MATCH (x:N) WHERE x.name CONTAINS 'no' OR x.name IS NULL RETURN x.name AS n ORDER BY n"), ["'uno'", "null"])
    }

    func testBothWaysScanKeepsRelationshipIdsWhereRead() throws {
        let g = try cyclicGraph()
        let plan = try g.engine.explain("MATCH (c:C)-[:P]-(x) RETURN c.name AS name, count(*) AS n").description
        XCTAssertFalse(plan.contains("SELECT id, s AS a"), plan)
        XCTAssertTrue(plan.contains("SELECT s AS a, o AS b"), plan)
        // Ends alike: each relationship's ends tested once and the row taken both ways; the
        // answers are those of the general form (a self-loop once, parallel edges each).
        let alike = try g.engine.explain("MATCH (c:C)-[:P]-(:C) RETURN c.name AS name, count(*) AS n").description
        XCTAssertTrue(alike.contains("CASE"), alike)
        XCTAssertEqual(try g.rows("MATCH (c:C)-[:P]-(:C) RETURN c.name AS name, count(*) AS n ORDER BY name"),
                       try g.rows("MATCH (c:C)-[:P]-(x) WHERE x:C RETURN c.name AS name, count(*) AS n ORDER BY name"))
        XCTAssertEqual(try g.rows("MATCH (a:C)-[r:P]-(b:C) RETURN a.name, b.name, id(r) ORDER BY a.name, b.name, id(r)"),
                       try g.rows("MATCH (a:C)-[r:P]-(b) WHERE b:C RETURN a.name, b.name, id(r) ORDER BY a.name, b.name, id(r)"))
        // Read by the result, by relationship uniqueness, by a path: the ids stay.
        XCTAssertEqual(try g.rows("MATCH (a:C)-[r:P]-(b:C) RETURN count(DISTINCT r) AS n"), ["7"])
        XCTAssertEqual(try g.rows("MATCH (a:C)-[:P]-(b:C)-[:P]-(c:C) RETURN count(*) AS n"),
                       try g.rows("MATCH (a:C)-[r1:P]-(b:C)-[r2:P]-(c:C) WHERE r1 <> r2 RETURN count(*) AS n"))
        XCTAssertEqual(try g.rows("MATCH p = (a:C)-[:P]-(b:C) RETURN count(DISTINCT relationships(p)[0]) AS n"), ["7"])
    }

    func testCountPerNodeKeyMatchesTheRowByRowCount() throws {
        let g = try cyclicGraph()
        // Two nodes share a name, so counts per name add up over nodes.
        try g.run("CREATE (:C {name: 'b'})-[:P]->(:C {name: 'z'})")
        for (fast, reference) in [
            ("MATCH (c:C)-[:P]-(:C) RETURN c.name AS name, count(*) AS n ORDER BY n DESC, name",
             "MATCH (c:C)-[:P]-(:C) RETURN c.name AS name, sum(1) AS n ORDER BY n DESC, name"),
            ("MATCH (c)-[]->(x) WITH toUpper(c.name) AS k, count(*) AS n WHERE n > 1 RETURN k, n ORDER BY k",
             "MATCH (c)-[]->(x) WITH toUpper(c.name) AS k, sum(1) AS n WHERE n > 1 RETURN k, n ORDER BY k"),
            ("MATCH (c)-[]->(x) RETURN c, count(*) AS n ORDER BY n, c.name", "MATCH (c)-[]->(x) RETURN c, sum(1) AS n ORDER BY n, c.name"),
        ] {
            XCTAssertEqual(try g.rows(fast), try g.rows(reference), fast)
        }
        XCTAssertEqual(try g.rows("MATCH (c:C)-[:P]-(:C) RETURN c.name AS name, count(*) AS n ORDER BY n DESC, name LIMIT 2"),
                       ["'b' | 4", "'c' | 4"])
        XCTAssertTrue(try g.engine.explain("MATCH (c:C)-[:P]-(:C) RETURN c.name, count(*)").description.contains("sum("))
    }

    func testTypeOfAMatchedRelationshipReadsItsRow() throws {
        let g = try cyclicGraph()
        XCTAssertEqual(Set(try g.rows("MATCH ({name: 'e'})-[r]->() RETURN type(r)")), ["'Q'"])
        XCTAssertEqual(try g.rows("MATCH ({name: 'e'})-[r]->() WITH r RETURN type(r)"), ["'Q'"])
        XCTAssertEqual(try g.rows("MATCH ({name: 'e'})-[r]->() OPTIONAL MATCH ({name: 'f'})-[s]->() RETURN type(r), type(s)"), ["'Q' | null"])
        // A list comprehension's own `r` is not the matched one.
        XCTAssertEqual(try g.rows("MATCH ({name: 'e'})-[r]->(), ({name: 'c'})-[s]->({name: 'd'}) RETURN [r IN [s] | type(r)]"), ["['P']"])
        XCTAssertEqual(try g.rows("MATCH ({name: 'e'})-[r]->() RETURN *").count, 1)
    }

    func testReadingDeletedElementsFails() throws {
        let g = try TestGraph()
        try g.run("CREATE (:A {num: 0})-[:T {w: 1}]->(:B {num: 1})")
        XCTAssertEqual(g.error("MATCH (n:A) DETACH DELETE n RETURN n.num")?.code, "DeletedEntityAccess")
        XCTAssertEqual(g.error("MATCH (n:A) DETACH DELETE n RETURN labels(n)")?.code, "DeletedEntityAccess")
        XCTAssertEqual(g.error("MATCH ()-[r]->() DELETE r RETURN r.w")?.code, "DeletedEntityAccess")
        // The failed statements changed nothing; reading what was not deleted is fine.
        XCTAssertEqual(try g.rows("MATCH (a:A)-[r]->(b) DELETE r RETURN a.num, b.num"), ["0 | 1"])
        XCTAssertEqual(try g.rows("MATCH (n) DETACH DELETE n RETURN count(*)"), ["2"])
    }

    func testPropertyTestDrivesANodeScan() throws {
        let g = try TestGraph()
        try g.run("CREATE ({name: 'Environ'}), ({name: 'enviro'}), ({title: 'Enviro'}), (:L {name: 'viro'}), ({name: 42})")
        XCTAssertEqual(Set(try g.rows("MATCH (x) WHERE x.name CONTAINS 'viro' RETURN x.name")), ["'Environ'", "'enviro'", "'viro'"])
        XCTAssertEqual(try g.rows("MATCH (x) WHERE x.name STARTS WITH 'En' RETURN x.name"), ["'Environ'"])
        XCTAssertEqual(try g.rows("MATCH (x) WHERE x.name ENDS WITH 'ro' RETURN x.name ORDER BY x.name"), ["'enviro'", "'viro'"])
        XCTAssertEqual(try g.rows("MATCH (x) WHERE x.name = 42 RETURN x.name"), ["42"])
        XCTAssertEqual(try g.value("MATCH (x) WHERE x.name IS NOT NULL RETURN count(*)"), .integer(4))
        // Not null-rejecting: every node stays a candidate.
        XCTAssertEqual(try g.value("MATCH (x) WHERE x.name IS NULL OR x.name = 'viro' RETURN count(*)"), .integer(2))
        let plan = try g.engine.explain("MATCH (x) WHERE x.name CONTAINS 'viro' RETURN x.name").description
        XCTAssertFalse(plan.contains("FROM node"), plan)
    }

    func testStringTestsOnBytes() throws {
        let g = try TestGraph()
        XCTAssertEqual(try g.value("RETURN 'Zürich' CONTAINS 'rich'"), .boolean(true))
        XCTAssertEqual(try g.value("RETURN 'Zürich' STARTS WITH 'Zü'"), .boolean(true))
        XCTAssertEqual(try g.value("RETURN 'Zürich' ENDS WITH 'ich'"), .boolean(true))
        XCTAssertEqual(try g.value("RETURN 'aab' CONTAINS 'ab'"), .boolean(true))
        XCTAssertEqual(try g.value("RETURN 'ab' CONTAINS 'abc'"), .boolean(false))
        XCTAssertEqual(try g.value("RETURN 'abc' CONTAINS ''"), .boolean(true))
        XCTAssertEqual(try g.value("RETURN '' ENDS WITH ''"), .boolean(true))
        XCTAssertEqual(try g.value("RETURN 'abc' CONTAINS null"), .null)
        XCTAssertEqual(try g.value("RETURN 123 CONTAINS '2'"), .null)
        XCTAssertEqual(try g.value("RETURN 'a\u{0}b' CONTAINS '\u{0}b'"), .boolean(true))
    }

    func testPlanCacheKeepsParameterValuesApart() throws {
        let g = try TestGraph()
        try g.run("CREATE ({name: 'x', n: 1}), ({name: 'y', n: 2})")
        let q = "MATCH (a {name: $name}) RETURN a.n"
        for _ in 0..<3 {
            XCTAssertEqual(try g.rows(q, ["name": .string("x")]), ["1"])
            XCTAssertEqual(try g.rows(q, ["name": .string("y")]), ["2"])
            XCTAssertEqual(try g.rows(q, ["name": .null]), [])
        }
        // A cached statement must see later writes.
        try g.run("CREATE ({name: 'x', n: 3})")
        XCTAssertEqual(Set(try g.rows(q, ["name": .string("x")])), ["1", "3"])
        // An error leaves the cache usable.
        XCTAssertNotNil(g.error("RETURN 1 / $d", ["d": .integer(0)]))
        XCTAssertEqual(try g.rows("RETURN 1 / $d", ["d": .integer(1)]), ["1"])
    }

    func testNestedRunOfTheSameQueryFromARowCallback() throws {
        let g = try TestGraph()
        try g.run("UNWIND range(1, 3) AS i CREATE ({i: i})")
        let q = "MATCH (n) RETURN n.i ORDER BY n.i"
        var inner: [Int] = []
        try g.engine.execute(q, columns: { _ in }) { _ in
            inner.append(try g.engine.execute(q).rows.count)
        }
        XCTAssertEqual(inner, [3, 3, 3])
    }

    func testTimeoutStopsALongQuery() throws {
        let g = try TestGraph()
        let start = Date()
        do {
            _ = try g.engine.execute("UNWIND range(1, 5000) AS a UNWIND range(1, 5000) AS b WITH a, b WHERE a + b < 0 RETURN count(*)",
                                     limits: ExecutionLimits(timeout: 0.2))
            XCTFail("expected a timeout")
        } catch let e as QueryError {
            XCTAssertEqual(e.kind, .timedOut)
            XCTAssertTrue(e.description.contains("timed out after 0.2 s"), e.description)
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        // The connection is usable afterwards, without the deadline.
        XCTAssertEqual(try g.value("UNWIND range(1, 1000) AS i RETURN count(*)"), .integer(1000))
    }

    func testMaxRowsDeliversTheRowsBeforeTheLimit() throws {
        let g = try TestGraph()
        var seen: [CypherValue] = []
        do {
            try g.engine.execute("UNWIND range(1, 10) AS i RETURN i", limits: ExecutionLimits(maxRows: 4), columns: { _ in }) {
                seen.append($0[0])
            }
            XCTFail("expected the row limit")
        } catch let e as QueryError {
            XCTAssertEqual(e.kind, .rowLimitExceeded)
        }
        XCTAssertEqual(seen, [.integer(1), .integer(2), .integer(3), .integer(4)])
        // Exactly at the limit is no error.
        XCTAssertEqual(try g.engine.execute("UNWIND range(1, 4) AS i RETURN i", limits: ExecutionLimits(maxRows: 4)).rows.count, 4)
    }

    /// The aggregate, scalar and table-valued functions keep Swift objects behind SQLite's
    /// pointers; many runs with errors, early stops and nested calls must leave the heap sound.
    func testFunctionsAndVirtualTablesSurviveRepeatedEarlyExits() throws {
        let g = try TestGraph()
        try g.run("UNWIND range(1, 50) AS i CREATE (:N {i: i, s: 'v' + toString(i)})")
        try g.run("MATCH (a:N), (b:N) WHERE b.i = a.i + 1 CREATE (a)-[:NEXT]->(b)")
        for round in 0..<30 {
            XCTAssertEqual(try g.value("MATCH (n:N) RETURN size(collect(n.s))"), .integer(50))
            XCTAssertEqual(try g.value("MATCH (n:N) WITH n.i % 7 AS k, collect(n) AS ns RETURN sum(size(ns))"), .integer(50))
            XCTAssertEqual(try g.value("UNWIND [[1, 2], [3]] AS l UNWIND l AS x RETURN sum(x)"), .integer(6))
            XCTAssertEqual(try g.value("""
                MATCH (a:N {i: 1}), (b:N {i: \(10 + round)}), p = shortestPath((a)-[*..60]->(b)) RETURN length(p)
                """), .integer(Int64(9 + round)))
            _ = try? g.engine.execute("UNWIND range(1, 100) AS i RETURN collect(i)[0], min(i), max(toString(i))",
                                      limits: ExecutionLimits(maxRows: 0))
            _ = try? g.engine.execute("MATCH (n:N) RETURN n.i / (n.i - 25)")
            _ = try? g.engine.execute("MATCH (n:N) WITH collect(n.s) AS c RETURN c[0] + 1 / 0")
        }
    }
}

final class SortOrderTests: XCTestCase {
    /// Plain columns sort natively where SQLite's order is Cypher's; anything else through
    /// kg_sortkey. Both must give Cypher's global order.
    func testPlainColumnOrderMatchesTheGeneralSortKey() throws {
        let g = try TestGraph()
        let values = "[3, 'b', null, true, 1.5, [1], 0.0 / 0.0, 2, 'a', false, {k: 1}, -1, 'ä', 1.0, [0, 1], 9007199254740993, 9007199254740992]"
        for order in ["", " DESC"] {
            let plain = try g.rows("UNWIND \(values) AS x RETURN x ORDER BY x\(order)")
            let general = try g.rows("UNWIND \(values) AS x RETURN x ORDER BY [x][0]\(order)")
            XCTAssertEqual(plain, general, order)
            XCTAssertEqual(plain.count, 17)
        }
        XCTAssertEqual(try g.rows("UNWIND [2, null, 'x', 1] AS x RETURN x ORDER BY x"), ["'x'", "1", "2", "null"])
    }
}
