import Foundation
import KGStore
import XCTest

/// The built `kg` executable, next to the test bundle in the build folder.
enum KGBinary {
    static var path: String {
        get throws {
            var candidates: [URL] = []
            let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            candidates.append(runner.deletingLastPathComponent().appendingPathComponent("kg"))
            // Inside a .xctest bundle directory (Darwin layout), the build folder is two levels up.
            candidates.append(runner.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("kg"))
            let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent()
            candidates.append(package.appendingPathComponent(".build/debug/kg"))
            for url in candidates where FileManager.default.isExecutableFile(atPath: url.path) {
                return url.path
            }
            throw XCTSkip("the kg executable is not built; run `swift build --product kg` (looked in \(candidates.map(\.path)))")
        }
    }
}

/// A scratch folder per test, removed afterwards.
final class Scratch {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("kgshell-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = file(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

/// A small graph to explore: two companies (one with a CJK name), a person with a quote in the
/// name, relationships with provenance.
enum SampleGraph {
    @discardableResult
    static func build(at path: String) throws -> GraphStore {
        let store = try GraphStore(path: path)
        try store.db.transaction {
            let doc = try store.addDocument(path: "seeds/sensetime.wiki", format: "wikitext", hash: "h1", bytes: 100)
            func node(_ name: String, _ label: String, _ extra: [String: PropertyValue] = [:]) throws -> Int64 {
                let id = try store.createNode()
                try store.addLabel(label, to: id, provenance: Provenance(document: doc))
                try store.setProperty("name", .string(name), on: id, provenance: Provenance(document: doc))
                for (key, value) in extra { try store.setProperty(key, value, on: id) }
                return id
            }
            let sensetime = try node("SenseTime", "Company", ["founded": .date("2014-10"), "aliases": .list([.string("商汤科技"), .string("SenseTime Group")])])
            let tang = try node("Tang Xiao'ou", "Person")
            let shanghai = try node("Shanghai SenseTime", "Company")
            let treasury = try node("United States Department of the Treasury", "GovernmentBody")
            let beijing = try node("商汤科技北京", "Company")
            try store.addRelationship(from: sensetime, type: "FOUNDED_BY", to: tang,
                                      provenance: Provenance(document: doc, evidence: "SenseTime was co-founded by Tang Xiao'ou in October 2014.",
                                                             extractor: "sentence.founding", date: "2014-10", confidence: 0.9))
            try store.addRelationship(from: shanghai, type: "SUBSIDIARY_OF", to: sensetime,
                                      provenance: Provenance(document: doc, evidence: "subsidiaries = Shanghai SenseTime", extractor: "infobox.subsidiaries"))
            try store.addRelationship(from: treasury, type: "SANCTIONED", to: sensetime,
                                      provenance: Provenance(document: doc, evidence: "The Treasury added SenseTime to its blacklist on 10 December 2021.",
                                                             extractor: "sentence.sanction", date: "2021-12-10"),
                                      qualifiers: ["action": .string("investment blacklist")])
            try store.addRelationship(from: beijing, type: "SUBSIDIARY_OF", to: sensetime, provenance: Provenance(document: doc, extractor: "infobox.subsidiaries"))
        }
        return store
    }
}

/// Runs `kg` with standard input from a string and collects its output.
struct BatchRun {
    var status: Int32
    var stdout: String
    var stderr: String

    static func run(_ arguments: [String], stdin: String = "", environment extra: [String: String] = [:],
                    currentDirectory: String? = nil) throws -> BatchRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try KGBinary.path)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["KG_HISTORY"] = ""
        environment.removeValue(forKey: "KG_DB")
        for (k, v) in extra { environment[k] = v }
        process.environment = environment
        if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
        let input = Pipe(), output = Pipe(), error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        // Read both pipes concurrently so a chatty stderr cannot block the child.
        let errorData = LockedData()
        let reader = Thread { errorData.set(error.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errorData.isSet { usleep(1000) }
        return BatchRun(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                        stderr: String(decoding: errorData.value, as: UTF8.self))
    }
}

final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    func set(_ d: Data) { lock.withLock { data = d } }
    var isSet: Bool { lock.withLock { data != nil } }
    var value: Data { lock.withLock { data ?? Data() } }
}

/// Tests that run the real `kg` on a fresh copy of the sample graph: through pipes (`kg`) or
/// through a pseudo-terminal (`startShell`), with history and readline settings kept in scratch.
class SampleGraphTestCase: XCTestCase {
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

    /// Whether the shells started here may colour their output (NO_COLOR unset).
    var colourShell: Bool { false }

    func startShell(extraArguments: [String] = []) throws -> PseudoTerminal {
        var environment = [
            "HOME": scratch.path,
            "KG_HISTORY": scratch.file("history"),
            "INPUTRC": "/dev/null",
            "TERM": "xterm",
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "LANG": "C.UTF-8",
        ]
        if !colourShell { environment["NO_COLOR"] = "1" }
        return try PseudoTerminal(executable: try KGBinary.path, arguments: ["--db", database] + extraArguments, environment: environment)
    }
}
