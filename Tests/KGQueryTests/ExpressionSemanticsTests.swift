import KGQuery
import XCTest

/// openCypher expression semantics found by the TCK's expression scenarios: values computed
/// once per row, compile-time type errors, aggregates inside list expressions.
final class ExpressionSemanticsTests: XCTestCase {
    var g: TestGraph!
    override func setUpWithError() throws { g = try TestGraph() }
    override func tearDown() { g = nil }

    func testVolatileProjectionIsOneValuePerRow() throws {
        XCTAssertEqual(try g.rows("UNWIND range(1, 20) AS i WITH rand() AS r RETURN r = r AS same"), Array(repeating: "true", count: 20))
        // A boolean made from rand() is never null (it used to be asked twice: true, then not false).
        let rows = try g.rows("UNWIND range(1, 50) AS i RETURN rand() < 0.5 AS b")
        XCTAssertEqual(rows.count, 50)
        XCTAssertFalse(rows.contains("null"))
        // WITH … WHERE on a random column filters by the very value that is kept.
        XCTAssertEqual(try g.rows("UNWIND range(1, 30) AS i WITH rand() AS r WHERE r < 0.5 RETURN DISTINCT r < 0.5 AS b"), ["true"])
        XCTAssertEqual(try g.rows("UNWIND range(1, 10) AS i WITH [x IN range(1, 5) | rand()] AS l RETURN DISTINCT l = l AND all(x IN l WHERE x IN l) AS b"), ["true"])
    }

    func testNamedVariableLengthPathBoundFromItsLabelledEnd() throws {
        try g.run("CREATE (a:A)-[:REL {num: 1}]->(b:B)-[:REL {num: 2}]->(e:End)")
        XCTAssertEqual(try g.rows("MATCH p = (a)-[:REL*2..2]->(b:End) RETURN [r IN relationships(p) | r.num], [n IN nodes(p) | labels(n)[0]], length(p)"),
                       ["[1, 2] | ['A', 'B', 'End'] | 2"])
        XCTAssertEqual(try g.rows("MATCH p = (a)-[:REL*0..2]->(b:End) RETURN [n IN nodes(p) | labels(n)[0]] AS l ORDER BY size(l)"),
                       ["['End']", "['B', 'End']", "['A', 'B', 'End']"])
        XCTAssertEqual(try g.rows("MATCH p = (b:End)<-[:REL*1..2]-(a) RETURN [n IN nodes(p) | labels(n)[0]] AS l ORDER BY size(l)"),
                       ["['End', 'B']", "['End', 'B', 'A']"])
    }
}
