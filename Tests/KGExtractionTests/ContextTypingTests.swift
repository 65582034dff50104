import Foundation
import XCTest
import KGDocuments
@testable import KGExtraction

/// Two-word business names that look like people's: typed by the words around them; and
/// sentences read again without an appositive between the subject and its verb.
final class ContextTypingTests: XCTestCase {
    private func news(_ body: String) throws -> Extraction {
        let text = """
        ---
        title: "Market roundup"
        date: 2023-05-02
        provider:
          name: TechWire
        ---

        """ + body
        return Extractor().extract(try DocumentReader.parse(text: text, path: "n.md"))
    }

    func testPossessionsAndPrecedersMakeACompany() throws {
        let x = try news("""
        Shares of Dover Kentley rose 5% after Dover Kentley's CEO Anna Pratling spoke.

        Orbis Fund took a stake in Marlow Hensley last year.
        """)
        XCTAssertEqual(x.entity("Dover Kentley")?.kind, .company)
        XCTAssertEqual(x.entity("Marlow Hensley")?.kind, .company)
        XCTAssertTrue(x.has("Anna Pratling", "AFFILIATED_WITH", "Dover Kentley"))
    }

    func testPeopleStayPeople() throws {
        let x = try news("""
        Dara Whitley's book was praised by critics.

        Analysts asked Ola Brandtner about the stake in the deal.
        """)
        XCTAssertNotEqual(x.entity("Dara Whitley")?.kind, .company)
        XCTAssertNotEqual(x.entity("Ola Brandtner")?.kind, .company)
    }

    func testAppositiveBetweenSubjectAndVerb() throws {
        let x = try news("""
        Quill Mercerton, the Boston-based startup, signed a partnership with Microsoft.

        Harmon Brookline, a chip designer, was acquired by Nvidia.

        Toronto Vale Newspapers Ltd., a division of Vale Media Group, a subsidiary of Valestar Corporation, printed it.
        """)
        XCTAssertTrue(x.has("Quill Mercerton", "PARTNER_OF", "Microsoft"))
        XCTAssertTrue(x.has("Nvidia", "ACQUIRED", "Harmon Brookline"))
        XCTAssertFalse(x.has("Toronto Vale Newspapers Ltd.", "SUBSIDIARY_OF", "Valestar Corporation"))
    }
}
