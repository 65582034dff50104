import KGQuery
import XCTest

/// Deeply nested or very long expressions end in a clear error or a result, never a stack
/// overflow in the parser, the compiler or SQLite's own parser.
final class NestingTests: XCTestCase {
    var g: TestGraph!
    override func setUpWithError() throws { g = try TestGraph() }
    override func tearDown() { g = nil }

    private func nest(_ open: String, _ middle: String, _ close: String, _ n: Int) -> String {
        String(repeating: open, count: n) + middle + String(repeating: close, count: n)
    }

    func testTenThousandLevelsAreASyntaxError() throws {
        let queries = [
            "RETURN " + nest("(", "1", ")", 10_000), "RETURN " + nest("[", "1", "]", 10_000),
            "RETURN " + nest("{a: ", "1", "}", 10_000), "RETURN " + String(repeating: "-", count: 10_000) + "x",
            "RETURN " + String(repeating: "NOT ", count: 10_000) + "true", "RETURN " + String(repeating: "(", count: 10_000),
            "RETURN 1" + String(repeating: " * 2", count: 10_000), "MATCH " + nest("(", "n", ")", 10_000) + " RETURN n",
        ]
        for query in queries {
            let error = g.error(query)
            XCTAssertEqual(error?.kind, .syntaxError, String(query.prefix(20)))
            XCTAssertEqual(error?.code, "ExpressionTooComplex", String(query.prefix(20)))
            XCTAssertNotNil(error?.position, String(query.prefix(20)))
        }
    }

    func testModerateNestingStillRuns() throws {
        XCTAssertEqual(try g.value("RETURN " + nest("(", "1", ")", 200)), .integer(1))
        XCTAssertEqual(try g.value("RETURN " + nest("[", "1", "]", 50)), .list([try g.value("RETURN " + nest("[", "1", "]", 49))]))
        XCTAssertEqual(try g.value("RETURN " + nest("{a: ", "1", "}", 3) + ".a.a.a"), .integer(1))
    }

    func testLongAdditionChainsRunAndKeepLeftToRightMeaning() throws {
        XCTAssertEqual(try g.value("RETURN 1" + String(repeating: " + 1", count: 200)), .integer(201))
        XCTAssertEqual(try g.value("RETURN 1" + String(repeating: " + 1", count: 255)), .integer(256))
        XCTAssertEqual(try g.value("RETURN 'a' + 1 + 2"), .string("a12"))
        XCTAssertEqual(try g.value("RETURN 1 + 2 + 'a'"), .string("3a"))
        XCTAssertEqual(try g.value("RETURN [1] + 2 + [3]"), .list([.integer(1), .integer(2), .integer(3)]))
        XCTAssertEqual(try g.value("RETURN 1 + 2 - 3 + 4"), .integer(4))
        XCTAssertEqual(try g.value("RETURN 1 + null + 2"), .null)
    }

    func testSQLiteNestingLimitIsAClearError() throws {
        // 250 unary minuses pass the parser but exceed SQLite's parser stack.
        let error = g.error("WITH 1 AS x RETURN " + String(repeating: "-", count: 250) + "x")
        XCTAssertEqual(error?.kind, .syntaxError)
        XCTAssertEqual(error?.code, "ExpressionTooComplex")
        XCTAssertFalse(error?.description.contains("SELECT") ?? true, error?.description ?? "")
    }
}

final class NULTests: XCTestCase {
    func testStringsWithNULSurviveFunctionResults() throws {
        let g = try TestGraph()
        let evil = "name\u{0}hidden"
        let r = try g.engine.execute("CREATE (a)-[r:T {`\(evil)`: $v}]->(b) RETURN r.`\(evil)`, $v + '!', [$v][0]", parameters: ["v": .string(evil)])
        XCTAssertEqual(r.rows.first, [.string(evil), .string(evil + "!"), .string(evil)])
        XCTAssertEqual(try g.value("WITH '' AS e RETURN e + ''"), .string(""))
        XCTAssertEqual(try g.value("RETURN toUpper($e)", ["e": .string("")]), .string(""))
    }
}
