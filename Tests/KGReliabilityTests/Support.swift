import Foundation
import KGStore
import XCTest

/// Built executables of this package (`kg`, `KGFuzz`), next to the test bundle in the build folder.
enum Built {
    static func executable(_ name: String) throws -> String {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = [
            runner.deletingLastPathComponent().appendingPathComponent(name),
            runner.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(name),
            package.appendingPathComponent(".build/debug/\(name)"),
        ]
        for url in candidates where FileManager.default.isExecutableFile(atPath: url.path) { return url.path }
        throw XCTSkip("the \(name) executable is not built; run `swift build --product \(name)`")
    }

    static var kg: String { get throws { try executable("kg") } }
}

/// How a child process ended.
struct ProcessResult {
    var status: Int32
    /// True when the process died of a signal (a crash, a stack overflow) rather than exiting.
    var signalled: Bool
    var timedOut: Bool
    var stdout: String
    var stderr: String

    /// Standard output with CSV's CRLF line ends as LF.
    var text: String { stdout.replacingOccurrences(of: "\r\n", with: "\n") }

    var summary: String {
        "status \(status)\(signalled ? " (signal)" : "")\(timedOut ? " (timed out)" : ""); stderr: \(stderr.prefix(400))"
    }
}

enum Run {
    /// Runs `arguments[0]` with the rest, in `directory`, with a time limit. Output goes through
    /// files so a chatty child never blocks on a full pipe.
    @discardableResult
    static func process(_ arguments: [String], in directory: String? = nil, stdin: String? = nil, timeout: Double = 120,
                        environment: [String: String] = [:]) throws -> ProcessResult {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kgrel-io-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("out"), errURL = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var env = ProcessInfo.processInfo.environment
        env["SWIFT_BACKTRACE"] = "enable=no"
        env["KG_HISTORY"] = ""
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        if let stdin {
            let inURL = scratch.appendingPathComponent("in")
            try stdin.write(to: inURL, atomically: true, encoding: .utf8)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        let deadline = Date(timeIntervalSinceNow: timeout)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                kill(process.processIdentifier, SIGKILL)
            }
            usleep(5_000)
        }
        process.waitUntilExit()
        return ProcessResult(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                             timedOut: timedOut,
                             stdout: String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self),
                             stderr: String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self))
    }

    /// `kg` with the arguments. As root, `unprivileged` runs it as `nobody`, so file permissions
    /// mean what they mean for a user (root reads and writes through them).
    @discardableResult
    static func kg(_ arguments: [String], in directory: String? = nil, stdin: String? = nil, timeout: Double = 120,
                   unprivileged: Bool = false) throws -> ProcessResult {
        var command = [try Built.kg] + arguments
        if unprivileged && geteuid() == 0 {
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
                throw XCTSkip("running as root without setpriv: permissions cannot be tested")
            }
            command = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + command
        }
        return try process(command, in: directory, stdin: stdin, timeout: timeout)
    }
}

/// A scratch folder per test, open to everyone (so an unprivileged `kg` can work in it), removed afterwards.
final class Scratch {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("kgrel-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        chmod(url.path, 0o777)
    }

    deinit {
        // Folders made read-only by a test must be writable again to be removed.
        if let e = FileManager.default.enumerator(atPath: path) {
            while let rel = e.nextObject() as? String { chmod(file(rel), 0o777) }
        }
        try? FileManager.default.removeItem(at: url)
    }

    func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let path = file(name)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let path = file(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Copies fixture files into `folder` and returns their names, sorted as `kg ingest` sorts them.
    func copyFixtures(_ subfolder: String, to folder: String) throws -> [String] {
        let source = Fixtures.path(subfolder)
        try FileManager.default.createDirectory(atPath: file(folder), withIntermediateDirectories: true)
        var names: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: source).sorted() where !name.hasPrefix(".") {
            if !FileManager.default.fileExists(atPath: file("\(folder)/\(name)")) {
                try FileManager.default.copyItem(atPath: (source as NSString).appendingPathComponent(name), toPath: file("\(folder)/\(name)"))
            }
            names.append("\(folder)/\(name)")
        }
        return names
    }
}

enum Fixtures {
    static func path(_ name: String) -> String {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(name).path
    }
}

/// What a graph file holds, independent of when it was written: every table's rows in id order
/// (ingest times left out). Two files with the same `GraphContent` hold the same graph.
struct GraphContent: Equatable {
    var documents: [String]
    var nodes: [Int64]
    var triples: [String]
    var support: [String]
    var aliases: [String]

    init(path: String) throws {
        let db = try Database(path: path, options: [.readOnly])
        func strings(_ sql: String) throws -> [String] {
            try db.rows(sql).map { row in row.map { "\($0)" }.joined(separator: "|") }
        }
        documents = try strings("SELECT id, path, format, hash, bytes, node FROM document ORDER BY id")
        nodes = try db.rows("SELECT id FROM node ORDER BY id").compactMap { $0[0].int }
        triples = try strings("SELECT id, s, k, p, o, dt, doc, evidence, extractor, date, confidence, qual FROM triple ORDER BY id")
        support = try strings("SELECT triple, doc FROM support ORDER BY triple, doc")
        aliases = try strings("SELECT key, node FROM alias ORDER BY key, node")
    }

    /// The paths of the documents present.
    var documentPaths: [String] { documents.map { $0.split(separator: "|")[1].replacingOccurrences(of: "text(\"", with: "").replacingOccurrences(of: "\")", with: "") } }

    static func integrity(of path: String) throws -> String {
        let db = try Database(path: path)
        return try db.rows("PRAGMA integrity_check").compactMap { $0[0].string }.joined(separator: "; ")
    }

    static func schema(of path: String) throws -> [String] {
        let db = try Database(path: path, options: [.readOnly])
        return try db.rows("SELECT type, name, sql FROM sqlite_schema ORDER BY name").map { "\($0)" }
    }
}

/// Runs a check for a bug already reported to the owning helper: it passes once fixed, and
/// until then the test is skipped with the symptom, instead of failing the suite.
/// A bug that was found and fixed: the check must now come back clean.
func regression(_ description: String, _ check: () throws -> String?, file: StaticString = #filePath, line: UInt = #line) throws {
    if let symptom = try check() {
        XCTFail("regression: \(description) — \(symptom)", file: file, line: line)
    }
}

func knownBug(_ description: String, _ check: () throws -> String?) throws {
    if let symptom = try check() {
        throw XCTSkip("known bug: \(description) — \(symptom)")
    }
}

func fileBytes(ofFile path: String) -> [UInt8] {
    // Comparing whole files is enough here; they are small.
    Array((try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data())
}
