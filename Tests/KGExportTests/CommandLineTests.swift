import Foundation
import XCTest
import KGExport
import KGStore

/// `kg import` and `kg export` as a user runs them: exit status, stderr, files.
final class CommandLineTests: ExportTestCase {
    /// The `kg` executable built beside the test bundle.
    func kg() throws -> String {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = directory.appendingPathComponent("kg").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        throw XCTSkip("the kg executable is not built (swift build)")
    }

    func testImportReportsFileAndLineAndExitsNonZero() throws {
        let kg = try kg()
        let file = path("bad.jsonl")
        try "{\"type\":\"node\",\"id\":\"1\"}\n{\"type\":\"node\",\"id\":\n".write(toFile: file, atomically: true, encoding: .utf8)
        let db = path("g.db")
        let result = try run(kg, ["--db", db, "import", file])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.stderr.hasPrefix("kg: \(file):2: not JSON: "), result.stderr)
        XCTAssertEqual(result.stderr.filter { $0 == "\n" }.count, 1, "one line")
        XCTAssertEqual(try GraphStore(path: db).stats().nodes, 0, "nothing imported")
    }

    func testExportImportExportThroughTheCommand() throws {
        let kg = try kg()
        let store = try newStore("a.db")
        try buildSampleGraph(store)
        let first = path("a.jsonl")
        XCTAssertEqual(try run(kg, ["--db", path("a.db"), "export", "--format", "jsonl", "-o", first]).status, 0)
        let imported = try run(kg, ["import", first, "--db", path("b.db")])
        XCTAssertEqual(imported.status, 0, imported.stderr)
        XCTAssertTrue(imported.stderr.hasPrefix("imported "), imported.stderr)
        let second = try run(kg, ["--db", path("b.db"), "export"])
        XCTAssertEqual(second.status, 0)
        XCTAssertEqual(second.stdout, try Data(contentsOf: URL(fileURLWithPath: first)))
    }

    func testDOTOptionsRenderingAndWarnings() throws {
        let kg = try kg()
        let store = try newStore()
        try buildSampleGraph(store)
        let db = path("g.db")
        let capped = try run(kg, ["--db", db, "export", "--format", "dot", "--max-nodes", "3", "--rankdir", "lr", "--cluster"])
        XCTAssertEqual(capped.status, 0, capped.stderr)
        XCTAssertTrue(capped.stderr.hasPrefix("kg: warning: drew 3 nodes and left out"), capped.stderr)
        XCTAssertTrue(String(decoding: capped.stdout, as: UTF8.self).contains("rankdir=LR"))

        let around = try run(kg, ["--db", db, "export", "--format", "dot", "--around", "Tang Xiao'ou", "--depth", "1"])
        XCTAssertEqual(around.status, 0, around.stderr)
        XCTAssertTrue(String(decoding: around.stdout, as: UTF8.self).contains("FOUNDED_BY"))

        let query = try run(kg, ["--db", db, "export", "--format", "dot", "--query",
                                 "MATCH p = (c:Company {name: $name})-[:FOUNDED_BY]->(:Person) RETURN p", "--param", "name=\"SenseTime\""])
        XCTAssertEqual(query.status, 0, query.stderr)
        let drawn = String(decoding: query.stdout, as: UTF8.self)
        XCTAssertTrue(drawn.contains("\"n1\" -> \"n3\" [label=\"FOUNDED_BY\\n2014-10\""), drawn)
        XCTAssertFalse(drawn.contains("Forbes"), "only what the query returned")

        let badQuery = try run(kg, ["--db", db, "export", "--format", "dot", "--query", "MATCH (n) RETURN"])
        XCTAssertEqual(badQuery.status, 1)
        XCTAssertTrue(badQuery.stderr.hasPrefix("kg: SyntaxError"), badQuery.stderr)

        let missing = try run(kg, ["--db", db, "export", "--format", "dot", "--around", "Nobody"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertEqual(missing.stderr, "kg: no node named \"Nobody\" in the graph\n")

        let wrong = try run(kg, ["--db", db, "export", "--format", "jsonl", "--render", "svg"])
        XCTAssertNotEqual(wrong.status, 0)
        XCTAssertTrue(wrong.stderr.contains("--render applies to --format dot"), wrong.stderr)

        let csv = try run(kg, ["--db", db, "export", "--format", "csv"])
        XCTAssertNotEqual(csv.status, 0)
        XCTAssertTrue(csv.stderr.contains("give a folder with -o DIR"), csv.stderr)

        guard which("dot") != nil else { throw XCTSkip("Graphviz is not installed") }
        let svg = path("g.svg")
        let rendered = try run(kg, ["--db", db, "export", "--format", "dot", "--render", "svg", "-o", svg])
        XCTAssertEqual(rendered.status, 0, rendered.stderr)
        XCTAssertTrue(try String(contentsOfFile: svg, encoding: .utf8).contains("</svg>"))
    }

    func testRenderWithoutGraphvizSaysSo() throws {
        let kg = try kg()
        let store = try newStore()
        try buildSampleGraph(store)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: kg)
        process.arguments = ["--db", path("g.db"), "export", "--format", "dot", "--render", "png", "-o", path("g.png")]
        process.environment = ["PATH": directory.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 1)
        XCTAssertTrue(message.hasPrefix("kg: Graphviz's `dot` is not installed"), message)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("g.png")))
    }
}
