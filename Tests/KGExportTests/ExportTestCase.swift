import Foundation
import XCTest
import KGExport
import KGStore

/// A temporary folder per test, and a small graph with every kind of value and name that
/// exporters must survive.
class ExportTestCase: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kg-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func newStore(_ name: String = "g.db") throws -> GraphStore { try GraphStore(path: path(name)) }

    /// Names that break naive DOT, CSV, XML, N-Triples and JSON writers.
    static let adversarialNames = [
        "Quote \" inside", "Back\\slash \\N \\\\", "New\nline and\r\nCRLF", "Braces { } [ ] ;",
        "Angles <b>bold</b> & <<>>", "商汤科技", "Ελληνικά — עברית — العربية", "Tab\there", "Comma, semi; pipe |",
        "Trailing backslash \\", "-- subgraph digraph node edge", "Emoji 👩‍💻🏳️‍🌈", "Control \u{01}\u{1F} chars",
        "Line\u{2028}separator", "", "%20 percent ^ ` ~",
    ]

    /// A graph with gaps in its ids, several labels, every value type, provenance and qualifiers.
    @discardableResult
    func buildSampleGraph(_ store: GraphStore) throws -> (nodes: [Int64], relationships: [Int64]) {
        var nodes: [Int64] = []
        var relationships: [Int64] = []
        try store.db.transaction {
            let doc = try store.addDocument(path: "seeds/000 \"news\".txt", format: "news", hash: "abc", bytes: 10)
            let wiki = try store.addDocument(path: "seeds/004.txt", format: "wikitext", hash: "def", bytes: 20)
            let prov = Provenance(document: doc, evidence: "SenseTime was founded by Tang Xiao'ou in October 2014.",
                                  extractor: "infobox.founder", date: "2014-10", confidence: 0.9)

            let sensetime = try store.createNode()
            try store.addLabel("Company", to: sensetime, provenance: prov)
            try store.setProperty("name", .string("SenseTime"), on: sensetime, provenance: prov)
            try store.setProperty("aliases", .list([.string("商汤科技"), .string("SenseTime Group")]), on: sensetime)
            try store.setProperty("founded", .date("2014-10"), on: sensetime)
            try store.setProperty("employees", .integer(5000), on: sensetime)
            try store.setProperty("revenue", .float(3.0), on: sensetime)
            try store.setProperty("ratio", .float(1e-7), on: sensetime)
            try store.setProperty("listed", .boolean(true), on: sensetime)
            try store.setProperty("mixed", .list([.integer(1), .float(2.5), .boolean(false), .string("x")]), on: sensetime)
            nodes.append(sensetime)

            let removed = try store.createNode()  // leaves a gap in the node ids
            try store.addLabel("Person", to: removed)

            let tang = try store.createNode()
            try store.addLabel("Person", to: tang, provenance: prov)
            try store.setProperty("name", .string("Tang Xiao'ou"), on: tang, provenance: prov)
            nodes.append(tang)

            let multi = try store.createNode()
            try store.addLabel("Organization", to: multi)
            try store.addLabel("Publisher", to: multi)
            try store.setProperty("name", .string("Forbes"), on: multi)
            nodes.append(multi)

            let bare = try store.createNode()  // no label, no property
            nodes.append(bare)

            relationships.append(try store.addRelationship(from: sensetime, type: "FOUNDED_BY", to: tang, provenance: prov))
            let bis = try store.createNode()
            try store.addLabel("Government", to: bis)
            try store.setProperty("name", .string("Bureau of Industry and Security"), on: bis)
            nodes.append(bis)
            relationships.append(try store.addRelationship(
                from: sensetime, type: "REGULATED_BY", to: bis,
                provenance: Provenance(document: wiki, evidence: "placed on the \"Entity List\"\nin 2019", extractor: "sentence.sanction", date: "2019-10", confidence: 1.0),
                qualifiers: ["action": .string("Entity List"), "count": .integer(2), "weight": .float(0.5)]))
            relationships.append(try store.addRelationship(from: multi, type: "MENTIONS", to: sensetime))

            for name in Self.adversarialNames {
                let n = try store.createNode()
                try store.addLabel("Weird Label \"x\"", to: n)
                try store.setProperty("name", .string(name), on: n)
                try store.setProperty(name.isEmpty ? "empty" : "key \(name)", .string(name), on: n)
                nodes.append(n)
                relationships.append(try store.addRelationship(
                    from: n, type: "ODD TYPE <\(name.prefix(3))>", to: sensetime,
                    provenance: Provenance(document: doc, evidence: name, extractor: name, date: "2021", confidence: 0.25),
                    qualifiers: ["note": .string(name)]))
            }
            try store.db.run("DELETE FROM node WHERE id = ?", [.integer(removed)])
        }
        return (nodes, relationships)
    }

    func exportJSONL(_ store: GraphStore) throws -> String {
        let sink = ByteSink.memory()
        try JSONLinesWriter().write(store: store, to: sink)
        return sink.text
    }

    /// Runs a command, returning its exit status, standard output and standard error.
    func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: Data, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let errorFile = path("stderr-\(UUID().uuidString).txt")
        _ = FileManager.default.createFile(atPath: errorFile, contents: nil)
        let errorHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: errorFile))
        let out = Pipe()
        process.standardOutput = out
        process.standardError = errorHandle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errorHandle.close()
        let stderr = (try? String(contentsOfFile: errorFile, encoding: .utf8)) ?? ""
        return (process.terminationStatus, stdout, stderr)
    }

    /// The full path of a program on PATH, or nil.
    func which(_ program: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Python 3 with every module in `modules`, or a skip.
    func python(with modules: [String]) throws -> String {
        guard let python = which("python3") else { throw XCTSkip("python3 is not installed") }
        let check = try run(python, ["-c", modules.map { "import \($0)" }.joined(separator: "; ")])
        if check.status != 0 { throw XCTSkip("python3 lacks \(modules.joined(separator: ", ")) (pip install \(modules.joined(separator: " ")))") }
        return python
    }
}
