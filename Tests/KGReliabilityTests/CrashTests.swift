import Foundation
import KGStore
import XCTest

/// `kg ingest` killed with SIGKILL at random moments: the file passes `integrity_check`, holds
/// exactly the documents that committed (each whole, byte for byte what a clean ingest writes),
/// and running the ingest again finishes the job.
final class CrashTests: XCTestCase {
    /// The corpus in ingest order, and what the graph holds after each document of a clean ingest.
    struct Reference {
        var files: [String]
        /// `states[k]`: the graph after the first `k` documents.
        var states: [GraphContent]
        var seconds: Double
    }

    /// Ingests the corpus one file per `kg ingest`, recording the graph after each; also checks
    /// that this equals one `kg ingest` of the whole folder (so a resumed ingest can be compared).
    static func reference(in scratch: Scratch, files: [String]) throws -> Reference {
        let db = scratch.file("reference.db")
        var states = [try GraphContent.empty(scratch)]
        for file in files {
            let result = try Run.kg(["ingest", "-q", "--db", db, file], in: scratch.path)
            XCTAssertEqual(result.status, 0, result.summary)
            states.append(try GraphContent(path: db))
        }
        let whole = scratch.file("whole.db")
        let start = Date()
        let result = try Run.kg(["ingest", "-q", "--db", whole] + files, in: scratch.path)
        let seconds = Date().timeIntervalSince(start)
        XCTAssertEqual(result.status, 0, result.summary)
        XCTAssertEqual(try GraphContent(path: whole), states.last, "one ingest of all files differs from file-by-file ingests")
        return Reference(files: files, states: states, seconds: seconds)
    }

    /// Checks a graph left by a killed ingest; returns how many documents it holds.
    static func check(_ db: String, against reference: Reference, file: StaticString = #filePath, line: UInt = #line) throws -> Int {
        guard FileManager.default.fileExists(atPath: db) else { return 0 }
        XCTAssertEqual(try GraphContent.integrity(of: db), "ok", file: file, line: line)
        // Killed before the schema's transaction committed: an empty file, which the next run sets up.
        if try Database(path: db).scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'triple'")?.int == 0 { return 0 }
        let content = try GraphContent(path: db)
        let k = content.documents.count
        guard k < reference.states.count else {
            XCTFail("more documents than the corpus has", file: file, line: line)
            return k
        }
        // Documents commit in order, each in one transaction: the graph is exactly the clean
        // graph after the first k documents — nothing half-written, nothing missing.
        XCTAssertEqual(content, reference.states[k], "after a kill with \(k) documents in", file: file, line: line)
        return k
    }

    func testKilledIngestLeavesWholeDocuments() throws {
        let scratch = try Scratch()
        var files = try scratch.copyFixtures("news", to: "corpus")
        files += try scratch.copyFixtures("wiki", to: "corpus")
        files.sort()
        let reference = try Self.reference(in: scratch, files: files)
        let kills = Int(ProcessInfo.processInfo.environment["KG_KILLS"] ?? "") ?? 12
        var random = SystemRandomNumberGenerator()
        var survived = 0
        var partial = 0
        for round in 0..<kills {
            let db = scratch.file("killed-\(round).db")
            // Several kills into the same file: each restart resumes from what committed.
            for _ in 0..<2 {
                let delay = Double.random(in: 0...(reference.seconds * 1.2 + 0.05), using: &random)
                let (result, killed) = try KillRun.ingest(["ingest", "-q", "--db", db, "corpus"], in: scratch.path, killAfter: delay)
                if !killed { XCTAssertEqual(result, 0) }
                let k = try Self.check(db, against: reference)
                if killed { survived += 1; if k > 0 && k < files.count { partial += 1 } }
            }
            // Re-running finishes the job.
            let finish = try Run.kg(["ingest", "-q", "--db", db, "corpus"], in: scratch.path)
            XCTAssertEqual(finish.status, 0, finish.summary)
            XCTAssertEqual(try GraphContent(path: db), reference.states.last)
            try? FileManager.default.removeItem(atPath: db)
        }
        print("kill test: \(survived) kills survived (\(partial) with a partly ingested corpus), \(files.count) documents")
    }
}

extension GraphContent {
    static func empty(_ scratch: Scratch) throws -> GraphContent {
        let path = scratch.file("empty-\(UUID().uuidString).db")
        _ = try GraphStore(path: path)
        return try GraphContent(path: path)
    }
}

enum KillRun {
    /// Starts `kg` and sends SIGKILL after `killAfter` seconds unless it has ended; returns the
    /// exit status and whether it was killed.
    static func ingest(_ arguments: [String], in directory: String, killAfter: Double) throws -> (Int32, Bool) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Built.kg)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date(timeIntervalSinceNow: killAfter)
        while process.isRunning && Date() < deadline { usleep(1_000) }
        var killed = false
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            killed = true
        }
        process.waitUntilExit()
        return (process.terminationStatus, killed && process.terminationReason == .uncaughtSignal)
    }
}
