import Foundation
import XCTest
import KGDocuments
@testable import KGExtraction

/// List items and table rows under "Acquisitions", "Key people", "Partnerships" and
/// "Subsidiaries" headings, read against the article's subject. Made-up names throughout.
final class SectionItemTests: XCTestCase {
    private func extract(_ body: String) throws -> Extraction {
        let text = """
        {{Infobox company
        | name = Vormtal Systems
        | industry = Software
        }}
        '''Vormtal Systems''' is a software company.

        """ + body
        return Extractor().extract(try DocumentReader.parse(text: text, path: "vormtal.txt"))
    }

    func testAcquisitionTableRows() throws {
        let x = try extract("""
        ==Acquisitions==
        {| class="wikitable sortable"
        ! Date !! Company !! Business !! Country !! Value (USD)
        |-
        | {{dts|2016|03|14}} || [[Pixelwick]] || Image recognition || China || —
        |-
        | June 2018 || [[Arbolux Devices]] || Edge computing || [[Norway]] || $120 million
        |-
        |style="text-align:center"| 2020 || Quillon Analytics || Data labelling || Singapore || $35 million
        |}
        """)
        XCTAssertTrue(x.has("Vormtal Systems", "ACQUIRED", "Pixelwick", date: "2016-03-14"))
        XCTAssertTrue(x.has("Vormtal Systems", "ACQUIRED", "Arbolux Devices", date: "2018-06"))
        XCTAssertTrue(x.has("Vormtal Systems", "ACQUIRED", "Quillon Analytics", date: "2020"))
        // The country column is no acquisition.
        XCTAssertEqual(x.count("ACQUIRED"), 3)
        XCTAssertTrue(x.events.contains { $0.kind == "acquisition" && $0.date == "2018-06" })
    }

    func testListsOfPartnersSubsidiariesAndPeople() throws {
        let x = try extract("""
        ==Partnerships==
        * [[Qorvane]] – cloud infrastructure partner since 2018
        * [[Meridale University]]: joint laboratory for machine learning

        ==Subsidiaries==
        * [[Vormtal Robotics]]
        * [[Tessary Labs]] (Finland)

        ==Key people==
        {| class="wikitable"
        ! Name !! Position
        |-
        | [[Dara Whitcombe]] || Chief Technology Officer
        |}
        """)
        XCTAssertTrue(x.has("Vormtal Systems", "PARTNER_OF", "Qorvane", date: "2018"))
        XCTAssertTrue(x.has("Vormtal Systems", "PARTNER_OF", "Meridale University"))
        XCTAssertTrue(x.has("Vormtal Robotics", "SUBSIDIARY_OF", "Vormtal Systems"))
        XCTAssertTrue(x.has("Tessary Labs", "SUBSIDIARY_OF", "Vormtal Systems"))
        XCTAssertTrue(x.has("Dara Whitcombe", "AFFILIATED_WITH", "Vormtal Systems"))
    }

    func testMustNotFire() throws {
        let x = try extract("""
        ==History==
        * [[Pixelwick]] – a rival founded in 2001
        {|
        ! Date !! Company
        |-
        | 2019 || [[Harlow Dynamics]]
        |}

        ==Acquisitions==
        In 2015 the company considered several targets, and [[Brindle Corp]] later sued it.
        * [[Oskar Lintberg]] – advisor on the deals
        {|
        ! Date !! Business
        |-
        | 2017 || [[Cloud computing]] services
        |}

        ==Partnerships==
        * [[Greta Holm]] – former employee
        * Partnerships with [[Ostrava Motors]] were discussed but never signed.
        """)
        XCTAssertEqual(x.count("ACQUIRED"), 0, "\(x.relations.filter { $0.type == "ACQUIRED" }.map { (x.entities[$0.object].name, $0.evidence.extractor, $0.evidence.text) })")
        XCTAssertEqual(x.count("PARTNER_OF"), 0, "\(x.relations.filter { $0.type == "PARTNER_OF" }.map { (x.entities[$0.object].name, $0.evidence.extractor) })")
        XCTAssertEqual(x.count("SUBSIDIARY_OF"), 0)
    }

    func testNewsItemsAreNotRead() throws {
        let news = """
        ---
        title: "Quarterly roundup"
        ---
        ## Acquisitions
        * [[Pixelwick]]
        """
        let x = Extractor().extract(try DocumentReader.parse(text: news, path: "n.md"))
        XCTAssertEqual(x.count("ACQUIRED"), 0, "\(x.relations.filter { $0.type == "ACQUIRED" }.map { (x.entities[$0.object].name, $0.evidence.extractor, $0.evidence.text) })")
    }
}
