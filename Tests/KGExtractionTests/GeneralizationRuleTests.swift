import XCTest
import KGDocuments
@testable import KGExtraction

/// Rules added for articles and news items unlike the samples: infobox lists and asides,
/// ownership, lead-sentence names, appositive headquarters, lists of acquired companies, roles
/// written before a name, tickers in text. Every company here is made up.
final class GeneralizationRuleTests: XCTestCase, MadeUpDocuments {
    let extractor = Extractor()

    func testInfoboxListsDropRoleAsidesAndKeepPlainNames() throws {
        let x = try wiki("""
        {{Infobox company
        | name = Quorvel, S.A. de C.V.
        | key_people = {{ubl|Aurelio Brandt M.([[Chairman]])|[[Ines Varga]] ([[Chief executive officer|CEO]])}}
        | owner = [[Halden Holdings]] ([[Marrow Group|Marrow Group plc]])
        | editor = Tomas Ferrante
        }}
        '''Quorvel, S.A. de C.V.''', known as '''Quorvel''', is a restaurant operator. Quorvel opened new stores.
        """)
        XCTAssertTrue(x.has("Aurelio Brandt M.", "AFFILIATED_WITH", "Quorvel"))
        XCTAssertTrue(x.has("Ines Varga", "AFFILIATED_WITH", "Quorvel"))
        XCTAssertTrue(x.has("Tomas Ferrante", "AFFILIATED_WITH", "Quorvel"))
        XCTAssertNil(x.entity("Chairman"), "a role in parentheses is not a person")
        XCTAssertNil(x.entity("Chief executive officer"))
        XCTAssertTrue(x.has("Quorvel", "SUBSIDIARY_OF", "Halden Holdings"), "a company owner is the parent")
        XCTAssertFalse(x.has("Halden Holdings", "INVESTED_IN", "Quorvel"))
        XCTAssertFalse(x.has("Quorvel", "SUBSIDIARY_OF", "Marrow Group"), "the owner's own parent, in an aside, is not the subject's")
        // "Quorvel" in the text is the article's subject, not a second company.
        XCTAssertEqual(x.entities.filter { NameFolding.key($0.name).hasPrefix("quorvel") }.count, 1)
    }

    func testLeadWithLifespanMakesAPersonWhoseBaseIsNoHeadOffice() throws {
        let x = try wiki("""
        '''Harlan "Hal" Brightwater Sr.''' (March 3, 1901 – May 9, 1970) was a noted [[Nevada]]-based mining magnate. Among his companies was the [[Brightwater Minerals Company]].
        """)
        let subject = x.entities.first { $0.name.hasPrefix("Harlan") }
        XCTAssertEqual(subject?.kind, .person)
        XCTAssertEqual(x.count("HEADQUARTERED_IN"), 0)
    }

    func testAppositiveAndPrenominalHeadquarters() {
        let x = sentences([
            "Orlix confirmed it is acquiring [[Tessaro]], a [[California]]-based startup.",
            "The [[Grenhall Alliance]], a [[Manchester]]-based temperance organization, took over the paper.",
            "[[Bulawayo]] based firm [[Ketterby Systems]] signed a deal.",
        ])
        XCTAssertTrue(x.has("Tessaro", "HEADQUARTERED_IN", "California"))
        XCTAssertTrue(x.has("Grenhall Alliance", "HEADQUARTERED_IN", "Manchester"))
        XCTAssertTrue(x.has("Ketterby Systems", "HEADQUARTERED_IN", "Bulawayo"))
        XCTAssertFalse(x.has("Orlix", "HEADQUARTERED_IN", "California"))
    }

    func testOwnershipChainsAndOwnedBy() {
        let x = sentences([
            "It is owned by [[Pellman Newspapers Ltd.]], a division of [[Corvane Media Group]], a subsidiary of [[Dastrel Corporation]].",
        ], title: "Pellman Star")
        XCTAssertTrue(x.has("Pellman Star", "SUBSIDIARY_OF", "Pellman Newspapers Ltd."))
        XCTAssertTrue(x.has("Pellman Newspapers Ltd.", "SUBSIDIARY_OF", "Corvane Media Group"))
        XCTAssertTrue(x.has("Corvane Media Group", "SUBSIDIARY_OF", "Dastrel Corporation"))
    }

    func testAcquisitionListsAndQualifyingNames() {
        let x = sentences([
            "In 2014, [[Brenmoor]] acquired the Mexican restaurant chain [[Tavola Rossa]] and the Spanish [[Grupo Almena]].",
            "In September 2013, [[Brenmoor]] acquired 362 [[Walcorp]] restaurants [[Casa Vieja]] and [[El Faro Grill]] for $626 million.",
            "Self-driving start-up [[Quillon]] bought [[Norvo]]'s [[Advanced Mobility Group]] (Norvo AMG).",
        ])
        XCTAssertTrue(x.has("Brenmoor", "ACQUIRED", "Tavola Rossa", date: "2014"))
        XCTAssertTrue(x.has("Brenmoor", "ACQUIRED", "Grupo Almena", date: "2014"))
        XCTAssertTrue(x.has("Brenmoor", "ACQUIRED", "Casa Vieja", date: "2013-09"))
        XCTAssertTrue(x.has("Brenmoor", "ACQUIRED", "El Faro Grill"))
        XCTAssertFalse(x.has("Brenmoor", "ACQUIRED", "Walcorp"), "the seller named before the noun was not bought")
        XCTAssertTrue(x.has("Quillon", "ACQUIRED", "Advanced Mobility Group"))
        XCTAssertTrue(x.has("Advanced Mobility Group", "SUBSIDIARY_OF", "Norvo"))
        XCTAssertFalse(x.has("Quillon", "ACQUIRED", "Norvo"))
    }

    func testStakesInvestmentsAndFounderAppositive() {
        let x = sentences([
            "[[Norvo]] is investing $400 million into [[Quillon]].",
            "In 1998, the [[Pellman Star]] purchased a majority stake in [[Kwan Daily (Canada)|Kwan's Canadian newspaper]].",
            "The [[Pellman Star]] was created in 1892 by striking Evening Courier printers, led by social reformer [[Edwin Marlowe]], who became the newspaper's founder, along with another future mayor, [[Jon Reeve]].",
        ])
        XCTAssertTrue(x.has("Norvo", "INVESTED_IN", "Quillon"))
        XCTAssertTrue(x.has("Pellman Star", "ACQUIRED", "Kwan Daily (Canada)", date: "1998"))
        XCTAssertTrue(x.has("Pellman Star", "FOUNDED_BY", "Edwin Marlowe"))
        XCTAssertTrue(x.has("Pellman Star", "FOUNDED_BY", "Jon Reeve"))
        XCTAssertNil(x.relations.first { $0.type == "FOUNDED_BY" && x.entities[$0.object].name.contains("Courier") })
    }

    func testRolesBeforeNamesTickersAndBlacklistHeadlines() {
        let x = sentences([
            "The money comes months after the departure of [[Vantor]] chief [[Elias Borne]].",
            "[[Vantor]] co-chiefs [[Mara Quist]] and [[Oren Takeda]] said the round closed.",
            "[[Hollis Ventures]]'s [[Priya Sandoval]] said the deal signals a new wave.",
            "National retailer [[Kelbrook Corporation]] (TSX: KBC) announced results.",
            "[[Zentro]] and [[Mirova]] forge divergent paths amid prolonged US blacklisting",
        ])
        XCTAssertTrue(x.has("Elias Borne", "AFFILIATED_WITH", "Vantor"))
        XCTAssertTrue(x.has("Mara Quist", "AFFILIATED_WITH", "Vantor"))
        XCTAssertTrue(x.has("Oren Takeda", "AFFILIATED_WITH", "Vantor"))
        XCTAssertTrue(x.has("Priya Sandoval", "AFFILIATED_WITH", "Hollis Ventures"))
        XCTAssertTrue(x.has("Kelbrook Corporation", "LISTED_ON", "Toronto Stock Exchange"))
        XCTAssertTrue(x.has("Zentro", "REGULATED_BY", "United States government"))
        XCTAssertTrue(x.has("Mirova", "REGULATED_BY", "United States government"))
    }

    func testBlacklistOfSomeoneElseIsNotTheSubjects() {
        let x = sentences([
            "[[Zentro]] shares fell after US sanctions on [[Hexacore]]",
            "[[Zentro]] postponed its listing after a US ban on chip exports",
        ])
        XCTAssertFalse(x.has("Zentro", "REGULATED_BY", "United States government"))
    }
}
