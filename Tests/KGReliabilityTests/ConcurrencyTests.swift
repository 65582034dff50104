import Foundation
import KGQuery
import KGStore
import XCTest

/// Readers on a graph while `kg ingest` writes it, and two ingests into one file at once.
final class ConcurrencyTests: XCTestCase {
    private func corpus(_ scratch: Scratch) throws -> [String] {
        var files = try scratch.copyFixtures("news", to: "corpus")
        files += try scratch.copyFixtures("wiki", to: "corpus")
        return files.sorted()
    }

    /// A second connection reads in snapshots while the ingest commits: every snapshot is the
    /// clean graph after some whole number of documents, never "database is locked", and the
    /// last one holds everything.
    func testReaderSeesConsistentSnapshotsDuringIngest() throws {
        let scratch = try Scratch()
        let files = try corpus(scratch)
        let reference = try CrashTests.reference(in: scratch, files: files)
        // Triple counts after each document identify the states a reader may see.
        let counts = reference.states.map { ($0.documents.count, $0.triples.count, $0.nodes.count) }
        let db = scratch.file("g.db")
        _ = try GraphStore(path: db) // the file exists before the reader opens it
        let reader = try GraphStore(path: db)
        let engine = try QueryEngine(store: reader)
        let ingest = Process()
        ingest.executableURL = URL(fileURLWithPath: try Built.kg)
        ingest.arguments = ["ingest", "-q", "--db", db, "corpus"]
        ingest.currentDirectoryURL = scratch.url
        ingest.standardOutput = FileHandle.nullDevice
        try ingest.run()
        var snapshots = 0
        var seen = Set<Int>()
        func snapshot() throws {
            // One read transaction: the three counts come from the same snapshot.
            try reader.db.execute("BEGIN")
            defer { try? reader.db.execute("COMMIT") }
            let documents = Int(try reader.db.scalar("SELECT count(*) FROM document")?.int ?? -1)
            let triples = Int(try reader.db.scalar("SELECT count(*) FROM triple")?.int ?? -1)
            let nodes = Int(try reader.db.scalar("SELECT count(*) FROM node")?.int ?? -1)
            XCTAssertTrue(counts.contains { $0 == (documents, triples, nodes) }, "a torn snapshot: \(documents) documents, \(triples) triples, \(nodes) nodes")
            // Cypher over the same connection: documents and their nodes agree.
            let result = try engine.execute("MATCH (d:Document) RETURN count(d)")
            XCTAssertTrue(result.rows.count == 1)
            seen.insert(documents)
            snapshots += 1
        }
        while ingest.isRunning {
            do { try snapshot() } catch { XCTFail("reader failed while the ingest wrote: \(error)"); break }
            usleep(2_000)
        }
        ingest.waitUntilExit()
        XCTAssertEqual(ingest.terminationStatus, 0)
        try snapshot()
        XCTAssertEqual(seen.max(), files.count, "the reader sees the new data after the commit")
        print("concurrency: \(snapshots) reader snapshots during one ingest, \(seen.count) distinct states")
    }

    /// `kg query` processes started while the ingest writes: none reports a locked database.
    func testKGQueryWhileIngesting() throws {
        let scratch = try Scratch()
        _ = try corpus(scratch)
        let db = scratch.file("g.db")
        XCTAssertEqual(try Run.kg(["query", "--db", db, "RETURN 1"]).status, 0)
        let ingest = Process()
        ingest.executableURL = URL(fileURLWithPath: try Built.kg)
        ingest.arguments = ["ingest", "-q", "--db", db, "corpus"]
        ingest.currentDirectoryURL = scratch.url
        try ingest.run()
        var queries = 0
        var last = -1
        repeat {
            let result = try Run.kg(["query", "--db", db, "--format", "csv", "MATCH (d:Document) RETURN count(d) AS n"])
            XCTAssertEqual(result.status, 0, result.summary)
            XCTAssertFalse(result.stderr.contains("locked") || result.stderr.contains("busy"), result.stderr)
            let n = Int(result.text.split(separator: "\n").last ?? "") ?? -1
            XCTAssertGreaterThanOrEqual(n, 0, result.text)
            XCTAssertGreaterThanOrEqual(n, last, "a later reader never sees less")
            last = n
            queries += 1
        } while ingest.isRunning
        ingest.waitUntilExit()
        XCTAssertEqual(ingest.terminationStatus, 0)
        // Every file's document row is there once the ingest has committed.
        XCTAssertEqual(try GraphContent(path: db).documents.count, try FileManager.default.contentsOfDirectory(atPath: scratch.file("corpus")).count)
        print("concurrency: \(queries) kg query runs during one ingest")
    }

    /// Two `kg ingest` of the same corpus into one new file at once: both succeed, and the graph
    /// is what one ingest makes.
    func testTwoIngestsAtOnce() throws {
        let scratch = try Scratch()
        let files = try corpus(scratch)
        let reference = try CrashTests.reference(in: scratch, files: files)
        let runs = Int(ProcessInfo.processInfo.environment["KG_CONCURRENT_RUNS"] ?? "") ?? 3
        var failures: [String] = []
        for round in 0..<runs {
            let db = scratch.file("twice-\(round).db")
            let processes = try (0..<2).map { _ -> (Process, URL) in
                let process = Process()
                process.executableURL = URL(fileURLWithPath: try Built.kg)
                process.arguments = ["ingest", "-q", "--db", db, "corpus"]
                process.currentDirectoryURL = scratch.url
                let err = scratch.url.appendingPathComponent("err-\(UUID().uuidString)")
                _ = FileManager.default.createFile(atPath: err.path, contents: nil)
                process.standardError = try FileHandle(forWritingTo: err)
                try process.run()
                return (process, err)
            }
            for (process, err) in processes {
                process.waitUntilExit()
                if process.terminationStatus != 0 {
                    failures.append(String(decoding: (try? Data(contentsOf: err)) ?? Data(), as: UTF8.self).prefix(300).description)
                }
            }
            XCTAssertEqual(try GraphContent.integrity(of: db), "ok")
            let content = try GraphContent(path: db)
            XCTAssertEqual(Set(content.documentPaths).count, content.documents.count, "a document stored twice")
            if failures.isEmpty { XCTAssertEqual(content, reference.states.last, "round \(round)") }
        }
        print("concurrency: \(runs) rounds of two simultaneous ingests")
        try regression("KGIngest Ingestor.ingest(file:) looks up the document before its write transaction: the second ingest of a file another process has just committed fails with UNIQUE constraint failed: document.path") {
            failures.isEmpty ? nil : failures[0]
        }
    }
}
