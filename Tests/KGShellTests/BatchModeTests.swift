import Foundation
import XCTest

/// Standard input that is not a terminal is a script; `-f` and `-c` run scripts too.
final class BatchModeTests: SampleGraphTestCase {
    func testAPipedScriptHasNoBannerOrPrompt() throws {
        let run = try kg([], stdin: ".mode csv\n.schema\n")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.hasPrefix("kind,name,count\r\n"), run.stdout)
        XCTAssertFalse(run.stdout.contains("kg>"))
        XCTAssertEqual(run.stderr, "")
    }

    func testAnErrorInTheMiddleIsReportedWithItsLineAndTheRestStillRuns() throws {
        let run = try kg([], stdin: ".mode csv\n\n.show Nobody At All\n.show 'Nobody At All'\n.find treasury\n")
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("<stdin>:3: usage: .show NAME"), run.stderr)
        XCTAssertTrue(run.stderr.contains("<stdin>:4: no entity named 'Nobody At All'"), run.stderr)
        XCTAssertTrue(run.stdout.contains("United States Department of the Treasury,:GovernmentBody,"), run.stdout)
    }

    func testBailStopsAtTheFirstError() throws {
        let run = try kg(["--bail"], stdin: ".bogus\n.stats\n")
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("<stdin>:1: unknown command .bogus"), run.stderr)
        XCTAssertEqual(run.stdout, "")
    }

    func testScriptFilesNameThemselvesInErrors() throws {
        let script = try scratch.write("explore.kg", "// look around\n.stats\n.neighbors\n")
        let run = try kg(["-f", script])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("\(script):3: usage: .neighbors NAME [DEPTH]"), run.stderr)
        XCTAssertTrue(run.stdout.contains("relationships 4"), run.stdout)
    }

    func testCommandFlagRunsAndExits() throws {
        let run = try kg(["-c", ".find 商汤"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("商汤科技北京"), run.stdout)
        XCTAssertTrue(run.stdout.contains("SenseTime"), "an alias matches too: \(run.stdout)")
    }

    func testOutputAndOnceWriteFiles() throws {
        let all = scratch.file("all.tsv"), once = scratch.file("once.json")
        let run = try kg([], stdin: ".mode tsv\n.output \(all)\n.schema\n.mode json\n.once \(once)\n.schema\n.schema\n")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(try String(contentsOfFile: all, encoding: .utf8).hasPrefix("kind\tname\tcount\nlabel\tCompany\t3\n"))
        let json = try String(contentsOfFile: once, encoding: .utf8)
        XCTAssertTrue(json.hasPrefix("{\"columns\": [\"kind\", \"name\", \"count\"], \"rows\": [[\"label\", \"Company\", 3]"), json)
        XCTAssertEqual(json.split(separator: "\n").count, 1, "only the next result goes to a .once file")
    }

    func testBadPathsGiveClearMessages() throws {
        let directory = scratch.path
        let run = try kg([], stdin: ".output \(directory)/missing/out.csv\n.output \(directory)\n.read \(directory)/nothing.kg\n.read \(directory)\n")
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("<stdin>:1: cannot write \(directory)/missing/out.csv: directory \(directory)/missing does not exist"), run.stderr)
        XCTAssertTrue(run.stderr.contains("<stdin>:2: cannot write \(directory): it is a directory"), run.stderr)
        XCTAssertTrue(run.stderr.contains("<stdin>:3: cannot read \(directory)/nothing.kg: no such file"), run.stderr)
        XCTAssertTrue(run.stderr.contains("<stdin>:4: cannot read \(directory): it is a directory"), run.stderr)
    }

    func testPermissionDeniedIsSaid() throws {
        guard getuid() != 0 else { throw XCTSkip("root may write anywhere") }
        let locked = scratch.file("locked")
        try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o500])
        let run = try kg([], stdin: ".output \(locked)/x.csv\n")
        XCTAssertTrue(run.stderr.contains("cannot write \(locked)/x.csv: permission denied"), run.stderr)
    }

    func testOpenSwitchesGraphsAndRefusesBadPaths() throws {
        let other = scratch.file("other.db")
        let run = try kg([], stdin: ".open \(scratch.path)/no/such/dir/x.db\n.open \(scratch.path)\n.open \(other)\n.mode csv\n.schema\n")
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("<stdin>:1: \(scratch.path)/no/such/dir/x.db: directory \(scratch.path)/no/such/dir does not exist"), run.stderr)
        XCTAssertTrue(run.stderr.contains("<stdin>:2: \(scratch.path): not a kg graph (it is a directory)"), run.stderr)
        XCTAssertEqual(run.stdout, "kind,name,count\r\n", "the new graph is empty")
        XCTAssertTrue(FileManager.default.fileExists(atPath: other))
    }

    func testMissingScriptFile() throws {
        let run = try kg(["-f", scratch.file("nothing.kg")])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stderr, "kg: cannot read \(scratch.file("nothing.kg")): no such file\n")
    }

    func testTimerAndHelp() throws {
        let run = try kg([], stdin: ".timer on\n.mode csv\nRETURN 1 AS x;\n.timer off\nRETURN 2 AS y;\n.help neighbors\n")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.hasPrefix("Run Time: "), run.stderr)
        XCTAssertTrue(run.stdout.hasSuffix(".neighbors NAME [DEPTH]\n    Entities within DEPTH relationships of NAME (default 1)\n"), run.stdout)
    }

    func testReadRunsAnotherScriptAndQuitStops() throws {
        let inner = try scratch.write("inner.kg", ".mode csv\n.bogus\n")
        let run = try kg([], stdin: ".read \(inner)\n.quit\n.stats\n")
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("\(inner):2: unknown command .bogus"), run.stderr)
        XCTAssertEqual(run.stdout, "", ".quit ends the script before .stats")
    }

    func testWhyShowsTheEvidenceOfTheLastResult() throws {
        let run = try kg([], stdin: ".show 'Tang Xiao\\'ou'\n.why\n.mode csv\n.why\n")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("SenseTime -[:FOUNDED_BY]-> Tang Xiao'ou  (2014-10)"), run.stdout)
        XCTAssertTrue(run.stdout.contains("  source:     seeds/sensetime.wiki"), run.stdout)
        XCTAssertTrue(run.stdout.contains("  rule:       sentence.founding"), run.stdout)
        XCTAssertTrue(run.stdout.contains("  evidence:   SenseTime was co-founded by Tang Xiao'ou in October 2014."), run.stdout)
        XCTAssertTrue(run.stdout.contains("from,type,to,date,source,evidence,rule,confidence\r\nSenseTime,FOUNDED_BY,Tang Xiao'ou,2014-10,seeds/sensetime.wiki,"),
                      run.stdout)
    }

    func testNeighborsAndPath() throws {
        let run = try kg([], stdin: ".mode csv\n.neighbors 'Tang Xiao\\'ou' 2\n.path 'Shanghai SenseTime' 'Tang Xiao\\'ou'\n")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("1,SenseTime (:Company),-[:FOUNDED_BY 2014-10]->,Tang Xiao'ou (:Person)\r\n"), run.stdout)
        XCTAssertTrue(run.stdout.contains("2,Shanghai SenseTime (:Company),-[:SUBSIDIARY_OF]->,SenseTime (:Company)\r\n"), run.stdout)
        XCTAssertTrue(run.stdout.contains("""
            Shanghai SenseTime (:Company)
              -[:SUBSIDIARY_OF]-> SenseTime (:Company)
              -[:FOUNDED_BY 2014-10]-> Tang Xiao'ou (:Person)
            (2 relationships)
            """), run.stdout)
    }

    func testFindToleratesTypos() throws {
        let run = try kg(["--mode", "csv", "-c", ".find SenseTiime"])
        XCTAssertEqual(run.status, 0, run.stderr)
        let names = run.stdout.split(separator: "\r\n").dropFirst().map { $0.split(separator: ",").first.map(String.init) ?? "" }
        XCTAssertEqual(names.first, "SenseTime", run.stdout)
    }

    func testShowSuggestsNearNames() throws {
        let run = try kg(["-c", ".show Sensetme"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("no entity named 'Sensetme'; did you mean: 'SenseTime'"), run.stderr)
    }
}

/// Scripts with Cypher statements.
final class BatchQueryTests: SampleGraphTestCase {
    func testAQueryErrorInTheMiddleNamesTheScriptLineAndLaterStatementsRun() throws {
        let script = """
            .mode csv
            MATCH (c:Company {name: 'SenseTime'})-[:FOUNDED_BY]->(p)
            RETURN p.name AS founder;

            // the next statement is broken on its second line
            MATCH (n:Company)
            RETURN n.name ORDER BY;
            MATCH (g:GovernmentBody)-[r:SANCTIONED]->(c) RETURN g.name, r.action, r.date;
            """
        let run = try kg([], stdin: script)
        XCTAssertEqual(run.status, 1, "one statement failed")
        XCTAssertEqual(run.stdout, """
            founder\r
            Tang Xiao'ou\r
            g.name,r.action,r.date\r
            United States Department of the Treasury,investment blacklist,2021-12-10\r

            """)
        XCTAssertTrue(run.stderr.hasPrefix("<stdin>:7: SyntaxError:"), run.stderr)
        XCTAssertTrue(run.stderr.contains("\n  RETURN n.name ORDER BY\n"), run.stderr)
    }

    func testBailStopsAtTheFirstFailedStatement() throws {
        let run = try kg(["--bail", "--mode", "csv"], stdin: "RETURN 1 AS x;\nRETURN nosuchfunction(1);\nRETURN 2 AS y;\n")
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(run.stdout, "x\r\n1\r\n")
        XCTAssertTrue(run.stderr.contains("<stdin>:2: "), run.stderr)
    }

    func testExitStatusIsZeroWhenEveryStatementSucceeds() throws {
        let run = try kg(["-c", "MATCH (n:Person) RETURN n.name AS name; MATCH (n:Company) RETURN count(*) AS companies"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("│ Tang Xiao'ou │"), run.stdout)
        XCTAssertTrue(run.stdout.contains("│         3 │"), run.stdout)
        XCTAssertFalse(run.stdout.contains("\u{1B}["), "no colour into a pipe")
    }

    func testModesInAScriptAndPipingIntoAnotherProgram() throws {
        // kg's output piped into a second process, as in `kg … | sort`.
        let kgPath = try KGBinary.path
        let shell = Process()
        shell.executableURL = URL(fileURLWithPath: "/bin/sh")
        shell.arguments = ["-c", "printf '.mode tsv\\n.headers off\\nMATCH (n:Company) RETURN n.name;\\n' | KG_HISTORY= '\(kgPath)' --db '\(database!)' | sort -r"]
        let out = Pipe()
        shell.standardOutput = out
        try shell.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        shell.waitUntilExit()
        XCTAssertEqual(shell.terminationStatus, 0)
        XCTAssertEqual(String(decoding: data, as: UTF8.self), "商汤科技北京\nShanghai SenseTime\nSenseTime\n")
    }

    func testJSONModeIsTheContractAndJSONLinesStream() throws {
        let run = try kg([], stdin: ".mode json\nMATCH (p:Person) RETURN p.name AS name, 1.0 AS f, 2 AS i;\n.mode jsonl\nUNWIND [1, 2] AS x RETURN x;\n")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "{\"columns\": [\"name\", \"f\", \"i\"], \"rows\": [[\"Tang Xiao'ou\", 1.0, 2]]}\n{\"x\": 1}\n{\"x\": 2}\n")
    }

    func testWritesInvalidateCompletionAndShowInSchema() throws {
        let run = try kg(["--mode", "csv"], stdin: "CREATE (:Regulator {name: 'CSRC'});\n.schema\n")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("label,Regulator,1\r\n"), run.stdout)
    }

    func testWhyAndDotFollowAQuery() throws {
        let dot = scratch.file("result.dot")
        let run = try kg([], stdin: "MATCH (g)-[r:SANCTIONED]->(c) RETURN g, r, c;\n.why\n.dot \(dot)\n")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stdout.contains("  evidence:   The Treasury added SenseTime to its blacklist on 10 December 2021."), run.stdout)
        XCTAssertTrue(run.stderr.contains("wrote 2 nodes and 1 edges to \(dot)"), run.stderr)
        let text = try String(contentsOfFile: dot, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("digraph"), text)
        XCTAssertTrue(text.contains("SANCTIONED"), text)
    }

    func testIngestAtStartThenAScript() throws {
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("seeds").path
        let fresh = scratch.file("seeds.db")
        let run = try BatchRun.run(["--db", fresh, "--ingest", seeds, "--mode", "csv", "-c", "MATCH (c:Company {name: 'SenseTime'}) RETURN c.name"])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("2 documents ingested"), run.stderr)
        XCTAssertEqual(run.stdout, "c.name\r\nSenseTime\r\n")
    }
}

extension BatchQueryTests {
    func testWindowsLineEndsInAScriptFile() throws {
        let script = try scratch.write("crlf.cypher", ".mode csv\r\nRETURN 1 AS x;\r\n\r\nRETURN 2\r\nAS y;\r\n")
        let run = try kg(["-f", script])
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertEqual(run.stdout, "x\r\n1\r\ny\r\n2\r\n")
    }
}
