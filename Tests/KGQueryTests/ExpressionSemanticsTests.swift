import KGQuery
import XCTest

/// openCypher expression semantics found by the TCK's expression scenarios: values computed
/// once per row, compile-time type errors, aggregates inside list expressions.
final class ExpressionSemanticsTests: XCTestCase {
    var g: TestGraph!
    override func setUpWithError() throws { g = try TestGraph() }
    override func tearDown() { g = nil }

    func testVolatileProjectionIsOneValuePerRow() throws {
        XCTAssertEqual(try g.rows("UNWIND range(1, 20) AS i WITH rand() AS r RETURN r = r AS same"), Array(repeating: "true", count: 20))
        // A boolean made from rand() is never null (it used to be asked twice: true, then not false).
        let rows = try g.rows("UNWIND range(1, 50) AS i RETURN rand() < 0.5 AS b")
        XCTAssertEqual(rows.count, 50)
        XCTAssertFalse(rows.contains("null"))
        // WITH … WHERE on a random column filters by the very value that is kept.
        XCTAssertEqual(try g.rows("UNWIND range(1, 30) AS i WITH rand() AS r WHERE r < 0.5 RETURN DISTINCT r < 0.5 AS b"), ["true"])
        XCTAssertEqual(try g.rows("UNWIND range(1, 10) AS i WITH [x IN range(1, 5) | rand()] AS l RETURN DISTINCT l = l AND all(x IN l WHERE x IN l) AS b"), ["true"])
    }

    func testNamedVariableLengthPathBoundFromItsLabelledEnd() throws {
        try g.run("CREATE (a:A)-[:REL {num: 1}]->(b:B)-[:REL {num: 2}]->(e:End)")
        XCTAssertEqual(try g.rows("MATCH p = (a)-[:REL*2..2]->(b:End) RETURN [r IN relationships(p) | r.num], [n IN nodes(p) | labels(n)[0]], length(p)"),
                       ["[1, 2] | ['A', 'B', 'End'] | 2"])
        XCTAssertEqual(try g.rows("MATCH p = (a)-[:REL*0..2]->(b:End) RETURN [n IN nodes(p) | labels(n)[0]] AS l ORDER BY size(l)"),
                       ["['End']", "['B', 'End']", "['A', 'B', 'End']"])
        XCTAssertEqual(try g.rows("MATCH p = (b:End)<-[:REL*1..2]-(a) RETURN [n IN nodes(p) | labels(n)[0]] AS l ORDER BY size(l)"),
                       ["['End', 'B']", "['End', 'B', 'A']"])
    }
}

extension ExpressionSemanticsTests {
    func assertCompileError(_ query: String, _ code: String, line: Int = 1, column: Int, file: StaticString = #filePath, at: UInt = #line) {
        guard let e = g.error(query, file: file, line: at) else { return }
        XCTAssertEqual(e.kind, .syntaxError, "\(e)", file: file, line: at)
        XCTAssertEqual(e.code, code, "\(e)", file: file, line: at)
        XCTAssertEqual(e.position?.line, line, "\(e)", file: file, line: at)
        XCTAssertEqual(e.position?.column, column, "\(e)", file: file, line: at)
    }

    func testBooleanOperatorsRejectLiteralNonBooleansAtCompileTime() throws {
        // Even where the other operand decides the answer (`false AND 123.4`).
        assertCompileError("RETURN 123.4 AND false", "InvalidArgumentType", column: 8)
        assertCompileError("RETURN false AND 123.4", "InvalidArgumentType", column: 18)
        assertCompileError("RETURN 'foo' OR true", "InvalidArgumentType", column: 8)
        assertCompileError("RETURN true OR [false]", "InvalidArgumentType", column: 16)
        assertCompileError("RETURN {x: []} XOR true", "InvalidArgumentType", column: 8)
        assertCompileError("RETURN NOT 0", "InvalidArgumentType", column: 12)
        assertCompileError("MATCH (n) WHERE 1 RETURN n", "InvalidArgumentType", column: 17)
        assertCompileError("MATCH (n) WHERE (n) RETURN n", "InvalidArgumentType", column: 17)
        assertCompileError("RETURN 1 IN 123", "InvalidArgumentType", column: 13)
        assertCompileError("RETURN none(x IN ['Clara'] WHERE x % 2 = 0)", "InvalidArgumentType", column: 34)
        // Null and values only the run time knows stay legal (null) or a run-time TypeError.
        XCTAssertEqual(try g.value("RETURN null AND false"), .boolean(false))
        XCTAssertEqual(try g.value("RETURN 1 IN null"), .null)
        XCTAssertEqual(g.error("WITH 1 AS x RETURN x AND true")?.kind, .typeError)
        XCTAssertEqual(try g.value("RETURN any(x IN [1, 'a'] WHERE x = 'a')"), .boolean(true))
    }

    func testPatternIsOnlyAPredicate() throws {
        try g.run("CREATE (:A)-[:REL]->(:B)")
        assertCompileError("MATCH (n) RETURN (n)-[]->()", "UnexpectedSyntax", column: 18)
        assertCompileError("MATCH (n) WITH (n)-[]->() AS x RETURN x", "UnexpectedSyntax", column: 16)
        assertCompileError("MATCH (a), (b) RETURN size(()--())", "UnexpectedSyntax", column: 28)
        assertCompileError("MATCH (n) SET n.prop = head(nodes(head((n)-[:REL]->()))).foo", "UnexpectedSyntax", column: 40)
        XCTAssertEqual(try g.rows("MATCH (n) WHERE (n)-->() AND NOT (n)<--() RETURN labels(n)"), ["['A']"])
        XCTAssertEqual(try g.rows("MATCH (n) WHERE exists((n)<--()) RETURN labels(n)"), ["['B']"])
        XCTAssertEqual(try g.rows("MATCH (n) RETURN labels(n)[0] AS l, CASE WHEN (n)-->() THEN 1 ELSE 0 END AS out ORDER BY l"), ["'A' | 1", "'B' | 0"])
        XCTAssertEqual(try g.rows("MATCH (n) WITH collect(n) AS ns RETURN size([m IN ns WHERE (m)-->()]) AS c"), ["1"])
    }

    func testGraphFunctionsRejectKnownWrongKindsAtCompileTime() throws {
        assertCompileError("MATCH p = (a)-[*]->(b) RETURN size(p)", "InvalidArgumentType", column: 36)
        assertCompileError("MATCH (n) RETURN length(n)", "InvalidArgumentType", column: 25)
        assertCompileError("MATCH ()-[r]->() RETURN length(r)", "InvalidArgumentType", column: 32)
        assertCompileError("MATCH (r) RETURN type(r)", "InvalidArgumentType", column: 23)
        assertCompileError("MATCH p = (a) RETURN labels(p)", "InvalidArgumentType", column: 29)
        assertCompileError("RETURN properties(1)", "InvalidArgumentType", column: 19)
        assertCompileError("RETURN properties([true, false])", "InvalidArgumentType", column: 19)
        XCTAssertEqual(try g.value("RETURN properties(null)"), .null)
        XCTAssertEqual(try g.value("RETURN size('abc') + size([1])"), .integer(4))
    }

    func testRangeArgumentsAreArgumentErrors() throws {
        for bad in ["true", "1.0", "'a'", "[1]", "{a: 1}"] {
            let e = g.error("RETURN range(\(bad), 3)")
            XCTAssertEqual(e?.kind, .argumentError, bad)
            XCTAssertEqual(e?.code, "InvalidArgumentType", bad)
            XCTAssertEqual(g.error("UNWIND range(0, 3, \(bad)) AS x RETURN x")?.kind, .argumentError, bad)
        }
    }

    func testAggregateInsideListExpressions() throws {
        XCTAssertEqual(try g.value("UNWIND [1, 2] AS x RETURN [y IN collect(x) | y * 2] AS l"), .list([.integer(2), .integer(4)]))
        XCTAssertEqual(try g.value("UNWIND [true, false] AS x RETURN all(ok IN collect(x) WHERE ok) AS a"), .boolean(false))
        XCTAssertEqual(try g.rows("UNWIND [1, 2, 3] AS x WITH x % 2 AS k, x RETURN k, [y IN collect(x) WHERE y > k | y] AS l ORDER BY k"),
                       ["0 | [2]", "1 | [3]"])
        // The variable the comprehension ranges over is its own, but an outer one must still be a key.
        assertCompileError("UNWIND [1, 2] AS x RETURN [y IN collect(x) | y * x] AS l", "AmbiguousAggregationExpression", column: 50)
    }
}

extension ExpressionSemanticsTests {
    func testPercentiles() throws {
        try g.run("CREATE ({price: 10.0}), ({price: 20.0}), ({price: 30.0}), ({name: 'no price'})")
        XCTAssertEqual(try g.rows("MATCH (n) RETURN percentileDisc(n.price, 0.0), percentileDisc(n.price, 0.5), percentileDisc(n.price, 1.0)"), ["10.0 | 20.0 | 30.0"])
        XCTAssertEqual(try g.rows("MATCH (n) RETURN percentileCont(n.price, 0.0), percentileCont(n.price, 0.25), percentileCont(n.price, 1)"), ["10.0 | 15.0 | 30.0"])
        // percentileDisc keeps the integer it picks; percentileCont interpolates to a float.
        XCTAssertEqual(try g.rows("UNWIND [4, 1, 3, 2] AS x RETURN percentileDisc(x, 0.5), percentileCont(x, 0.5)"), ["2 | 2.5"])
        XCTAssertEqual(try g.rows("UNWIND [null] AS x RETURN percentileDisc(x, 0.5), percentileCont(x, 0.5)"), ["null | null"])
        XCTAssertEqual(try g.rows("UNWIND [1, 2, 3, 4] AS x RETURN x % 2 AS k, percentileDisc(x, $p) ORDER BY k", ["p": .float(1)]), ["0 | 4", "1 | 3"])
        for bad: CypherValue in [.integer(1000), .integer(-1), .float(1.1)] {
            let e = g.error("MATCH (n) RETURN percentileCont(n.price, $p)", ["p": bad])
            XCTAssertEqual(e?.kind, .argumentError)
            XCTAssertEqual(e?.code, "NumberOutOfRange")
            XCTAssertEqual(g.error("MATCH (n) RETURN percentileDisc(n.price, $p)", ["p": bad])?.code, "NumberOutOfRange")
        }
        XCTAssertEqual(g.error("UNWIND ['a'] AS x RETURN percentileDisc(x, 0.5)")?.kind, .typeError)
        assertCompileError("RETURN percentileDisc(1)", "InvalidNumberOfArguments", column: 8)
        assertCompileError("UNWIND [1] AS x RETURN percentileDisc(x, count(*))", "NestedAggregation", column: 42)
    }
}

extension ExpressionSemanticsTests {
    func testPatternComprehension() throws {
        try g.run("CREATE (a:A {name: 'a'})-[:T {w: 1}]->(:B {name: 'b1'}), (a)-[:T {w: 2}]->(:B {name: 'b2'}), (a)-[:U]->(:C {name: 'c'}), (:A {name: 'lonely'})")
        XCTAssertEqual(try g.rows("MATCH (n:A) RETURN n.name, size([(n)-->() | 1]) AS degree ORDER BY n.name"), ["'a' | 3", "'lonely' | 0"])
        XCTAssertEqual(try g.rows("MATCH (n:A {name: 'a'}) RETURN [(n)-[r:T]->(m) WHERE r.w > 1 | m.name + n.name] AS l"), ["['b2a']"])
        XCTAssertEqual(try g.rows("MATCH (n:A {name: 'a'}) UNWIND [(n)-->(m:B) | m.name] AS name RETURN name ORDER BY name"), ["'b1'", "'b2'"])
        // A projection that reads only the outer row still gives one element per match.
        XCTAssertEqual(try g.rows("MATCH (n:A {name: 'a'}) RETURN [(n)-[:T]->() | n.name] AS l"), ["['a', 'a']"])
        XCTAssertEqual(try g.rows("MATCH (n:A {name: 'a'}) RETURN [p = (n)-[:U]->() | length(p)] AS l, [(n)-[:T*1..1]->(x) | x.name][0] IS NOT NULL AS some"), ["[1] | true"])
        XCTAssertEqual(try g.rows("MATCH (n:A) WITH n.name AS name, [(n)-->(m) | m.name] AS out RETURN name, size(out) ORDER BY name"), ["'a' | 3", "'lonely' | 0"])
        XCTAssertEqual(try g.rows("MATCH (n:A) RETURN count(*) AS c, sum(size([(n)-->() | 1])) AS d"), ["2 | 3"])
        XCTAssertEqual(try g.rows("OPTIONAL MATCH (n:Missing) RETURN [(n)-->(m) | m] AS l"), ["null"])
        // A pattern comprehension can be a grouping key; beside an aggregate its start must be a key.
        XCTAssertEqual(try g.rows("MATCH (n:A) RETURN size([(n)-->() | 1]) AS d, count(*) AS c ORDER BY d"), ["0 | 1", "3 | 1"])
        assertCompileError("MATCH (n:A) RETURN n.name AS k, count(*) + size([(n)-->() | 1]) AS l", "AmbiguousAggregationExpression", column: 49)
    }

    func testExistsSubquery() throws {
        try g.run("CREATE (:A {prop: 1})-[:R]->(:B {prop: 1}), (:A {prop: 2})-[:R]->(:B {prop: 3}), (:A {prop: 4})")
        XCTAssertEqual(try g.rows("MATCH (n:A) WHERE exists { (n)-->() } RETURN n.prop ORDER BY n.prop"), ["1", "2"])
        XCTAssertEqual(try g.rows("MATCH (n:A) WHERE exists { (n)-->(m) WHERE n.prop = m.prop } RETURN n.prop"), ["1"])
        XCTAssertEqual(try g.rows("MATCH (n:A) WHERE EXISTS { MATCH (n)-[r]->() WHERE type(r) = 'R' RETURN true } RETURN n.prop ORDER BY n.prop"), ["1", "2"])
        XCTAssertEqual(try g.rows("MATCH (n:A) RETURN n.prop, NOT exists { (n)-[:NA]->() } AS none ORDER BY n.prop"), ["1 | true", "2 | true", "4 | true"])
        XCTAssertEqual(try g.rows("MATCH (n:A) WHERE exists { MATCH (m:B) WHERE exists { (n)-->(m) WHERE m.prop > 2 } RETURN m } RETURN n.prop"), ["2"])
        assertCompileError("MATCH (n) WHERE exists { MATCH (n)-->(m) SET m.prop = 'fail' } RETURN n", "InvalidClauseComposition", column: 42)
    }
}

extension ExpressionSemanticsTests {
    func testFullExistsSubquery() throws {
        try g.run("CREATE (a:A {p: 1})-[:R]->(:B), (a)-[:R]->(:B), (a)-[:R]->(:B), (:A {p: 2})-[:R]->(:B), (:A {p: 3})")
        XCTAssertEqual(try g.rows("MATCH (n:A) WHERE exists { MATCH (n)-->(m) WITH n, count(*) AS c WHERE c = 3 RETURN true } RETURN n.p"), ["1"])
        XCTAssertEqual(try g.rows("MATCH (n:A) RETURN n.p, exists { MATCH (n)-->() WITH count(*) AS c WHERE c > 0 RETURN c } AS some ORDER BY n.p"),
                       ["1 | true", "2 | true", "3 | false"])
        XCTAssertEqual(try g.rows("MATCH (n:A) RETURN n.p, exists { UNWIND [1, 3] AS x WITH x WHERE x = n.p RETURN x } AS listed ORDER BY n.p"),
                       ["1 | true", "2 | false", "3 | true"])
        // A RETURN of an aggregate always has a row: then the subquery always exists.
        XCTAssertEqual(try g.rows("MATCH (n:A {p: 3}) RETURN exists { MATCH (n)-->() RETURN count(*) } AS e"), ["true"])
        XCTAssertEqual(try g.rows("MATCH (n:A {p: 1}) RETURN exists { MATCH (n)-->() RETURN n LIMIT 0 } AS e"), ["false"])
        assertCompileError("MATCH (n:A) RETURN n.p AS k, count(*) + size([x IN [exists { MATCH (n)-->() WITH n RETURN n }] WHERE x]) AS c",
                           "AmbiguousAggregationExpression", column: 53)
        assertCompileError("MATCH (n) WHERE exists { MATCH (n)-->(m) RETURN m WITH m RETURN m } RETURN n", "InvalidClauseComposition", column: 42)
    }
}

extension ExpressionSemanticsTests {
    func testReduce() throws {
        XCTAssertEqual(try g.value("RETURN reduce(acc = 0, x IN [1, 2, 3] | acc + x)"), .integer(6))
        XCTAssertEqual(try g.value("RETURN reduce(acc = 0.5, x IN [1, 2] | acc + x)"), .float(3.5))
        XCTAssertEqual(try g.value("RETURN reduce(s = '', x IN ['a', 'b', 'c'] | s + x)"), .string("abc"))
        XCTAssertEqual(try g.value("RETURN reduce(a = 1, x IN [] | a * x)"), .integer(1))
        XCTAssertEqual(try g.value("RETURN reduce(a = 1, x IN null | a * x)"), .null)
        XCTAssertEqual(try g.value("RETURN reduce(a = 1, x IN [2, null] | a * x)"), .null)
        XCTAssertEqual(try g.rows("UNWIND [[1, 2], [3, 4, 5]] AS l RETURN reduce(acc = [], x IN l | [x] + acc) AS r"), ["[2, 1]", "[5, 4, 3]"])
        XCTAssertEqual(try g.value("UNWIND [1, 2] AS k WITH collect(k) AS ks RETURN reduce(t = 0, x IN ks | t + x * 10)"), .integer(30))
        XCTAssertEqual(try g.value("RETURN reduce(acc = 0, x IN range(1, 1000) | acc + x)"), .integer(500500))
        assertCompileError("RETURN reduce(acc = 0, x IN 5 | acc + x)", "InvalidArgumentType", column: 29)
        assertCompileError("RETURN reduce(acc = 0, x IN ['a'] | acc - x)", "InvalidArgumentType", column: 43)
        XCTAssertEqual(g.error("RETURN reduce(acc = 0, x IN [1] | acc + y)")?.code, "UndefinedVariable")
    }
}

extension ExpressionSemanticsTests {
    func testCountSubquery() throws {
        try g.run("CREATE (a:A {p: 1})-[:R]->(:B), (a)-[:R]->(:B), (a)-[:S]->(:C), (:A {p: 2})")
        XCTAssertEqual(try g.rows("MATCH (n:A) RETURN n.p, COUNT { (n)-->() } AS all, count { (n)-->(m) WHERE m:B } AS b ORDER BY n.p"),
                       ["1 | 3 | 2", "2 | 0 | 0"])
        XCTAssertEqual(try g.rows("MATCH (n:A) RETURN n.p, COUNT { MATCH (n)-->(m) RETURN DISTINCT labels(m) AS l } AS kinds ORDER BY n.p"),
                       ["1 | 2", "2 | 0"])
        XCTAssertEqual(try g.rows("MATCH (n:A) WHERE COUNT { (n)-[:R]->() } > 1 RETURN n.p"), ["1"])
        assertCompileError("MATCH (n) RETURN COUNT { MATCH (n)-->(m) DELETE m } AS c", "InvalidClauseComposition", column: 42)
    }
}

extension ExpressionSemanticsTests {
    func testMapProjection() throws {
        try g.run("CREATE (:P {name: 'a', age: 3})-[:K]->(:P {name: 'b'})")
        XCTAssertEqual(try g.rows("MATCH (n:P) RETURN n {.name, .age} AS m ORDER BY m.name"), ["{age: 3, name: 'a'}", "{age: null, name: 'b'}"])
        XCTAssertEqual(try g.rows("MATCH (n:P)-->(f) RETURN n {.*, friend: f.name, age: n.age + 1} AS m"), ["{age: 4, friend: 'b', name: 'a'}"])
        XCTAssertEqual(try g.rows("MATCH (n:P {name: 'b'}) WITH n, 5 AS five RETURN n {five, .*} AS m"), ["{five: 5, name: 'b'}"])
        XCTAssertEqual(try g.rows("MATCH (n:P {name: 'b'}) RETURN n {.*} AS m"), ["{name: 'b'}"])
        XCTAssertEqual(try g.rows("OPTIONAL MATCH (n:Nope) RETURN n {.name} AS m"), ["null"])
        XCTAssertEqual(try g.rows("WITH {a: 1} AS x RETURN x {.a, .b} AS m"), ["{a: 1, b: null}"])
        XCTAssertEqual(try g.rows("MATCH (n:P) WITH n {.name} AS m, count(*) AS c RETURN m.name, c ORDER BY m.name"), ["'a' | 1", "'b' | 1"])
        XCTAssertEqual(g.error("MATCH (n:P) RETURN n {.name, missing}")?.code, "UndefinedVariable")
    }
}
