import Foundation
import KGQuery
import KGStore
import XCTest

/// A runaway query (a variable-length pattern over a dense graph) stops at `--timeout`, and
/// `--max-rows` stops unbounded output, in `kg query` and in batch mode.
final class LimitsTests: XCTestCase {
    /// A clique of 12 nodes: `(a)-[*]-(b)` has billions of paths.
    private func denseGraph(_ scratch: Scratch) throws -> String {
        let db = scratch.file("dense.db")
        let store = try GraphStore(path: db)
        try store.db.transaction {
            let ids = try (0..<12).map { i -> Int64 in
                let id = try store.createNode()
                try store.addLabel("Company", to: id)
                try store.setProperty("name", .string("c\(i)"), on: id)
                return id
            }
            for a in ids { for b in ids where a != b { try store.addRelationship(from: a, type: "PARTNERED_WITH", to: b) } }
        }
        return db
    }

    private static let runaway = "MATCH p = (a)-[*]-(b) RETURN count(p)"

    private func help(_ arguments: [String]) throws -> String { try Run.kg(arguments + ["--help"]).stdout }

    func testQueryTimeout() throws {
        guard try help(["query"]).contains("--timeout") else {
            throw XCTSkip("missing feature: `kg query` has no --timeout (KGQuery/kg owners: add it; this test is ready)")
        }
        let scratch = try Scratch()
        let db = try denseGraph(scratch)
        let start = Date()
        let result = try Run.kg(["query", "--db", db, "--timeout", "1", Self.runaway], timeout: 60)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
        XCTAssertNotEqual(result.status, 0)
        XCTAssertFalse(result.signalled)
        XCTAssertTrue(result.stderr.lowercased().contains("time") || result.stderr.contains("interrupt"), result.stderr)
        XCTAssertEqual(try GraphContent.integrity(of: db), "ok")
    }

    func testQueryMaxRows() throws {
        guard try help(["query"]).contains("--max-rows") else {
            throw XCTSkip("missing feature: `kg query` has no --max-rows (KGQuery/kg owners: add it; this test is ready)")
        }
        let scratch = try Scratch()
        let db = try denseGraph(scratch)
        // 12^5 rows if nothing stops it.
        let result = try Run.kg(["query", "--db", db, "--format", "csv", "--max-rows", "10", "MATCH (a), (b), (c), (d), (e) RETURN a.name"], timeout: 60)
        XCTAssertEqual(result.text.split(separator: "\n").count, 11, "a header and ten rows")
        XCTAssertTrue(result.stderr.contains("10"), "says the output was cut: \(result.stderr)")
    }

    func testBatchTimeoutAndMaxRows() throws {
        let usage = try help([])
        guard usage.contains("--timeout"), usage.contains("--max-rows") else {
            throw XCTSkip("missing feature: batch mode (`kg -f`/`kg -c`) has no --timeout or --max-rows (KGShell/kg owners: add them; this test is ready)")
        }
        let scratch = try Scratch()
        let db = try denseGraph(scratch)
        let start = Date()
        let timed = try Run.kg(["--db", db, "--timeout", "1", "-c", Self.runaway + ";"], timeout: 60)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
        XCTAssertNotEqual(timed.status, 0)
        let rows = try Run.kg(["--db", db, "--mode", "csv", "--max-rows", "5", "-c", "MATCH (a), (b), (c), (d), (e) RETURN a.name;"], timeout: 60)
        XCTAssertEqual(rows.text.split(separator: "\n").count, 6, rows.summary)
    }

    /// The library's own guard: `interrupt()` from another thread stops a runaway query with an
    /// `Interrupted` error and the connection stays usable.
    func testInterruptStopsARunawayQuery() throws {
        let scratch = try Scratch()
        let store = try GraphStore(path: try denseGraph(scratch))
        let engine = try QueryEngine(store: store)
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + 0.5)
        timer.setEventHandler { engine.interrupt() }
        timer.resume()
        let start = Date()
        XCTAssertThrowsError(try engine.execute(Self.runaway)) { error in
            XCTAssertEqual((error as? QueryError)?.kind, .interrupted, "\(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
        XCTAssertEqual(try engine.execute("MATCH (n) RETURN count(n)").rows, [[.integer(12)]])
    }

    /// Streaming: a large result comes row by row through the callback without being collected.
    func testLargeResultsStream() throws {
        let scratch = try Scratch()
        let store = try GraphStore(path: try denseGraph(scratch))
        let engine = try QueryEngine(store: store)
        var rows = 0
        struct Enough: Error {}
        // 12^5 rows: more than anyone collects, stopped by the consumer after 100,000.
        XCTAssertThrowsError(try engine.execute("MATCH (a), (b), (c), (d), (e) RETURN a.name, e.name", columns: { _ in }, row: { _ in
            rows += 1
            if rows == 100_000 { throw Enough() }
        })) { XCTAssertTrue($0 is Enough, "\($0)") }
        XCTAssertEqual(rows, 100_000)
    }
}
