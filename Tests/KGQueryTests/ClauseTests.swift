import KGQuery
import KGStore
import XCTest

final class ClauseTests: XCTestCase {
    func testCreateAndMatchWithReturnForms() throws {
        let g = try TestGraph()
        let r = try g.run("CREATE (a:Person {name: 'Ann', age: 38})-[:KNOWS {since: 2001}]->(b:Person:Admin {name: 'Bob'})")
        XCTAssertEqual(r.columns, [])
        XCTAssertEqual(r.statistics["nodes-created"], 2)
        XCTAssertEqual(r.statistics["relationships-created"], 1)
        XCTAssertEqual(try g.rows("MATCH (a)-[r:KNOWS]->(b) RETURN a.name, r.since, b.name"), ["'Ann' | 2001 | 'Bob'"])
        XCTAssertEqual(try g.rows("MATCH (a:Admin) RETURN a"), ["(:Admin:Person {name: 'Bob'})"])
        XCTAssertEqual(try g.run("MATCH (a {name: 'Ann'}) RETURN a.name AS n, a.age + 1").columns, ["n", "a.age + 1"])
        XCTAssertEqual(try g.rows("MATCH (b)<-[:KNOWS]-(a) RETURN b.name"), ["'Bob'"])
        XCTAssertEqual(try g.rows("MATCH (a)-[:KNOWS]-(b) RETURN a.name ORDER BY a.name"), ["'Ann'", "'Bob'"])
        XCTAssertEqual(try g.run("MATCH (n) RETURN *").columns, ["n"])
        XCTAssertEqual(try g.rows("MATCH (a:Person) RETURN DISTINCT labels(a) = ['Person'] AS single ORDER BY single"), ["false", "true"])
    }

    func testOptionalMatchGivesNullsAndKeepsRows() throws {
        let g = try TestGraph()
        try g.run("CREATE (:A {n: 1})-[:T]->(:B {n: 2}), (:A {n: 3})")
        XCTAssertEqual(try g.rows("MATCH (a:A) OPTIONAL MATCH (a)-[:T]->(b) RETURN a.n, b.n ORDER BY a.n"), ["1 | 2", "3 | null"])
        XCTAssertEqual(try g.rows("OPTIONAL MATCH (x:Missing) RETURN x"), ["null"])
        XCTAssertEqual(try g.rows("MATCH (a:A) OPTIONAL MATCH (a)-[:T]->(b) WHERE b.n > 5 RETURN a.n, b ORDER BY a.n"), ["1 | null", "3 | null"])
    }

    func testWithAggregationOrderSkipLimit() throws {
        let g = try TestGraph()
        try g.run("UNWIND range(1, 10) AS i CREATE (:N {i: i, g: i % 3})")
        XCTAssertEqual(try g.rows("MATCH (n:N) WITH n.g AS g, count(*) AS c, sum(n.i) AS s RETURN g, c, s ORDER BY g"),
                       ["0 | 3 | 18", "1 | 4 | 22", "2 | 3 | 15"])
        XCTAssertEqual(try g.rows("MATCH (n:N) RETURN n.i ORDER BY n.i DESC SKIP 2 LIMIT 3"), ["8", "7", "6"])
        XCTAssertEqual(try g.rows("MATCH (n:N) WITH n ORDER BY n.i LIMIT 2 RETURN collect(n.i)"), ["[1, 2]"])
        XCTAssertEqual(try g.rows("MATCH (n:N) WITH n ORDER BY n.i DESC RETURN collect(n.i)[0..3]"), ["[10, 9, 8]"])
        XCTAssertEqual(try g.rows("MATCH (n:N) WITH n.g AS g, collect(n.i) AS xs WHERE size(xs) > 3 RETURN g, xs"), ["1 | [1, 4, 7, 10]"])
        XCTAssertEqual(try g.value("MATCH (n:N) RETURN avg(n.i)"), .float(5.5))
        XCTAssertEqual(try g.value("MATCH (n:N) RETURN min(n.i) + max(n.i)"), .integer(11))
        XCTAssertEqual(try g.value("MATCH (n:N) RETURN count(DISTINCT n.g)"), .integer(3))
        XCTAssertEqual(try g.value("MATCH (n:Missing) RETURN count(*)"), .integer(0))
        XCTAssertEqual(try g.value("MATCH (n:Missing) RETURN sum(n.i)"), .integer(0))
        XCTAssertEqual(try g.value("MATCH (n:Missing) RETURN collect(n.i)"), .list([]))
        XCTAssertEqual(try g.value("MATCH (n:N) RETURN n.i ORDER BY n.i LIMIT $l", ["l": .integer(1)]), .integer(1))
        XCTAssertEqual(g.error("MATCH (n) RETURN n LIMIT -1")?.code, "NegativeIntegerArgument")
        XCTAssertEqual(g.error("MATCH (n) RETURN n SKIP 1.5")?.code, "InvalidArgumentType")
        XCTAssertEqual(g.error("MATCH (n) RETURN n.g, n.i + count(*)")?.code, "AmbiguousAggregationExpression")
    }

    func testUnwind() throws {
        let g = try TestGraph()
        XCTAssertEqual(try g.rows("UNWIND [1, 2, null] AS x RETURN x"), ["1", "2", "null"])
        XCTAssertEqual(try g.rows("UNWIND [] AS x RETURN x"), [])
        XCTAssertEqual(try g.rows("UNWIND null AS x RETURN x"), [])
        XCTAssertEqual(try g.rows("UNWIND [[1, 2], [3]] AS xs UNWIND xs AS x RETURN x"), ["1", "2", "3"])
        XCTAssertEqual(try g.rows("WITH [1, 2] AS xs UNWIND xs AS x RETURN xs, x"), ["[1, 2] | 1", "[1, 2] | 2"])
    }

    func testVariableLengthAndPaths() throws {
        let g = try TestGraph()
        try g.run("CREATE (a {n: 'a'})-[:T]->(b {n: 'b'})-[:T]->(c {n: 'c'})-[:T]->(d {n: 'd'}), (d)-[:T]->(a)")
        XCTAssertEqual(try g.rows("MATCH ({n: 'a'})-[:T*2]->(x) RETURN x.n"), ["'c'"])
        XCTAssertEqual(try g.rows("MATCH ({n: 'a'})-[:T*..2]->(x) RETURN x.n ORDER BY x.n"), ["'b'", "'c'"])
        XCTAssertEqual(try g.rows("MATCH ({n: 'a'})-[:T*0..1]->(x) RETURN x.n ORDER BY x.n"), ["'a'", "'b'"])
        // Relationship uniqueness stops the walk around the cycle.
        XCTAssertEqual(try g.value("MATCH ({n: 'a'})-[:T*]->(x) RETURN count(*)"), .integer(4))
        XCTAssertEqual(try g.rows("MATCH p = ({n: 'a'})-[:T*2]->(x) RETURN length(p), [n IN nodes(p) | n.n]"), ["2 | ['a', 'b', 'c']"])
        XCTAssertEqual(try g.rows("MATCH p = (x {n: 'c'})<-[:T*2]-(y) RETURN [n IN nodes(p) | n.n]"), ["['c', 'b', 'a']"])
        XCTAssertEqual(try g.rows("MATCH ({n: 'a'})-[r:T*2]->() RETURN size(r)"), ["2"])
        XCTAssertEqual(try g.rows("MATCH (a {n: 'a'}), (c {n: 'c'}), p = shortestPath((a)-[*..5]->(c)) RETURN length(p)"), ["2"])
        XCTAssertEqual(try g.rows("MATCH (a {n: 'a'}), (d {n: 'd'}), p = shortestPath((a)-[*..5]-(d)) RETURN length(p)"), ["1"])
        XCTAssertEqual(try g.rows("MATCH (a {n: 'a'}), (d {n: 'd'}), p = shortestPath((a)-[*..2]->(d)) RETURN length(p)"), [])
    }

    func testSetRemoveDeleteMerge() throws {
        let g = try TestGraph()
        try g.run("CREATE (:P {name: 'x', a: 1})")
        try g.run("MATCH (p:P) SET p.b = p.a + 1, p:Q REMOVE p.a")
        XCTAssertEqual(try g.rows("MATCH (p) RETURN p"), ["(:P:Q {b: 2, name: 'x'})"])
        try g.run("MATCH (p:P) SET p += {c: [1, 2]}")
        XCTAssertEqual(try g.rows("MATCH (p) RETURN p.c, keys(p)"), ["[1, 2] | ['b', 'c', 'name']"])
        try g.run("MATCH (p:P) SET p = {only: true}")
        XCTAssertEqual(try g.rows("MATCH (p) RETURN properties(p)"), ["{only: true}"])
        try g.run("MERGE (a:M {k: 1}) MERGE (b:M {k: 1}) MERGE (a)-[:R]->(b)")
        XCTAssertEqual(try g.value("MATCH (m:M) RETURN count(*)"), .integer(1))
        try g.run("UNWIND [1, 1, 2] AS k MERGE (m:M {k: k}) ON CREATE SET m.created = true ON MATCH SET m.matched = true")
        XCTAssertEqual(try g.rows("MATCH (m:M) RETURN m.k, m.created, m.matched ORDER BY m.k"), ["1 | null | true", "2 | true | null"])
        XCTAssertEqual(g.error("MATCH (m:M {k: 1}) DELETE m")?.code, "DeleteConnectedNode")
        // The failed statement changed nothing.
        XCTAssertEqual(try g.value("MATCH (m:M) RETURN count(*)"), .integer(2))
        try g.run("MATCH (m:M {k: 1}) DETACH DELETE m")
        XCTAssertEqual(try g.value("MATCH (m:M) RETURN count(*)"), .integer(1))
        XCTAssertEqual(try g.value("MATCH ()-[r]->() RETURN count(r)"), .integer(0))
    }

    func testStatementsAreAtomic() throws {
        let g = try TestGraph()
        XCTAssertEqual(g.error("UNWIND [1, 0] AS x CREATE (:N {v: 1 / x})")?.kind, .arithmeticError)
        XCTAssertEqual(try g.value("MATCH (n) RETURN count(n)"), .integer(0))
    }

    func testRelationshipProvenanceProperties() throws {
        let g = try TestGraph()
        let a = try g.store.createNode(), b = try g.store.createNode()
        try g.store.addLabel("Company", to: a)
        try g.store.setProperty("name", .string("SenseTime"), on: a)
        try g.store.setProperty("name", .string("Xu Li"), on: b)
        let doc = try g.store.addDocument(path: "news/1.md", format: "markdown", hash: "h", bytes: 1)
        try g.store.addRelationship(from: a, type: "FOUNDED_BY", to: b,
                                    provenance: Provenance(document: doc, evidence: "founded by Xu Li", extractor: "rule", date: "2014", confidence: 0.9),
                                    qualifiers: ["role": .string("CEO")])
        XCTAssertEqual(try g.rows("MATCH (:Company {name: 'SenseTime'})-[r:FOUNDED_BY]->(p) RETURN p.name, r.date, r.source, r.role, r.confidence, r.extractor"),
                       ["'Xu Li' | '2014' | 'news/1.md' | 'CEO' | 0.9 | 'rule'"])
        try g.run("MATCH ()-[r:FOUNDED_BY]->() SET r.role = 'founder', r.confidence = 1")
        XCTAssertEqual(try g.rows("MATCH ()-[r:FOUNDED_BY]->() RETURN r.role, r.confidence, r.evidence"), ["'founder' | 1 | 'founded by Xu Li'"])
    }

    func testExplainAndProfile() throws {
        let g = try TestGraph()
        let e = try g.engine.explain("MATCH (c:Company {name: $n})-[:FOUNDED_BY]->(p) RETURN p.name", parameters: ["n": .string("x")])
        XCTAssertTrue(e.description.contains("triple_pos"), e.description)
        let explained = try g.run("EXPLAIN MATCH (n) RETURN n")
        XCTAssertEqual(explained.columns, ["plan"])
        let profiled = try g.run("PROFILE UNWIND [1, 2] AS x RETURN x")
        XCTAssertEqual(profiled.rows.count, 2)
        XCTAssertEqual(profiled.statistics["rows"], 2)
        XCTAssertNotNil(profiled.statistics["microseconds"])
    }

    func testScriptSplitting() {
        let statements = QueryEngine.split("CREATE (a {s: 'x;y'}); // c;\n/* ; */ MATCH (n)\nRETURN n;\n\n")
        XCTAssertEqual(statements.map(\.text), ["CREATE (a {s: 'x;y'})", "MATCH (n)\nRETURN n"])
        XCTAssertEqual(statements.map(\.line), [1, 2])
    }

    func testContractJSON() throws {
        let g = try TestGraph()
        try g.run("CREATE (:A {x: 1.0})-[:T]->(:B)")
        let r = try g.run("MATCH p = (a)-[r]->(b) RETURN a.x, 1, 'q\"', p, null, [1.5, {k: 'v'}]")
        let json = r.contractJSON
        XCTAssertTrue(json.hasPrefix("{\"columns\": [\"a.x\", \"1\", \"'q\\\"'\", \"p\", \"null\", \"[1.5, {k: 'v'}]\"], \"rows\": [[1.0, 1, \"q\\\"\", {\"~path\": {\"nodes\": [{\"~node\""), json)
        XCTAssertTrue(json.contains("\"rels\": [{\"~rel\": {\"id\":"), json)
        XCTAssertTrue(json.hasSuffix("null, [1.5, {\"k\": \"v\"}]]]}"), json)
        XCTAssertEqual(CypherValue.float(.nan).contractJSON, "{\"~float\": \"NaN\"}")
    }
}
