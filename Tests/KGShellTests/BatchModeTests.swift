import Foundation
import XCTest

/// Standard input that is not a terminal is a script; `-f` and `-c` run scripts too.
final class BatchModeTests: XCTestCase {
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

    func kg(_ arguments: [String], stdin: String = "") throws -> BatchRun {
        try BatchRun.run(["--db", database] + arguments, stdin: stdin)
    }

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
