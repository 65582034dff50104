import Foundation
import KGQuery
import XCTest

/// A variable-length relationship bound to a list of relationships matches the walk the list
/// spells; and the compile-time errors openCypher names for misused aggregates, paths,
/// DELETE and parameter maps.
final class RelationshipListTests: XCTestCase {
    func chain() throws -> TestGraph {
        let g = try TestGraph()
        try g.run("CREATE (a:A {n: 'a'})-[:Y]->(b:B {n: 'b'})-[:Y]->(c:C {n: 'c'}), (c)-[:Z]->(a)")
        return g
    }

    func testListOfRelationshipsAsVariableLengthPattern() throws {
        let g = try chain()
        let bind = "MATCH (:A)-[r1]->(:B)-[r2]->(:C) WITH [r1, r2] AS rs "
        XCTAssertEqual(try g.rows(bind + "MATCH (x)-[rs*]->(y) RETURN x.n, y.n"), ["'a' | 'c'"])
        // Walked against their direction, in list order.
        XCTAssertEqual(try g.rows("MATCH (:A)-[r1]->(:B)-[r2]->(:C) WITH [r2, r1] AS rs MATCH p = (x)<-[rs*]-(y) RETURN x.n, y.n, length(p), [n IN nodes(p) | n.n]"),
                       ["'c' | 'a' | 2 | ['c', 'b', 'a']"])
        // Not a walk in that direction, outside the length bounds, or of another type: no match.
        XCTAssertEqual(try g.rows(bind + "MATCH (x)<-[rs*]-(y) RETURN x.n"), [])
        XCTAssertEqual(try g.rows(bind + "MATCH (x)-[rs*3..]->(y) RETURN x.n"), [])
        XCTAssertEqual(try g.rows(bind + "MATCH (x)-[rs:Z*]->(y) RETURN x.n"), [])
        XCTAssertEqual(try g.rows(bind + "MATCH (x)-[rs:Y*2]->(y) RETURN x.n"), ["'a'"])
        // Bound ends must agree.
        XCTAssertEqual(try g.rows("MATCH (a:A)-[r1]->()-[r2]->(c:C) WITH [r1, r2] AS rs, a AS second, c AS first MATCH (first)-[rs*]->(second) RETURN first"), [])
        XCTAssertEqual(try g.rows("MATCH (a:A)-[r1]->()-[r2]->(c:C) WITH [r1, r2] AS rs, a, c MATCH (a)-[rs*]->(c) RETURN a.n"), ["'a'"])
        // Undirected: each way the list can be walked.
        XCTAssertEqual(Set(try g.rows("MATCH (:A)-[r:Y]->(:B) WITH [r] AS rs MATCH (x)-[rs*]-(y) RETURN x.n, y.n")), ["'a' | 'b'", "'b' | 'a'"])
        // A relationship twice is not a trail.
        XCTAssertEqual(try g.rows("MATCH (:A)-[r]->(:B) WITH [r, r] AS rs MATCH (x)-[rs*]-(y) RETURN x.n"), [])
        // An empty list with a zero minimum: every node, to itself.
        XCTAssertEqual(try g.rows("WITH [] AS rs MATCH (x)-[rs*0..]->(y) RETURN count(*) AS n, sum(CASE WHEN x = y THEN 1 ELSE 0 END) AS same"), ["3 | 3"])
        XCTAssertEqual(g.error("WITH [1] AS rs MATCH (x)-[rs*]->(y) RETURN x")?.kind, .typeError)
    }

    func testCompileTimeErrors() throws {
        let g = try chain()
        func code(_ q: String) -> String? { g.error(q)?.code }
        XCTAssertEqual(code("MATCH (me:A)--(you) RETURN me.n + you.n, me.n + you.n + count(*)"), "AmbiguousAggregationExpression")
        XCTAssertEqual(code("MATCH (me:A)--(you) WITH me.n + you.n AS g, me.n + you.n + count(*) AS a RETURN *"), "AmbiguousAggregationExpression")
        XCTAssertEqual(code("MATCH (me:A)--(you) RETURN count(you.n) AS c ORDER BY me.n + count(you.n)"), "UndefinedVariable")
        XCTAssertEqual(code("MATCH (me:A)--(you) RETURN me.n + you.n, count(*) AS c ORDER BY me.n + you.n + count(*)"), "AmbiguousAggregationExpression")
        // Reusable keys: variables, properties of them, the projection's names in ORDER BY.
        XCTAssertEqual(try g.rows("MATCH (me:A)--(you) RETURN me.n AS n, me.n + toString(count(you)) AS c ORDER BY n, n + toString(count(you))"), ["'a' | 'a2'"])
        XCTAssertEqual(code("RETURN count(rand())"), "NonConstantExpression")
        XCTAssertEqual(code("MATCH p = (:A)-[*]->() WHERE p.name = 'x' RETURN p"), "InvalidArgumentType")
        XCTAssertEqual(g.error("MATCH (n:A) DELETE n:A")?.code, "InvalidDelete")
        XCTAssertEqual(g.error("MATCH (n:A) DELETE 1 + 1")?.kind, .syntaxError)
        XCTAssertEqual(g.error("MATCH (n $p) RETURN n", ["p": .map(["n": .string("a")])])?.code, "InvalidParameterUse")
        XCTAssertEqual(g.error("MATCH ()-[r $p]->() RETURN r", ["p": .map([:])])?.code, "InvalidParameterUse")
        // CREATE takes a whole map parameter.
        XCTAssertEqual(try g.rows("CREATE (n:D $p) RETURN n.n", ["p": .map(["n": .string("d")])]), ["'d'"])
    }
}
