import Foundation
import KGQuery
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
}
