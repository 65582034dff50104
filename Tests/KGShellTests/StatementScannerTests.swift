import KGShell
import XCTest

final class StatementScannerTests: XCTestCase {
    func scan(_ text: String) -> [ShellInput] {
        var scanner = StatementScanner()
        var out: [ShellInput] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            out += scanner.feed(String(line), lineNumber: i + 1)
        }
        return out + scanner.finish()
    }

    func testSemicolonsEndStatements() {
        XCTAssertEqual(scan("MATCH (n) RETURN n; RETURN 1;\nRETURN 2"), [
            ShellInput(kind: .statement, text: "MATCH (n) RETURN n", line: 1),
            ShellInput(kind: .statement, text: " RETURN 1", line: 1),
            ShellInput(kind: .statement, text: "RETURN 2", line: 2),
        ])
    }

    func testABlankLineEndsAStatementOnlyWhenBracketsBalance() {
        let inputs = scan("MATCH (n)\nRETURN n\n\nMATCH (n {\n\nname: 'x'})\nRETURN n\n")
        XCTAssertEqual(inputs.map(\.text), ["MATCH (n)\nRETURN n", "MATCH (n {\n\nname: 'x'})\nRETURN n"])
        XCTAssertEqual(inputs.map(\.line), [1, 4])
    }

    func testSemicolonsInStringsAndCommentsDoNotCount() {
        let inputs = scan("RETURN 'a;b', \"c;d\", `e;f` // g;h\n/* i;\n\nj; */ RETURN 1;")
        XCTAssertEqual(inputs.count, 1)
        XCTAssertEqual(inputs[0].text, "RETURN 'a;b', \"c;d\", `e;f` // g;h\n/* i;\n\nj; */ RETURN 1")
    }

    func testEscapedQuotesStayInsideStrings() {
        let inputs = scan("RETURN 'it\\'s; fine';\nRETURN 2;")
        XCTAssertEqual(inputs.map(\.text), ["RETURN 'it\\'s; fine'", "RETURN 2"])
    }

    func testDotCommandsOnlyBetweenStatements() {
        let inputs = scan(".mode csv\nMATCH (n)\n.not a command\nRETURN n;\n  .headers off")
        XCTAssertEqual(inputs, [
            ShellInput(kind: .dotCommand, text: ".mode csv", line: 1),
            ShellInput(kind: .statement, text: "MATCH (n)\n.not a command\nRETURN n", line: 2),
            ShellInput(kind: .dotCommand, text: ".headers off", line: 5),
        ])
    }

    func testCommentOnlyInputIsNotAStatement() {
        XCTAssertEqual(scan("// just a note\n\n/* and\nanother */\n"), [])
        XCTAssertEqual(scan("// note\n.stats").map(\.kind), [.dotCommand])
    }

    func testLineNumbersSkipLeadingBlankLines() {
        let inputs = scan("\n\n  MATCH (n)\n  RETURN n;\n\n\nRETURN x")
        XCTAssertEqual(inputs.map(\.line), [3, 7])
    }

    func testPendingDrivesTheContinuationPrompt() {
        var scanner = StatementScanner()
        XCTAssertFalse(scanner.isPending)
        _ = scanner.feed("MATCH (n", lineNumber: 1)
        XCTAssertTrue(scanner.isPending)
        _ = scanner.feed("", lineNumber: 2) // brackets still open: the blank line does not end it
        XCTAssertTrue(scanner.isPending)
        XCTAssertEqual(scanner.feed(") RETURN n;", lineNumber: 3).map(\.text), ["MATCH (n\n\n) RETURN n"])
        XCTAssertFalse(scanner.isPending)
        _ = scanner.feed("/* open comment", lineNumber: 4)
        XCTAssertTrue(scanner.isPending)
        scanner.reset()
        XCTAssertFalse(scanner.isPending)
    }

    func testSingleLineFormForHistory() {
        XCTAssertEqual(StatementScanner.singleLine("MATCH (n) // who\nWHERE n.name = 'a\nb'\nRETURN n"),
                       "MATCH (n) WHERE n.name = 'a\\nb' RETURN n")
        XCTAssertEqual(StatementScanner.singleLine("RETURN 'http://x' // c"), "RETURN 'http://x'")
    }
}
