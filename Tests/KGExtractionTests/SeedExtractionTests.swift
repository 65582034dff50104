import XCTest
import KGDocuments
@testable import KGExtraction

/// The key facts of the two samples, read straight from the extractor's output.
final class SeedExtractionTests: XCTestCase {
    static let extractor = Extractor()

    func testWikipediaArticleInfobox() throws {
        let x = Self.extractor.extract(try Fixture.document(Fixture.wikipedia))
        let subject = try XCTUnwrap(x.entity("SenseTime"))
        XCTAssertEqual(subject.kind, .company)
        XCTAssertTrue(subject.aliases.contains("商汤科技"))
        XCTAssertTrue(x.has("SenseTime", "FOUNDED_BY", "Tang Xiao'ou", date: "2014-10"))
        XCTAssertTrue(x.has("SenseTime", "FOUNDED_BY", "Xu Li (computer scientist)"))
        XCTAssertEqual(x.entity("Xu Li")?.name, "Xu Li (computer scientist)")
        XCTAssertEqual(x.entity("Xu Li")?.kind, .person)
        XCTAssertTrue(x.has("SenseTime", "HEADQUARTERED_IN", "Hong Kong"))
        XCTAssertTrue(x.has("SenseTime", "HEADQUARTERED_IN", "Hong Kong Science Park"))
        XCTAssertTrue(x.has("SenseTime", "LISTED_ON", "Hong Kong Stock Exchange"))
        XCTAssertTrue(x.has("SenseTime", "LISTED_ON", "Hong Kong Stock Exchange", date: "2021-12-30"))
        let props = Dictionary(x.properties.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(props["ticker"], .string("HKEX: 0020"))
        XCTAssertEqual(props["founded"], .date("2014-10"))
        XCTAssertEqual(props["website"], .string("http://www.sensetime.com"))
        XCTAssertEqual(props["industry"], .string("Artificial intelligence"))
    }

    func testWikipediaArticleGovernmentActions() throws {
        let x = Self.extractor.extract(try Fixture.document(Fixture.wikipedia))
        XCTAssertTrue(x.has("SenseTime", "REGULATED_BY", "Bureau of Industry and Security", date: "2019-10", action: "Entity List"))
        XCTAssertTrue(x.has("SenseTime", "REGULATED_BY", "United States Department of the Treasury", date: "2021-12-10", action: "investment blacklist"))
        XCTAssertTrue(x.has("SenseTime", "REGULATED_BY", "United States government", date: "2019", action: "sanctions"))
        XCTAssertTrue(x.has("Beijing SenseTime", "REGULATED_BY", "United States government", action: "sanctions"))
        XCTAssertEqual(x.entity("Bureau of Industry and Security")?.kind, .government)
        // The country written in front of the bureau is part of its name, not a place of its own here.
        XCTAssertTrue(x.entity("Bureau of Industry and Security")?.aliases.contains("United States Bureau of Industry and Security") ?? false)
    }

    func testWikipediaArticlePartnersAndStructure() throws {
        let x = Self.extractor.extract(try Fixture.document(Fixture.wikipedia))
        XCTAssertTrue(x.has("SenseTime", "PARTNER_OF", "Qualcomm", date: "2017-10"))
        XCTAssertTrue(x.has("SenseTime", "PARTNER_OF", "Shanghai Municipal Government", date: "2017-11"), "the following month")
        XCTAssertTrue(x.has("SenseTime", "PARTNER_OF", "Honda", date: "2017-12"))
        XCTAssertTrue(x.has("SenseTime", "PARTNER_OF", "Leon", date: "2017-11"))
        XCTAssertTrue(x.has("SenseTime", "PARTNER_OF", "Massachusetts Institute of Technology", date: "2018-02"))
        XCTAssertTrue(x.has("SenseTime", "PARTNER_OF", "Alibaba Group", date: "2018-04"))
        XCTAssertTrue(x.has("SenseTime", "PARTNER_OF", "Hong Kong Science and Technology Parks Corporation"))
        for partner in ["Nanyang Technological University", "National Supercomputing Centre of Singapore", "Singapore Telecommunications Limited"] {
            XCTAssertTrue(x.has("SenseTime", "PARTNER_OF", partner, date: "2018-05"), partner)
        }
        // Founding members "along with" universities are members, not partners.
        XCTAssertFalse(x.has("SenseTime", "PARTNER_OF", "Tsinghua University"))
        XCTAssertTrue(x.has("SenseTime", "MEMBER_OF", "Global Artificial Intelligence Academic Alliance", date: "2018-09"))
        XCTAssertTrue(x.has("Shanghai SenseTime", "SUBSIDIARY_OF", "SenseTime"))
        XCTAssertTrue(x.has("Beijing SenseTime", "SUBSIDIARY_OF", "SenseTime"))
        XCTAssertTrue(x.has("Tang Xiao'ou", "AFFILIATED_WITH", "Chinese University of Hong Kong"))
        XCTAssertTrue(x.has("Gregory C. Allen", "AFFILIATED_WITH", "Center for a New American Security"))
        XCTAssertTrue(x.has("Liu Cixin", "AFFILIATED_WITH", "SenseTime", date: "2021-07-09"))
        // The university department is not filed as a body of its own.
        XCTAssertNil(x.entity("Department of Information Engineering"))
        // "SenseTiime" (a typo in the article) is the company, and "Shanghai SenseTime" is not.
        XCTAssertNotEqual(x.entityIndex("Shanghai SenseTime"), x.entityIndex("SenseTime"))
        XCTAssertEqual(x.entityIndex("SenseTiime"), x.entityIndex("SenseTime"))
    }

    func testWikipediaArticleEvents() throws {
        let x = Self.extractor.extract(try Fixture.document(Fixture.wikipedia))
        func event(_ kind: String, _ date: String) -> ExtractedEvent? { x.events.first { $0.kind == kind && $0.date == date } }
        XCTAssertNotNil(event("founding", "2014-10"))
        XCTAssertNotNil(event("sanction", "2019-10"))
        XCTAssertNotNil(event("sanction", "2021-12-10"))
        XCTAssertNotNil(event("ipo", "2021-12-30"))
        XCTAssertNotNil(event("ipo", "2021-12-13"))
        XCTAssertNotNil(event("appointment", "2021-07-09"))
        let partnership = try XCTUnwrap(event("partnership", "2018-05"))
        XCTAssertEqual(partnership.participants.count, 4)
        for e in x.events { XCTAssertFalse(e.participants.isEmpty, e.title) }
    }

    func testEveryRelationHasEvidenceAndRule() throws {
        for name in [Fixture.wikipedia, Fixture.news] {
            let x = Self.extractor.extract(try Fixture.document(name))
            for r in x.relations {
                XCTAssertFalse(r.evidence.text.isEmpty)
                XCTAssertFalse(r.evidence.extractor.isEmpty)
            }
        }
    }

    func testNewsItem() throws {
        let x = Self.extractor.extract(try Fixture.document(Fixture.news))
        XCTAssertEqual(x.document.title, "Chinese AI Giant SenseTime Remains Committed To IPO Despite U.S. Blacklist")
        XCTAssertEqual(x.document.publisher.map { x.entities[$0].name }, "Forbes")
        XCTAssertEqual(Set(x.document.topics.map { x.entities[$0].name }), ["AI", "AI in Autos"])
        XCTAssertEqual(x.related.count, 8)
        let publishers = Set(x.related.compactMap { $0.publisher.map { x.entities[$0].name } })
        XCTAssertEqual(publishers, ["The Wall Street Journal", "Impacts", "Nikkei", "Financial Times", "Webindia 123"])
        XCTAssertTrue(x.has("SenseTime", "REGULATED_BY", "United States Department of the Treasury"))
        XCTAssertTrue(x.has("SenseTime", "REGULATED_BY", "United States government", action: "investment blacklist"))
        // "SenseTime Group" in an excerpt is the same company.
        XCTAssertEqual(x.entityIndex("SenseTime Group"), x.entityIndex("SenseTime"))
        // Title Case headlines do not turn every capitalised word into a name.
        XCTAssertNil(x.entity("Remains Committed"))
        XCTAssertNil(x.entity("Giant"))
    }

    func testCorpusNewsAcquisition() throws {
        let x = Self.extractor.extract(try Fixture.document(Fixture.corpusNews))
        XCTAssertTrue(x.has("Amazon", "ACQUIRED", "Zoox"))
        XCTAssertFalse(x.has("Zoox", "ACQUIRED", "Amazon"))
        XCTAssertEqual(x.document.publisher.map { x.entities[$0].name }, "Reuters")
    }
}
