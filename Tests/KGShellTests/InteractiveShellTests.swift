import Foundation
import KGStore
import XCTest

/// The REPL driven through a pseudo-terminal: the real `kg` binary, real readline.
final class InteractiveShellTests: SampleGraphTestCase {
    func testPromptBannerAndQuit() throws {
        let terminal = try startShell()
        XCTAssertNotNil(terminal.expect("kg> "))
        terminal.send(".quit\r")
        XCTAssertEqual(terminal.waitForExit(), 0)
    }

    func testTheFirstCommandBuildsTheSampleGraphAndLandsAtThePrompt() throws {
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("seeds").path
        database = scratch.file("seeds.db")
        let terminal = try startShell(extraArguments: ["--ingest", seeds])
        terminal.expect("2 documents ingested")
        terminal.expect("kg> ")
        terminal.send(".show SenseTime\r")
        XCTAssertNotNil(terminal.expect("FOUNDED_BY"))
    }

    func testCtrlDExitsAndRestoresTerminal() throws {
        let terminal = try startShell()
        terminal.expect("kg> ")
        XCTAssertFalse(terminal.isCooked, "readline edits the line itself")
        terminal.send("MATCH\u{4}") // not an empty line: Ctrl-D deletes, does not quit
        terminal.send("\u{1}\u{4}\u{4}\u{4}\u{4}\u{4}") // to the start, delete the word
        terminal.send("\u{4}")
        XCTAssertEqual(terminal.waitForExit(), 0)
        XCTAssertTrue(terminal.isCooked)
    }

    func testATerminatingSignalAtThePromptRestoresTheTerminal() throws {
        let terminal = try startShell()
        terminal.expect("kg> ")
        terminal.send("MATCH (n")
        terminal.expect("MATCH (n")
        XCTAssertFalse(terminal.isCooked)
        kill(terminal.pid, SIGTERM)
        XCTAssertEqual(terminal.waitForExit(), 128 + SIGTERM)
        XCTAssertTrue(terminal.isCooked)
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

/// The REPL running Cypher.
final class InteractiveQueryTests: SampleGraphTestCase {
    override func setUpWithError() throws {
        try super.setUpWithError()
        let store = try GraphStore(path: database)
        // Enough nodes that a cross product of six patterns runs for hours.
        try store.db.transaction {
            for i in 0..<100 {
                let id = try store.createNode()
                try store.addLabel("Filler", to: id)
                try store.setProperty("name", .string("filler \(i)"), on: id)
            }
        }
    }

    override var colourShell: Bool { true }

    func testAQueryAndItsTable() throws {
        let terminal = try startShell()
        terminal.expect("kg> ")
        terminal.send("MATCH (c:Company)\r")
        terminal.expect("...> ")
        terminal.send("RETURN c.name AS name ORDER BY name;\r")
        terminal.expect("│ name               │")
        terminal.expect("│ SenseTime          │")
        terminal.expect("│ Shanghai SenseTime │")
        terminal.expect("│ 商汤科技北京       │")
        XCTAssertNotNil(terminal.expect("3 rows ("), "the footer counts rows and shows the time")
        terminal.expect("kg> ")
        // A statement can also end at a blank line.
        terminal.send("RETURN 1 + 1 AS two\r\r")
        XCTAssertNotNil(terminal.expect("│   2 │"))
    }

    func testColourOnTheTerminalUnlessNoColor() throws {
        let terminal = try startShell()
        terminal.expect("kg> ")
        terminal.send("RETURN null AS nothing;\r")
        terminal.expect("nothing")
        terminal.expect("kg> ")
        XCTAssertTrue(terminal.rawOutput.contains("\u{1B}[1mnothing"), "bold header on a terminal")
    }

    func testSyntaxErrorsShowACaret() throws {
        let terminal = try startShell()
        terminal.expect("kg> ")
        terminal.send("MATCH (n RETURN n;\r")
        terminal.expect("SyntaxError")
        terminal.expect("  MATCH (n RETURN n")
        XCTAssertNotNil(terminal.expect("           ^"))
        terminal.expect("kg> ")
    }

    func testCtrlCInterruptsALongQueryAndReturnsToThePrompt() throws {
        let terminal = try startShell()
        terminal.expect("kg> ")
        terminal.send("MATCH (a), (b), (c), (d), (e), (f) RETURN count(*);\r")
        Thread.sleep(forTimeInterval: 0.5)
        let started = Date()
        terminal.send("\u{3}")
        XCTAssertNotNil(terminal.expect("Interrupted."))
        XCTAssertLessThan(Date().timeIntervalSince(started), 3, "the query stops at once")
        terminal.expect("kg> ")
        terminal.send("RETURN 40 + 2 AS answer;\r")
        XCTAssertNotNil(terminal.expect("│     42 │"))
        terminal.expect("kg> ")
        terminal.send("\u{4}")
        XCTAssertEqual(terminal.waitForExit(), 0)
    }
}
