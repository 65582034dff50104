import Foundation
import XCTest
@testable import KGExport
import KGStore

final class JSONLinesTests: ExportTestCase {
    func testExportImportExportIsByteIdentical() throws {
        let original = try newStore("a.db")
        try buildSampleGraph(original)
        let first = try exportJSONL(original)

        let copy = try newStore("b.db")
        let summary = try JSONLinesImporter(store: copy).importText(first, name: "a.jsonl")
        let second = try exportJSONL(copy)
        XCTAssertEqual(first, second)
        XCTAssertEqual(summary.triples, try original.stats().triples)
        XCTAssertEqual(try copy.stats().triples, try original.stats().triples)
        XCTAssertEqual(summary.documents, 2)

        // And once more through a file, as `kg import FILE` reads it.
        let file = path("b.jsonl")
        try second.write(toFile: file, atomically: true, encoding: .utf8)
        let third = try newStore("c.db")
        try JSONLinesImporter(store: third).importFile(file)
        XCTAssertEqual(try exportJSONL(third), first)
    }

    func testExportShapeIsAPOCWithProvenanceAndSortedKeys() throws {
        let store = try newStore()
        try buildSampleGraph(store)
        let lines = try exportJSONL(store).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, #"{"type":"node","id":"1","labels":["Company"],"properties":{"aliases":["商汤科技","SenseTime Group"],"employees":5000,"founded":"2014-10","listed":true,"mixed":[1,2.5,false,"x"],"name":"SenseTime","ratio":1e-07,"revenue":3.0}}"#)
        XCTAssertFalse(lines.contains { $0.contains(#""id":"2""#) && $0.hasPrefix(#"{"type":"node""#) }, "the removed node is not exported")
        let regulated = try XCTUnwrap(lines.first { $0.contains("REGULATED_BY") })
        XCTAssertTrue(regulated.hasPrefix(#"{"type":"relationship","id":""#))
        XCTAssertTrue(regulated.hasSuffix(#""label":"REGULATED_BY","start":{"id":"1","labels":["Company"]},"end":{"id":"6","labels":["Government"]},"properties":{"action":"Entity List","confidence":1.0,"count":2,"date":"2019-10","evidence":"placed on the \"Entity List\"\nin 2019","extractor":"sentence.sanction","source":"seeds/004.txt","weight":0.5}}"#), regulated)
        // Every line is JSON that Foundation reads too.
        for line in lines { XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(line.utf8))) }
    }

    func testMalformedLinesNameTheLineAndImportNothing() throws {
        let cases: [(String, String)] = [
            ("{\"type\":\"node\",\"id\":\"1\",\"labels\":[\"A\"]}\n{\"type\":\"node\",\"id\":\"2\",\"labels\":[\"A\"],}\n", "in.jsonl:2: not JSON"),
            ("{\"type\":\"node\",\"id\":\"1\"}\n\n{\"type\":\"relationship\",\"id\":\"5\",\"label\":\"R\",\"start\":{\"id\":\"1\"},\"end\":{\"id\":\"9\"}}\n", "in.jsonl:3: end node \"9\" is not defined on an earlier line"),
            ("{\"type\":\"node\",\"id\":\"1\"}\n{\"type\":\"node\",\"id\":\"1\"}\n", "in.jsonl:2: node id \"1\" appears twice"),
            ("{\"type\":\"edge\"}\n", "in.jsonl:1: unknown type \"edge\""),
            ("[1,2]\n", "in.jsonl:1: expected a JSON object"),
            ("{\"type\":\"node\",\"id\":\"1\",\"properties\":{\"m\":{\"a\":1}}}\n", "in.jsonl:1: property \"m\" is a map"),
            ("{\"type\":\"node\",\"id\":\"1\",\"properties\":{\"s\":\"\\ud800\"}}\n", "in.jsonl:1: not JSON: a lone UTF-16 surrogate"),
            ("{\"type\":\"relationship\",\"id\":\"1\",\"start\":{\"id\":\"1\"},\"end\":{\"id\":\"1\"}}\n", "in.jsonl:1: a relationship needs a \"label\""),
        ]
        for (text, expected) in cases {
            let store = try newStore("m\(UUID().uuidString).db")
            let before = try store.stats()
            XCTAssertThrowsError(try JSONLinesImporter(store: store).importText(text, name: "in.jsonl")) { error in
                XCTAssertTrue("\(error)".hasPrefix(expected), "\(error) does not start with \(expected)")
            }
            let after = try store.stats()
            XCTAssertEqual(after.nodes, before.nodes)
            XCTAssertEqual(after.triples, before.triples)
            XCTAssertEqual(after.documents, before.documents)
            XCTAssertEqual(try indexes(store), ["triple_doc", "triple_osp", "triple_pos", "triple_spo"], "the rollback restores the indexes")
        }
    }

    func indexes(_ store: GraphStore) throws -> [String] {
        try store.db.rows("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'triple' ORDER BY name").compactMap { $0[0].string }
    }

    func testImportIntoAnEmptyGraphRebuildsTheIndexesThatServeQueries() throws {
        let store = try newStore()
        try JSONLinesImporter(store: store).importText(try exportJSONL(try { let s = try newStore("src.db"); try buildSampleGraph(s); return s }()))
        XCTAssertEqual(try indexes(store), ["triple_doc", "triple_osp", "triple_pos", "triple_spo"])
        let plan = try store.db.rows("EXPLAIN QUERY PLAN SELECT s FROM triple WHERE o = 1 AND k = 2").map { $0[3].string ?? "" }.joined()
        XCTAssertTrue(plan.contains("USING INDEX triple_osp") || plan.contains("USING COVERING INDEX triple_osp"), plan)
        XCTAssertEqual(try store.db.scalar("PRAGMA foreign_keys")?.int, 1, "foreign keys are back on")
        XCTAssertEqual(try store.db.scalar("PRAGMA foreign_key_check"), nil, "and hold")
    }

    func testInvalidUTF8IsAnError() throws {
        var bytes = Array("{\"type\":\"node\",\"id\":\"1\",\"properties\":{\"name\":\"".utf8)
        bytes += [0xFF, 0xFE]
        bytes += Array("\"}}\n".utf8)
        let file = path("bad.jsonl")
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        XCTAssertThrowsError(try JSONLinesImporter(store: try newStore()).importFile(file)) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(file):1: not JSON: the string is not valid UTF-8"), "\(error)")
        }
    }

    func testImportIntoAGraphThatHasNodesGivesNewIdsAndKeepsLinks() throws {
        let store = try newStore()
        try buildSampleGraph(store)
        let nodesBefore = try store.stats().nodes
        let text = """
            {"type":"node","id":"1","labels":["Company"],"properties":{"name":"Acme","founded":"1999","note":"2020"}}
            {"type":"node","id":"k2","labels":["Person","Person"],"properties":{"name":"Ann","born":"1970-02-30x","empty":null}}
            {"type":"relationship","id":"1","label":"FOUNDED_BY","start":{"id":"1","labels":["Company"]},"end":{"id":"k2"},"properties":{"source":"elsewhere.md","confidence":1,"date":"1999-05"}}
            """
        let summary = try JSONLinesImporter(store: store).importText(text)
        XCTAssertEqual(summary, .init(nodes: 2, relationships: 1, triples: 8, documents: 1))
        XCTAssertEqual(try store.stats().nodes, nodesBefore + 2)
        let acme = try XCTUnwrap(try store.nodes(named: "Acme").first)
        XCTAssertNotEqual(acme, 1, "node 1 was taken, so the file's node 1 gets a new id")
        XCTAssertEqual(try store.property("founded", of: acme), .date("1999"), "a year under a date key is a date")
        XCTAssertEqual(try store.property("note", of: acme), .string("2020"), "other keys stay strings")
        let ann = try XCTUnwrap(try store.nodes(named: "Ann").first)
        XCTAssertEqual(try store.node(ann)?.labels, ["Person"])
        XCTAssertEqual(try store.property("born", of: ann), .string("1970-02-30x"))
        XCTAssertNil(try store.property("empty", of: ann))

        var found: RelationshipRecord?
        try store.forEachRelationship { if $0.start == acme { found = $0 } }
        let r = try XCTUnwrap(found)
        XCTAssertEqual(r.end, ann)
        XCTAssertNotEqual(r.id, 1, "relationship id 1 was taken")
        XCTAssertEqual(r.properties["source"], .string("elsewhere.md"))
        XCTAssertEqual(r.properties["confidence"], .integer(1), "an integer confidence is kept as written")
        XCTAssertEqual(r.properties["date"], .date("1999-05"))
        XCTAssertEqual(try store.document(path: "elsewhere.md")?.format, "import")
    }

    func testNumericIdsAndBareEndpointsFromOtherTools() throws {
        let store = try newStore()
        let text = """
            {"type":"node","id":0,"labels":["A"],"properties":{"name":"zero"}}
            {"type":"node","id":"007","labels":["A"],"properties":{"name":"bond"}}\r
            {"type":"relationship","id":"r0","label":"KNOWS","start":"0","end":{"id":"007"}}
            """
        let summary = try JSONLinesImporter(store: store).importText(text)
        XCTAssertEqual(summary.relationships, 1)
        let lines = try exportJSONL(store).split(separator: "\n")
        XCTAssertEqual(lines.count, 3)
        XCTAssertTrue(lines[2].contains(#""start":{"id":"0","labels":["A"]}"#), String(lines[2]))
    }

    func testLongLinesAcrossBlocks() throws {
        let long = String(repeating: "x", count: 3 << 20)
        let text = "{\"type\":\"node\",\"id\":\"1\",\"properties\":{\"name\":\"\(long)\"}}\n{\"type\":\"node\",\"id\":\"2\"}"
        let file = path("long.jsonl")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let store = try newStore()
        XCTAssertEqual(try JSONLinesImporter(store: store).importFile(file).nodes, 2)
        XCTAssertEqual(try store.property("name", of: 1), .string(long))
    }
}
