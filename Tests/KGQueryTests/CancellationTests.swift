import Foundation
import KGQuery
import KGStore
import XCTest

/// `--timeout` and Ctrl-C (`QueryEngine.interrupt()`) stop work done in SQL and in Swift alike.
final class CancellationTests: XCTestCase {
    var g: TestGraph!
    override func setUpWithError() throws { g = try TestGraph() }
    override func tearDown() { g = nil }

    private func kind(_ query: String, timeout: Double) -> QueryError.Kind? {
        do {
            _ = try g.engine.execute(query, limits: ExecutionLimits(timeout: timeout))
            return nil
        } catch let e as QueryError { return e.kind } catch { return nil }
    }

    func testTimeoutStopsVariableLengthExpansionOnAClique() throws {
        try g.run("UNWIND range(0, 11) AS i CREATE (:Company {name: 'c' + toString(i)})")
        try g.run("MATCH (a), (b) WHERE a <> b CREATE (a)-[:P]->(b)")
        let start = Date()
        XCTAssertEqual(kind("MATCH (a)-[*1..7]-(b) RETURN count(*)", timeout: 0.5), .timedOut)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
    }

    func testTimeoutStopsALongRangeBuiltInSwift() throws {
        let start = Date()
        XCTAssertEqual(kind("RETURN size(range(1, 45000000))", timeout: 0.2), .timedOut)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
        XCTAssertEqual(try g.value("RETURN size(range(1, 10))"), .integer(10))
    }

    func testInterruptStopsSwiftWorkAndIsNotCarriedOver() throws {
        let engine = g.engine
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { engine.interrupt() }
        XCTAssertEqual(kind("RETURN size(range(1, 45000000))", timeout: 60), .interrupted)
        // An interrupt between statements does not stop the next one.
        engine.interrupt()
        XCTAssertEqual(try g.value("RETURN size(range(1, 100000))"), .integer(100000))
    }

    func testUnwindOfRangeStreamsAndKeepsRangeRules() throws {
        XCTAssertEqual(try g.rows("UNWIND range(10, 1, -3) AS i RETURN i"), ["10", "7", "4", "1"])
        XCTAssertEqual(try g.rows("UNWIND range(1, 0) AS i RETURN i"), [])
        XCTAssertEqual(try g.rows("UNWIND [1, 2] AS x UNWIND range(x, x + 1) AS i RETURN x, i"), ["1 | 1", "1 | 2", "2 | 2", "2 | 3"])
        XCTAssertEqual(try g.rows("UNWIND range(9223372036854775806, 9223372036854775807) AS i RETURN i"),
                       ["9223372036854775806", "9223372036854775807"])
        XCTAssertEqual(g.error("UNWIND range(1, 5, 0) AS i RETURN i")?.code, "NumberOutOfRange")
        XCTAssertEqual(g.error("UNWIND range(1, null) AS i RETURN i")?.code, "InvalidArgumentValue")
        XCTAssertEqual(g.error("UNWIND range(1, 'a') AS i RETURN i")?.kind, .argumentError)
        // A hundred million rows: the first few arrive at once, and --max-rows stops the rest.
        var rows = 0
        do {
            try g.engine.execute("UNWIND range(1, 100000000) AS i RETURN i", limits: ExecutionLimits(maxRows: 5), columns: { _ in }, row: { _ in rows += 1 })
            XCTFail("expected RowLimitExceeded")
        } catch let e as QueryError {
            XCTAssertEqual(e.kind, .rowLimitExceeded)
        }
        XCTAssertEqual(rows, 5)
        XCTAssertEqual(kind("UNWIND range(1, 100000000) AS i RETURN count(i)", timeout: 0.3), .timedOut)
    }
}

final class EngineLifetimeTests: XCTestCase {
    /// The functions and tables registered on the connection must not keep it open once the
    /// engine and the store are gone.
    func testConnectionClosesWhenEngineAndStoreAreGone() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kgq-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        weak var database: Database?
        weak var weakEngine: QueryEngine?
        do {
            let store = try GraphStore(path: directory.appendingPathComponent("g.db").path)
            let engine = try QueryEngine(store: store)
            _ = try engine.execute("CREATE (:A {name: 'a'})-[:R]->(:B {name: 'b'})")
            XCTAssertEqual(try engine.execute("MATCH (a:A) RETURN toUpper(a.name) AS n").rows, [[.string("A")]])
            XCTAssertEqual(try engine.execute("MATCH (a:A), (b:B), p = shortestPath((a)-[*]->(b)) RETURN length(p) AS l").rows, [[.integer(1)]])
            XCTAssertEqual(try engine.execute("MATCH (a:A)-[*1..2]->(b) RETURN DISTINCT b.name AS n").rows, [[.string("b")]])
            database = store.db
            weakEngine = engine
        }
        XCTAssertNil(weakEngine)
        XCTAssertNil(database)
    }
}
