import Foundation
import XCTest

/// The REPL driven through a pseudo-terminal: the real `kg` binary, real readline.
final class InteractiveShellTests: XCTestCase {
    var scratch: Scratch!
    var database: String!

    override func setUpWithError() throws {
        scratch = try Scratch()
        database = scratch.file("graph.db")
        try SampleGraph.build(at: database)
    }

    override func tearDown() {
        scratch = nil
    }

    func startShell(extraArguments: [String] = []) throws -> PseudoTerminal {
        let environment = [
            "HOME": scratch.path,
            "KG_HISTORY": scratch.file("history"),
            "INPUTRC": "/dev/null",
            "TERM": "xterm",
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "NO_COLOR": "1",
        ]
        return try PseudoTerminal(executable: try KGBinary.path, arguments: ["--db", database] + extraArguments, environment: environment)
    }

    func testPromptBannerAndQuit() throws {
        let terminal = try startShell()
        XCTAssertNotNil(terminal.expect("kg> "))
        terminal.send(".quit\r")
        XCTAssertEqual(terminal.waitForExit(), 0)
    }

    func testCtrlDExitsAndRestoresTerminal() throws {
        let terminal = try startShell()
        terminal.expect("kg> ")
        terminal.send("\u{4}")
        XCTAssertEqual(terminal.waitForExit(), 0)
    }

    func testDotCommandOutputAtThePrompt() throws {
        let terminal = try startShell()
        terminal.expect("kg> ")
        terminal.send(".show SenseTime\r")
        terminal.expect("SenseTime  :Company")
        terminal.expect("-[:FOUNDED_BY 2014-10]-> Tang Xiao'ou (:Person)")
        terminal.expect("kg> ")
    }

    func testTabCompletesALabel() throws {
        let terminal = try startShell()
        terminal.expect("kg> ")
        terminal.send("MATCH (n:Gov\t")
        XCTAssertNotNil(terminal.expect("MATCH (n:GovernmentBody"))
    }

    func testTabCompletesAnEntityNameInsideQuotes() throws {
        let terminal = try startShell()
        terminal.expect("kg> ")
        terminal.send("MATCH (n {name: 'United\t")
        // The unique name is completed and its quote closed.
        XCTAssertNotNil(terminal.expect("{name: 'United States Department of the Treasury'"))
    }

    func testTabCompletesANameWithAQuoteInADotCommand() throws {
        let terminal = try startShell()
        terminal.expect("kg> ")
        terminal.send(".show Tan\t")
        terminal.expect(".show 'Tang Xiao\\'ou'")
        terminal.send("\r")
        XCTAssertNotNil(terminal.expect("Tang Xiao'ou  :Person"))
    }

    func testTabCompletesACJKName() throws {
        let terminal = try startShell()
        terminal.expect("kg> ")
        terminal.send(".neighbors 商汤\t")
        terminal.expect(".neighbors 商汤科技北京")
        terminal.send("\r")
        XCTAssertNotNil(terminal.expect("SUBSIDIARY_OF"))
    }

    func testTabCompletesDotCommandsAndFilePaths() throws {
        try scratch.write("script-to-read.kg", ".stats\n")
        let terminal = try startShell()
        terminal.expect("kg> ")
        terminal.send(".ne\t")
        terminal.expect(".neighbors")
        terminal.send("\u{3}")
        terminal.expect("kg> ")
        terminal.send(".read \(scratch.path)/script-to\t")
        XCTAssertNotNil(terminal.expect("script-to-read.kg"))
        terminal.send("\r")
        XCTAssertNotNil(terminal.expect("relationships 4"))
    }

    func testCtrlCCancelsTheLineAndAHalfTypedStatement() throws {
        let terminal = try startShell()
        terminal.expect("kg> ")
        terminal.send("MATCH (n)\r")
        terminal.expect("...> ")
        terminal.send("WHERE n.na\u{3}")
        terminal.expect("^C")
        // Back at the primary prompt: the half-typed statement is gone.
        terminal.expect("kg> ")
        terminal.send(".mode\r")
        XCTAssertNotNil(terminal.expect("current output mode: table"))
    }

    func testHistoryRecallWithTheUpArrowAcrossSessions() throws {
        let first = try startShell()
        first.expect("kg> ")
        first.send(".find treasury\r")
        first.expect("United States Department of the Treasury")
        first.expect("kg> ")
        first.send(".mode line\r")
        first.expect("kg> ")
        first.send(".mode line\r") // a duplicate: collapsed in the history file
        first.expect("kg> ")
        first.send("\u{4}")
        XCTAssertEqual(first.waitForExit(), 0)

        let history = try String(contentsOfFile: scratch.file("history"), encoding: .utf8)
        XCTAssertEqual(history.split(separator: "\n").filter { $0 == ".mode line" }.count, 1, history)

        let second = try startShell()
        second.expect("kg> ")
        second.send(PseudoTerminal.up + PseudoTerminal.up)
        second.expect(".find treasury")
        second.send("\r")
        XCTAssertNotNil(second.expect("GovernmentBody"))
    }

    func testResultsAreRedirectedByOutput() throws {
        let terminal = try startShell()
        terminal.expect("kg> ")
        let out = scratch.file("schema.csv")
        terminal.send(".mode csv\r.output \(out)\r.schema\r.output\r")
        terminal.send(".headers off\r")
        terminal.expect("kg> .headers off")
        terminal.expect("kg> ")
        terminal.send("\u{4}")
        XCTAssertEqual(terminal.waitForExit(), 0)
        let text = try String(contentsOfFile: out, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("kind,name,count\r\n"), text)
        XCTAssertTrue(text.contains("label,GovernmentBody,1\r\n"), text)
    }
}
