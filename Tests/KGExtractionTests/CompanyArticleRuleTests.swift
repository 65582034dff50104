import Foundation
import XCTest
import KGDocuments
@testable import KGExtraction

/// Sentences typical of company articles, in made-up names: investments described with a few
/// words before the company, stakes owned, several bodies one is a member of, a subsidiary by
/// acquisition, successors in office, and a title with ", Inc.".
final class CompanyArticleRuleTests: XCTestCase {
    private func extract(_ body: String, title: String = "Corvane Data, Inc.") throws -> Extraction {
        let text = """
        {{Infobox company
        | name = Corvane Data
        | industry = Software
        }}
        '''\(title)''' is a software company.

        """ + body
        return Extractor().extract(try DocumentReader.parse(text: text, path: "corvane.txt"))
    }

    func testCompanyArticleSentences() throws {
        let x = try extract("""
        In 2019, Corvane was acquired by [[Hestle Group]] for $2.1 billion, becoming a wholly owned subsidiary of Hestle.

        In 2020, Corvane invested $50 million in the autonomous driving startup [[Virelo Motors]].

        Corvane owns a 30% stake in [[Quantra Ledger]].

        Corvane is a member of the [[Open Ledger Foundation]] and the [[Partnership on Data]].

        In March 2021, [[Miriam Castell]] stepped down as chief executive and was succeeded by [[Anil Dasrath]], previously the chief operating officer of [[Salesbridge]].
        """)
        XCTAssertTrue(x.has("Corvane Data", "SUBSIDIARY_OF", "Hestle Group"))
        XCTAssertTrue(x.has("Corvane Data", "INVESTED_IN", "Virelo Motors", date: "2020"))
        XCTAssertTrue(x.has("Corvane Data", "INVESTED_IN", "Quantra Ledger"))
        XCTAssertTrue(x.has("Corvane Data", "MEMBER_OF", "Open Ledger Foundation"))
        XCTAssertTrue(x.has("Corvane Data", "MEMBER_OF", "Partnership on Data"))
        XCTAssertTrue(x.has("Anil Dasrath", "AFFILIATED_WITH", "Corvane Data", date: "2021-03"))
        XCTAssertTrue(x.has("Anil Dasrath", "AFFILIATED_WITH", "Salesbridge"))
        XCTAssertFalse(x.has("Anil Dasrath", "AFFILIATED_WITH", "Hestle Group"))
        // "Corvane" and the title with ", Inc." are one node.
        XCTAssertEqual(x.entities.filter { $0.name.hasPrefix("Corvane") }.count, 1)
    }

    func testOwnersStakesAndInvestorLists() throws {
        let text = """
        {{Infobox company
        | name = Lumeva AI
        | owner = [[Tenfold Holdings]] (18%)
        | parent = [[Horvath Group]]
        }}
        '''Lumeva AI''' is an artificial intelligence company.

        In January 2024, Lumeva acquired a majority stake in the robotics firm [[Kestrin Dynamics]].

        [[Sequor Capital]], [[Orbis Vision Fund]] and [[Altamira Group]] are among Lumeva's investors.
        """
        let x = Extractor().extract(try DocumentReader.parse(text: text, path: "lumeva.txt"))
        XCTAssertTrue(x.has("Tenfold Holdings", "INVESTED_IN", "Lumeva AI"))
        XCTAssertFalse(x.has("Lumeva AI", "SUBSIDIARY_OF", "Tenfold Holdings"))
        XCTAssertTrue(x.has("Lumeva AI", "SUBSIDIARY_OF", "Horvath Group"))
        XCTAssertTrue(x.has("Lumeva AI", "INVESTED_IN", "Kestrin Dynamics", date: "2024-01"))
        for investor in ["Sequor Capital", "Orbis Vision Fund", "Altamira Group"] {
            XCTAssertTrue(x.has(investor, "INVESTED_IN", "Lumeva AI"), investor)
        }
    }

    func testPartnershipRegulatoryFoundingAndAppointmentWordings() throws {
        let x = try extract("""
        ===2016===
        In May, [[Nvidrel]] and Corvane agreed to cooperate on vision models.

        In June 2018, Corvane, [[Lenmark]] and [[Chinaport Mobile]] jointly launched a smart city platform.

        In 2020, the [[United States Department of Defense]] designated Corvane a "Chinese military company".

        [[Zhou Lanfen]], Corvane's co-founder, previously taught at [[Zhejiang University]].

        In 2022 Corvane appointed [[Mark Ruizal]], formerly of [[Gooble]], as its chief executive officer.
        """)
        XCTAssertTrue(x.has("Corvane Data", "PARTNER_OF", "Nvidrel", date: "2016-05"))
        XCTAssertTrue(x.has("Corvane Data", "PARTNER_OF", "Lenmark", date: "2018-06"))
        XCTAssertTrue(x.has("Lenmark", "PARTNER_OF", "Chinaport Mobile"))
        XCTAssertTrue(x.has("Corvane Data", "REGULATED_BY", "United States Department of Defense", date: "2020"))
        XCTAssertTrue(x.has("Corvane Data", "FOUNDED_BY", "Zhou Lanfen"))
        XCTAssertTrue(x.has("Mark Ruizal", "AFFILIATED_WITH", "Corvane Data", date: "2022"))
        XCTAssertTrue(x.has("Mark Ruizal", "AFFILIATED_WITH", "Gooble"))
    }

    func testModalMayStillHedges() throws {
        let x = try extract("""
        In May 2019, Corvane acquired [[Pellucid Systems]].

        Corvane may acquire [[Brightwell Systems]] next year.

        Corvane alone launched the product, and [[Harmon Labs]] jointly with nobody.
        """)
        XCTAssertTrue(x.has("Corvane Data", "ACQUIRED", "Pellucid Systems", date: "2019-05"))
        XCTAssertFalse(x.has("Corvane Data", "ACQUIRED", "Brightwell Systems"))
        XCTAssertEqual(x.count("PARTNER_OF"), 0)
    }

    func testDealWordings() throws {
        let x = try extract("""
        [[Tolvane Robotics]]' acquisition of [[Carrowin Sensors]] was completed in 2019.

        In 2017, [[Veldane Automation]] became part of Corvane.

        [[Greenfold Ventures]] led Corvane's $80 million Series B round in 2016.
        """, title: "Corvane Data")
        XCTAssertTrue(x.has("Tolvane Robotics", "ACQUIRED", "Carrowin Sensors", date: "2019"))
        XCTAssertTrue(x.has("Veldane Automation", "SUBSIDIARY_OF", "Corvane Data", date: "2017"))
        XCTAssertTrue(x.has("Greenfold Ventures", "INVESTED_IN", "Corvane Data", date: "2016"))
    }

    func testDealWordingsMustNotFire() throws {
        let x = try extract("""
        In 2017, [[Hanne Velde]] became part of the team at Corvane.

        [[Greenfold Ventures]] led [[Ola Brandt]]'s search for a new round of golf.
        """, title: "Corvane Data")
        XCTAssertEqual(x.count("SUBSIDIARY_OF"), 0)
        XCTAssertEqual(x.count("INVESTED_IN"), 0)
    }

    func testAndItsSubsidiary() throws {
        let x = try extract("""
        Its browser is developed by the [[Quill Foundation]] and its subsidiary, the [[Quill Corporation]].

        In 2004, [[Gorman Labs]] and its subsidiary [[Gorman Cloud]] joined the project.
        """, title: "Corvane Data")
        XCTAssertTrue(x.has("Quill Corporation", "SUBSIDIARY_OF", "Quill Foundation"))
        XCTAssertTrue(x.has("Gorman Cloud", "SUBSIDIARY_OF", "Gorman Labs"))
        XCTAssertFalse(x.has("Gorman Cloud", "SUBSIDIARY_OF", "Corvane Data"))
        XCTAssertFalse(x.has("Quill Corporation", "SUBSIDIARY_OF", "Corvane Data"))
    }

    func testMustNotFire() throws {
        let x = try extract("""
        Corvane competes with [[Hestle Group]], which hopes to become a subsidiary of nobody.

        In 2020, [[Harlan Pike]] was succeeded by [[Ona Brett]] as mayor.

        Corvane is a member of the [[Open Ledger Foundation]] and [[Miriam Castell]] chairs it.

        The king was succeeded by his son.
        """)
        XCTAssertEqual(x.count("SUBSIDIARY_OF"), 0)
        XCTAssertFalse(x.has("Ona Brett", "AFFILIATED_WITH", "Corvane Data"))
        XCTAssertFalse(x.has("Corvane Data", "MEMBER_OF", "Miriam Castell"))
        XCTAssertTrue(x.has("Corvane Data", "MEMBER_OF", "Open Ledger Foundation"))
    }
}
