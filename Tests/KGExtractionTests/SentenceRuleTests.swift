import XCTest
import KGDocuments
@testable import KGExtraction

/// Rules on hand-made sentences about made-up companies: what generalises, and what must not fire.
final class SentenceRuleTests: XCTestCase {
    let extractor = Extractor()

    func extract(_ sentences: [String], sections: [String] = [], title: String? = nil, kind: String? = nil) -> Extraction {
        extractor.extract(wikiDocument(sentences, sections: sections, title: title, infoboxKind: kind))
    }

    func testDatesFromSentenceAndHeading() {
        let x = extract([
            "In March 2016, Zentrix Robotics entered into a collaboration agreement with [[Orvana Systems]].",
            "The following month, Zentrix Robotics signed a joint venture agreement with Kelvar Motors.",
            "On 4 July, [[Plessa Bank]] and Zentrix Robotics signed a memorandum of understanding.",
        ], sections: ["History", "2016"])
        XCTAssertTrue(x.has("Zentrix Robotics", "PARTNER_OF", "Orvana Systems", date: "2016-03"))
        XCTAssertTrue(x.has("Zentrix Robotics", "PARTNER_OF", "Kelvar Motors", date: "2016-04"))
        XCTAssertTrue(x.has("Zentrix Robotics", "PARTNER_OF", "Plessa Bank", date: "2016-07-04"))
    }

    func testDateFinderForms() {
        let finder = DateFinder()
        XCTAssertEqual(finder.dates(in: "On 10 December 2021, it happened.", contextYear: nil, previous: nil).map(\.iso), ["2021-12-10"])
        XCTAssertEqual(finder.dates(in: "In October 2017, it happened.", contextYear: nil, previous: nil).map(\.iso), ["2017-10"])
        XCTAssertEqual(finder.dates(in: "During 2014, it happened.", contextYear: nil, previous: nil).map(\.iso), ["2014"])
        XCTAssertEqual(finder.dates(in: "It happened on December 10, 2021.", contextYear: nil, previous: nil).map(\.iso), ["2021-12-10"])
        XCTAssertEqual(finder.dates(in: "On 9 July, it happened.", contextYear: "2021", previous: nil).map(\.iso), ["2021-07-09"])
        XCTAssertEqual(finder.dates(in: "It raised $2014 million.", contextYear: nil, previous: nil).map(\.iso), [])
        XCTAssertEqual(DateFinder.headingYear("2017"), "2017")
        XCTAssertNil(DateFinder.headingYear("History"))
    }

    func testRegulatoryActions() {
        let x = extract([
            "In May 2019, Norvex Telecom was added to the Entity List.",
            "The [[United States Department of the Treasury]] placed Quarion Labs on an investment blacklist in 2021.",
            "In 2022, Delmont Bank was fined by the [[Federal Trade Commission]].",
            "U.S. sanctions targeting Pellow Dynamics were announced in 2020.",
        ])
        XCTAssertTrue(x.has("Norvex Telecom", "REGULATED_BY", "Bureau of Industry and Security", date: "2019-05", action: "Entity List"),
                      "a list's keeper acts when no agent is named")
        XCTAssertTrue(x.has("Quarion Labs", "REGULATED_BY", "United States Department of the Treasury", action: "investment blacklist"))
        XCTAssertTrue(x.has("Delmont Bank", "REGULATED_BY", "Federal Trade Commission", date: "2022", action: "fine"))
        XCTAssertTrue(x.has("Pellow Dynamics", "REGULATED_BY", "United States government", action: "sanctions"))
    }

    func testTreasuryNamesAreOneEntity() {
        let x = extract([
            "The U.S. Treasury Department placed Quarion Labs on an investment blacklist.",
            "The Treasury Department also sanctioned Plessa Bank.",
            "The [[United States Department of the Treasury]] later fined Delmont Bank.",
        ])
        let ids = Set(["U.S. Treasury Department", "Treasury Department", "United States Department of the Treasury"].compactMap(x.entityIndex))
        XCTAssertEqual(ids.count, 1)
    }

    func testFoundersAcquisitionsInvestmentsMembership() {
        let x = extract([
            "Vantor Analytics was co-founded in 2012 by Mara Quell, a professor at the [[University of Brensk]], and engineer Tomas Ferro.",
            "In 2015, Vantor Analytics acquired Lumina Imaging for $40 million.",
            "In 2017, Brightwater Capital invested $20 million in Vantor Analytics.",
            "In 2018, Vantor Analytics became a founding member of the Open Vision Alliance.",
            "Kestrel Foods is a wholly owned subsidiary of Vantor Analytics.",
        ])
        XCTAssertTrue(x.has("Vantor Analytics", "FOUNDED_BY", "Mara Quell", date: "2012"))
        XCTAssertTrue(x.has("Vantor Analytics", "FOUNDED_BY", "Tomas Ferro"))
        XCTAssertFalse(x.has("Vantor Analytics", "FOUNDED_BY", "University of Brensk"))
        XCTAssertTrue(x.has("Mara Quell", "AFFILIATED_WITH", "University of Brensk"))
        XCTAssertTrue(x.has("Vantor Analytics", "ACQUIRED", "Lumina Imaging", date: "2015"))
        XCTAssertTrue(x.has("Brightwater Capital", "INVESTED_IN", "Vantor Analytics", date: "2017"))
        XCTAssertTrue(x.has("Vantor Analytics", "MEMBER_OF", "Open Vision Alliance", date: "2018"))
        XCTAssertTrue(x.has("Kestrel Foods", "SUBSIDIARY_OF", "Vantor Analytics"))
        XCTAssertEqual(x.entity("Mara Quell")?.kind, .person)
        XCTAssertEqual(x.entity("University of Brensk")?.kind, .organization)
    }

    func testHedgedAndNegatedStatementsAreNotFacts() {
        let x = extract([
            "Orvana Systems is in talks to acquire Lumina Imaging.",
            "Zentrix Robotics denied that it had signed a partnership agreement with Kelvar Motors.",
            "Plessa Bank could list on the Nasdaq next year.",
        ])
        XCTAssertEqual(x.count("ACQUIRED"), 0)
        XCTAssertEqual(x.count("PARTNER_OF"), 0)
        XCTAssertEqual(x.count("LISTED_ON"), 0)
    }

    func testOrdinaryWordsAreNotNames() {
        let x = extract([
            "Innovation drives the industry forward, said Orvana Systems.",
            "Putting speculation to rest, Orvana Systems announced a strategic partnership with Kelvar Motors.",
        ])
        XCTAssertNil(x.entity("Innovation"))
        XCTAssertNil(x.entity("Putting"))
        XCTAssertTrue(x.has("Orvana Systems", "PARTNER_OF", "Kelvar Motors"))
    }

    func testCompanyArticleAnaphora() {
        let x = extract(["On 3 May 2020, the [[Federal Trade Commission]] fined the company."], title: "Quarion Labs", kind: "company")
        XCTAssertTrue(x.has("Quarion Labs", "REGULATED_BY", "Federal Trade Commission", date: "2020-05-03", action: "fine"))
    }
}
