import KGQuery
import XCTest

final class ExpressionTests: XCTestCase {
    var g: TestGraph!
    override func setUpWithError() throws { g = try TestGraph() }
    override func tearDown() { g = nil }

    func v(_ expr: String, _ params: [String: CypherValue] = [:]) throws -> CypherValue { try g.value("RETURN " + expr, params) }

    func testNullLogic() throws {
        XCTAssertEqual(try v("null AND false"), .boolean(false))
        XCTAssertEqual(try v("null AND true"), .null)
        XCTAssertEqual(try v("null OR true"), .boolean(true))
        XCTAssertEqual(try v("null OR false"), .null)
        XCTAssertEqual(try v("true XOR null"), .null)
        XCTAssertEqual(try v("true XOR false"), .boolean(true))
        XCTAssertEqual(try v("NOT null"), .null)
        XCTAssertEqual(try v("null = null"), .null)
        XCTAssertEqual(try v("null IS NULL"), .boolean(true))
        XCTAssertEqual(try v("1 IN [2, null]"), .null)
        XCTAssertEqual(try v("1 IN [1, null]"), .boolean(true))
        XCTAssertEqual(try v("[1, null] = [1, null]"), .null)
        XCTAssertEqual(try v("[1, 2] = [1, null]"), .null)
        XCTAssertEqual(try v("[1, 2] = [3, null]"), .boolean(false))
        XCTAssertEqual(try v("[1, 2] = [1]"), .boolean(false))
        XCTAssertEqual(try v("1 < 'a'"), .null)
        XCTAssertEqual(g.error("RETURN 1 AND true")?.kind, .syntaxError)
    }

    func testArithmeticKeepsIntegersAndFloatsApart() throws {
        XCTAssertEqual(try v("1 + 2"), .integer(3))
        XCTAssertEqual(try v("1 + 2.0"), .float(3))
        XCTAssertEqual(try v("7 / 2"), .integer(3))
        XCTAssertEqual(try v("7 / 2.0"), .float(3.5))
        XCTAssertEqual(try v("-7 % 3"), .integer(-1))
        XCTAssertEqual(try v("2 ^ 3"), .float(8))
        XCTAssertEqual(try v("1 = 1.0"), .boolean(true))
        XCTAssertEqual(try v("1 + null"), .null)
        XCTAssertEqual(try v("'a' + 1"), .string("a1"))
        XCTAssertEqual(try v("[1] + 2"), .list([.integer(1), .integer(2)]))
        XCTAssertEqual(try v("-9223372036854775808"), .integer(.min))
        XCTAssertEqual(g.error("RETURN 9223372036854775807 + 1")?.code, "IntegerOverflow")
        XCTAssertEqual(g.error("RETURN 1 / 0")?.kind, .arithmeticError)
        XCTAssertEqual(try v("1 / 0.0"), .float(.infinity))
        XCTAssertEqual(g.error("RETURN 9223372036854775808")?.code, "IntegerOverflow")
        XCTAssertEqual(g.error("RETURN 'a' - 1")?.kind, .syntaxError)
        XCTAssertEqual(g.error("WITH 'a' AS s RETURN s - 1")?.kind, .typeError)
    }

    func testOrderingOfMixedTypes() throws {
        let rows = try g.rows("UNWIND [2, 'b', null, 1.5, true, [1], {a: 1}, 'a', false, 1] AS x RETURN x ORDER BY x")
        XCTAssertEqual(rows, ["{a: 1}", "[1]", "'a'", "'b'", "false", "true", "1", "1.5", "2", "null"])
        XCTAssertEqual(try g.rows("UNWIND [3, null, 1] AS x RETURN x ORDER BY x DESC"), ["null", "3", "1"])
        XCTAssertEqual(try v("max([1, 'a'][0])"), .integer(1))
        XCTAssertEqual(try g.value("UNWIND [1, 'a', 2.5] AS x RETURN max(x)"), .float(2.5))
        XCTAssertEqual(try g.value("UNWIND [1, 'a', 2.5] AS x RETURN min(x)"), .string("a"))
    }

    func testStringPredicatesAndRegex() throws {
        XCTAssertEqual(try v("'SenseTime' STARTS WITH 'Sense'"), .boolean(true))
        XCTAssertEqual(try v("'SenseTime' ENDS WITH 'time'"), .boolean(false))
        XCTAssertEqual(try v("'SenseTime' CONTAINS 'seT'"), .boolean(true))
        XCTAssertEqual(try v("'SenseTime' CONTAINS null"), .null)
        XCTAssertEqual(try v("1 STARTS WITH 'a'"), .null)
        XCTAssertEqual(try v("'abc' =~ 'a.c'"), .boolean(true))
        XCTAssertEqual(try v("'abcd' =~ 'a.c'"), .boolean(false))
    }

    func testCaseListsAndMaps() throws {
        XCTAssertEqual(try v("CASE 2 WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END"), .string("two"))
        XCTAssertEqual(try v("CASE WHEN 1 > 2 THEN 'x' END"), .null)
        XCTAssertEqual(try v("[1, 2, 3][-1]"), .integer(3))
        XCTAssertEqual(try v("[1, 2, 3][1..]"), .list([.integer(2), .integer(3)]))
        XCTAssertEqual(try v("[1, 2, 3][..-1]"), .list([.integer(1), .integer(2)]))
        XCTAssertEqual(try v("[1, 2, 3][5]"), .null)
        XCTAssertEqual(try v("{a: 1, b: 'x'}.b"), .string("x"))
        XCTAssertEqual(try v("{a: 1}['a']"), .integer(1))
        XCTAssertEqual(try v("[x IN range(1, 5) WHERE x % 2 = 1 | x * 10]"), .list([.integer(10), .integer(30), .integer(50)]))
        XCTAssertEqual(try v("any(x IN [1, 2] WHERE x > 1)"), .boolean(true))
        XCTAssertEqual(try v("all(x IN [1, null] WHERE x > 0)"), .null)
        XCTAssertEqual(try v("none(x IN [] WHERE x > 0)"), .boolean(true))
        XCTAssertEqual(try v("$p.k", ["p": .map(["k": .integer(5)])]), .integer(5))
        XCTAssertEqual(g.error("RETURN $missing")?.kind, .parameterMissing)
    }

    func testFunctions() throws {
        XCTAssertEqual(try v("toLower('AbC') + toUpper('x') + trim('  y ')"), .string("abcXy"))
        XCTAssertEqual(try v("substring('hello', 1, 3)"), .string("ell"))
        XCTAssertEqual(try v("substring('hello', 2)"), .string("llo"))
        XCTAssertEqual(try v("replace('a-b-c', '-', '+')"), .string("a+b+c"))
        XCTAssertEqual(try v("split('a,b', ',')"), .list([.string("a"), .string("b")]))
        XCTAssertEqual(try v("toString(1.0)"), .string("1.0"))
        XCTAssertEqual(try v("toInteger('42')"), .integer(42))
        XCTAssertEqual(try v("toInteger(3.9)"), .integer(3))
        XCTAssertEqual(try v("toInteger('x')"), .null)
        XCTAssertEqual(try v("toFloat('1.5')"), .float(1.5))
        XCTAssertEqual(try v("coalesce(null, 2, 3)"), .integer(2))
        XCTAssertEqual(try v("head([1, 2])"), .integer(1))
        XCTAssertEqual(try v("last([1, 2])"), .integer(2))
        XCTAssertEqual(try v("head([])"), .null)
        XCTAssertEqual(try v("range(0, 10, 5)"), .list([.integer(0), .integer(5), .integer(10)]))
        XCTAssertEqual(try v("size([1, 2])"), .integer(2))
        XCTAssertEqual(try v("size('héllo')"), .integer(5))
        XCTAssertEqual(try v("size(null)"), .null)
        XCTAssertEqual(g.error("RETURN size(1)")?.kind, .syntaxError)
        XCTAssertEqual(g.error("WITH 1 AS x RETURN size(x)")?.kind, .typeError)
        XCTAssertEqual(g.error("RETURN nosuch(1)")?.code, "UnknownFunction")
        XCTAssertEqual(g.error("RETURN toLower()")?.code, "InvalidNumberOfArguments")
        XCTAssertEqual(g.error("RETURN substring('a', -1)")?.kind, .argumentError)
        XCTAssertEqual(g.error("RETURN range(1, 2, 0)")?.kind, .argumentError)
        try g.run("CREATE (:A {name: 'a'})-[:T {w: 1}]->(:B)")
        XCTAssertEqual(try g.rows("MATCH (a)-[r]->(b) RETURN type(r), labels(a), keys(r), properties(r), id(a) = id(startNode(r)), endNode(r) = b, exists(a.name), exists(b.name)"),
                       ["'T' | ['A'] | ['w'] | {w: 1} | true | true | true | false"])
        XCTAssertEqual(try g.rows("MATCH p = (a)-[r]->(b) RETURN length(p), size(nodes(p)), size(relationships(p))"), ["1 | 2 | 1"])
    }

    func testSyntaxErrorsShowPositionAndCaret() throws {
        let e = g.error("MATCH (n)\nRETURN n.name AS")!
        XCTAssertEqual(e.kind, .syntaxError)
        XCTAssertEqual(e.position?.line, 2)
        XCTAssertEqual(e.position?.column, 17)
        XCTAssertTrue(e.description.hasPrefix("SyntaxError: "), e.description)
        XCTAssertTrue(e.description.hasSuffix("RETURN n.name AS\n                  ^"), e.description)
        XCTAssertEqual(g.error("MATCH (n) RETURN m")?.code, "UndefinedVariable")
        XCTAssertEqual(g.error("MATCH (n) RETURN n UNION RETURN 1")?.code, "UnsupportedFeature")
        XCTAssertEqual(g.error("MATCH (n)")?.code, "InvalidClauseComposition")
        XCTAssertEqual(g.error("MATCH (n)-[r]->(n), (r) RETURN r")?.code, "VariableTypeConflict")
        XCTAssertEqual(g.error("MATCH p = allShortestPaths((a)-[*]->(b)) RETURN p")?.code, "UnsupportedFeature")
    }
}
