import Foundation
import XCTest
import KGExtraction
import KGIngest
import KGStore

/// Ingest end to end: files in, one node per thing, incremental updates, unreadable files reported.
final class IngestTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kg-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("docs"), withIntermediateDirectories: true)
        for name in [Fixture.wikipedia, Fixture.news] {
            try FileManager.default.copyItem(at: Fixture.url(name), to: directory.appendingPathComponent("docs").appendingPathComponent(name))
        }
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    var docs: String { directory.appendingPathComponent("docs").path }
    func store() throws -> GraphStore { try GraphStore(path: directory.appendingPathComponent("g.db").path) }

    func nodes(named name: String, in store: GraphStore) throws -> [NodeRecord] {
        try store.nodes(forNameKey: NameFolding.key(name)).compactMap { try store.node($0) }
            .filter { !$0.labels.contains("Document") && !$0.labels.contains("Event") }
    }

    func edges(_ type: String, from: String, to: String, in store: GraphStore) throws -> [RelationshipRecord] {
        var out: [RelationshipRecord] = []
        let starts = Set(try nodes(named: from, in: store).map(\.id)), ends = Set(try nodes(named: to, in: store).map(\.id))
        try store.forEachRelationship { r in if r.type == type && starts.contains(r.start) && ends.contains(r.end) { out.append(r) } }
        return out
    }

    func testIngestsDirectoryAndResolvesAcrossDocuments() throws {
        let g = try store()
        let summary = Ingestor(store: g).ingest(paths: [docs])
        XCTAssertEqual(summary.documents, 2)
        XCTAssertTrue(summary.failures.isEmpty)
        XCTAssertGreaterThan(summary.triples, 100)
        XCTAssertEqual(try g.documents().count, 2)

        // One company, whatever the article or news item calls it.
        XCTAssertEqual(try nodes(named: "SenseTime", in: g).count, 1)
        XCTAssertEqual(try nodes(named: "SenseTime Group", in: g).map(\.id), try nodes(named: "SenseTime", in: g).map(\.id))
        XCTAssertEqual(try nodes(named: "SenseTiime", in: g).map(\.id), try nodes(named: "SenseTime", in: g).map(\.id))
        XCTAssertNotEqual(try nodes(named: "Shanghai SenseTime", in: g).map(\.id), try nodes(named: "SenseTime", in: g).map(\.id))
        // One Treasury, named four ways across the two documents.
        let treasury = try nodes(named: "United States Department of the Treasury", in: g)
        XCTAssertEqual(treasury.count, 1)
        XCTAssertEqual(treasury.first?.labels, ["Government"])
        // The newspaper named in the article is the news provider of the related items.
        let wsj = try XCTUnwrap(try nodes(named: "Wall Street Journal", in: g).first)
        XCTAssertEqual(Set(wsj.labels), ["Organization", "Publisher"])

        let blacklist = try edges("REGULATED_BY", from: "SenseTime", to: "United States Department of the Treasury", in: g)
        XCTAssertTrue(blacklist.contains { $0.properties["date"] == .date("2021-12-10") && $0.properties["action"] == .string("investment blacklist") })
        let entityList = try XCTUnwrap(try edges("REGULATED_BY", from: "SenseTime", to: "Bureau of Industry and Security", in: g).first)
        XCTAssertEqual(entityList.properties["date"], .date("2019-10"))
        XCTAssertEqual(entityList.properties["action"], .string("Entity List"))
        XCTAssertNotNil(entityList.properties["evidence"])
        XCTAssertEqual(entityList.properties["extractor"], .string("sentence.regulated.placed-passive"))
        XCTAssertEqual(entityList.properties["source"], .string(Ingestor.identity(of: docs + "/" + Fixture.wikipedia)))
    }

    func testUnchangedFilesAreSkippedAndChangedOnesReplaced() throws {
        let g = try store()
        let ingestor = Ingestor(store: g)
        _ = ingestor.ingest(paths: [docs])
        let triplesBefore = try g.stats().triples
        let again = ingestor.ingest(paths: [docs])
        XCTAssertEqual(again.documents, 0)
        XCTAssertEqual(again.unchanged, 2)
        XCTAssertEqual(try g.stats().triples, triplesBefore)

        // Drop the Qualcomm sentence: its partnership goes, the rest stays.
        let path = docs + "/" + Fixture.wikipedia
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let edited = text.replacingOccurrences(of: "In October 2017, [[Qualcomm]] entered into a collaboration agreement with SenseTime.", with: "")
        XCTAssertNotEqual(edited, text)
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        let qualcomm = try edges("PARTNER_OF", from: "SenseTime", to: "Qualcomm", in: g) + edges("PARTNER_OF", from: "Qualcomm", to: "SenseTime", in: g)
        XCTAssertFalse(qualcomm.isEmpty)
        let changed = ingestor.ingest(paths: [docs])
        XCTAssertEqual(changed.documents, 1)
        XCTAssertEqual(changed.replaced, 1)
        XCTAssertEqual(changed.unchanged, 1)
        XCTAssertEqual(try g.documents().count, 2)
        XCTAssertTrue(try edges("PARTNER_OF", from: "SenseTime", to: "Qualcomm", in: g).isEmpty)
        XCTAssertTrue(try edges("PARTNER_OF", from: "Qualcomm", to: "SenseTime", in: g).isEmpty)
        XCTAssertFalse(try edges("PARTNER_OF", from: "Honda", to: "SenseTime", in: g).isEmpty)
        // Re-ingesting the original restores the graph it had.
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        _ = ingestor.ingest(paths: [docs])
        XCTAssertEqual(try g.stats().triples, triplesBefore)
    }

    func testUnreadableFilesAreReportedAndTheRestGoOn() throws {
        let bad = directory.appendingPathComponent("docs/bad")
        try FileManager.default.createDirectory(at: bad, withIntermediateDirectories: true)
        try Data([0x00, 0x01, 0x02, 0xFF, 0x00, 0x10]).write(to: bad.appendingPathComponent("image.bin"))
        try Data().write(to: bad.appendingPathComponent("empty.txt"))
        try Data([0x61, 0x62, 0xC3, 0x28, 0x0A]).write(to: bad.appendingPathComponent("latin1.txt"))
        let g = try store()
        let ingestor = Ingestor(store: g)
        let summary = ingestor.ingest(paths: [docs, directory.appendingPathComponent("missing").path])
        XCTAssertEqual(summary.documents, 2)
        XCTAssertEqual(summary.failures.count, 4)
        XCTAssertTrue(summary.failures.contains { $0.path.hasSuffix("image.bin") })
        XCTAssertTrue(summary.failures.contains { $0.path.hasSuffix("empty.txt") })
        XCTAssertTrue(summary.failures.contains { $0.path.hasSuffix("latin1.txt") })
        XCTAssertTrue(summary.failures.contains { $0.description.contains("missing") })
        for failure in summary.failures { XCTAssertTrue(failure.description.contains(failure.path), failure.description) }
        XCTAssertEqual(try g.documents().count, 2)
        // Too large: reported, nothing stored.
        let small = Ingestor(store: g, byteLimit: 100)
        let fresh = directory.appendingPathComponent("fresh.txt")
        try String(repeating: "Some text. ", count: 50).write(to: fresh, atomically: true, encoding: .utf8)
        if case .failed(let reason) = small.ingest(file: fresh.path) { XCTAssertTrue(reason.contains("too large"), reason) } else { XCTFail("not reported") }
    }

    /// A document whose rows the database rejects part-way fails alone: its batch is rolled
    /// back and written again without it, so the documents before and after it in the same
    /// batch are stored whole, exactly as if the failing one had never been there.
    func testADocumentWhoseWritesFailIsLeftOutAndItsBatchIsWrittenWithoutIt() throws {
        let docsURL = directory.appendingPathComponent("docs")
        // Sorted between the two fixtures ("000_…", "004_…"), so it is written mid-batch.
        try "Acme Robotics was founded by John Smith in 2001. In 2019, Acme Robotics formed a joint venture with Qualcomm."
            .write(to: docsURL.appendingPathComponent("002_poison.txt"), atomically: true, encoding: .utf8)

        let reference = try GraphStore(path: directory.appendingPathComponent("reference.db").path)
        let alone = Ingestor(store: reference).ingest(paths: [docsURL.appendingPathComponent(Fixture.news).path,
                                                              docsURL.appendingPathComponent(Fixture.wikipedia).path])
        XCTAssertEqual(alone.documents, 2)

        let g = try store()
        try g.db.execute("""
            CREATE TRIGGER reject_poison BEFORE INSERT ON triple
            WHEN NEW.doc IN (SELECT id FROM document WHERE path LIKE '%poison%')
            BEGIN SELECT RAISE(ABORT, 'rejected by test trigger'); END
            """)
        let ingestor = Ingestor(store: g)
        ingestor.batchSeconds = 1_000
        let summary = ingestor.ingest(paths: [docs])
        XCTAssertEqual(summary.documents, 2)
        XCTAssertEqual(summary.failures.count, 1)
        let failure = try XCTUnwrap(summary.failures.first)
        XCTAssertTrue(failure.path.hasSuffix("002_poison.txt"), failure.path)
        XCTAssertTrue(failure.description.contains("rejected by test trigger"), failure.description)

        XCTAssertEqual(try g.documents().map(\.path).sorted(), try reference.documents().map(\.path).sorted())
        XCTAssertFalse(try g.documents().contains { $0.path.contains("poison") })
        XCTAssertTrue(try nodes(named: "Acme Robotics", in: g).isEmpty)
        let stats = try g.stats(), expected = try reference.stats()
        XCTAssertEqual(stats.nodes, expected.nodes)
        XCTAssertEqual(stats.triples, expected.triples)
        var relationships: [String] = [], expectedRelationships: [String] = []
        try g.forEachRelationship { relationships.append("\($0.start) \($0.type) \($0.end)") }
        try reference.forEachRelationship { expectedRelationships.append("\($0.start) \($0.type) \($0.end)") }
        XCTAssertEqual(relationships, expectedRelationships)
    }
}
