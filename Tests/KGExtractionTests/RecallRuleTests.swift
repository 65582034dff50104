import XCTest
import KGDocuments
@testable import KGExtraction

/// Rules added for documents unlike the development set: roles and seats, news verbs for
/// partnerships, approvals and investments, company-article sections, person infobox fields,
/// mention boundaries and news dates. Every name here is made up; each rule has a case that
/// must not fire.
final class RecallRuleTests: XCTestCase, MadeUpDocuments {
    let extractor = Extractor()

    func news(title: String, excerpt: String, published: String = "2023-08-31T07:58:00Z", related: [(String, String, String)] = []) throws -> Extraction {
        var yaml = """
        ---
        title: "\(title)"
        excerpt: "\(excerpt)"
        publishedDateTime: \(published)
        provider:
          name: Example Wire
        topics:
          - AI

        """
        if !related.isEmpty {
            yaml += "related:\n"
            for (t, e, d) in related {
                yaml += "  - title: \"\(t)\"\n    excerpt: \"\(e)\"\n    publishedDateTime: \(d)\n    provider:\n      name: Other Wire\n"
            }
        }
        yaml += "---\n"
        return extractor.extract(try DocumentReader.parse(text: yaml, path: "made-up.md"))
    }

    // MARK: Roles and seats

    func testRolesWrittenAroundTheName() throws {
        let x = try news(title: "Zarnow Names Pellucid's Orla Benning as Head of Robotics",
                         excerpt: "Orla Benning replaces Tavish Crane as Zarnow's global head of robotics. Pellucid's Orla Benning said she was pleased. Harrowgate Labs, a leading provider of sensors that is led by CEO Imre Lastovic, agreed. Quentin Farrow, Principal Evangelist, Harrowgate Labs, said the market is growing. Sandor Vey, a rival of Harrowgate Labs, disagreed.")
        XCTAssertTrue(x.has("Orla Benning", "AFFILIATED_WITH", "Zarnow"))
        XCTAssertTrue(x.has("Orla Benning", "AFFILIATED_WITH", "Pellucid"), "the possessive names her employer")
        XCTAssertTrue(x.has("Tavish Crane", "AFFILIATED_WITH", "Zarnow"), "'replaces X as Y's head': X held the role")
        XCTAssertTrue(x.has("Imre Lastovic", "AFFILIATED_WITH", "Harrowgate Labs"))
        XCTAssertTrue(x.has("Quentin Farrow", "AFFILIATED_WITH", "Harrowgate Labs"))
        XCTAssertFalse(x.has("Sandor Vey", "AFFILIATED_WITH", "Harrowgate Labs"), "a rival holds no role there")
    }

    func testBoardSeatsAndOfficesInAPersonArticle() throws {
        let x = try wiki("""
        {{Infobox officeholder
        | name = Edwin Marlowe
        | office = President of the [[Quillon Bar Association]]
        | party = [[Verdant Party]]
        | alma_mater = [[Ostrava College]]
        }}
        '''Edwin Marlowe''' (1910 – 1988) was a lawyer.

        ==Career==
        Marlowe served as counsel to the [[Pellworth Steel Company]] from 1946. He sat on the board of directors of the [[Calder Railroad]] and was a co-owner of the [[Tarrant Gazette]]. In 1970, he became a professor at [[Harlow Law School]]. He met the president of [[Brisco Mills]] in 1972.
        """)
        XCTAssertTrue(x.has("Edwin Marlowe", "AFFILIATED_WITH", "Quillon Bar Association"))
        XCTAssertTrue(x.has("Edwin Marlowe", "AFFILIATED_WITH", "Verdant Party"))
        XCTAssertFalse(x.has("Edwin Marlowe", "AFFILIATED_WITH", "Ostrava College"), "studying somewhere is no affiliation")
        XCTAssertTrue(x.has("Edwin Marlowe", "AFFILIATED_WITH", "Pellworth Steel Company"))
        XCTAssertTrue(x.has("Edwin Marlowe", "AFFILIATED_WITH", "Calder Railroad"))
        XCTAssertTrue(x.has("Edwin Marlowe", "AFFILIATED_WITH", "Tarrant Gazette"))
        XCTAssertTrue(x.has("Edwin Marlowe", "AFFILIATED_WITH", "Harlow Law School", date: "1970"))
        XCTAssertFalse(x.has("Edwin Marlowe", "AFFILIATED_WITH", "Brisco Mills"), "meeting someone's president is no role")
    }

    // MARK: News verbs

    func testApprovalsPartnershipsAndInvestmentsInNews() throws {
        let x = try news(title: "Tessaly and Brontide launch chatbots",
                         excerpt: "Tessaly and Brontide launched their chatbots on Thursday after receiving regulatory approval from Beijing. The Quorn Institute of Data has introduced a new course, jointly developed with Velloc Systems. Narwen Capital, which also invests in Fathom Robotics, declined to comment. Pyxis Motors, backed by Garrow Ventures, said it would grow. Ostrel could receive approval from Beijing.")
        XCTAssertTrue(x.has("Tessaly", "REGULATED_BY", "Government of China", date: "2023-08-31"))
        XCTAssertTrue(x.has("Brontide", "REGULATED_BY", "Government of China"))
        XCTAssertTrue(x.has("Quorn Institute of Data", "PARTNER_OF", "Velloc Systems"))
        XCTAssertTrue(x.has("Narwen Capital", "INVESTED_IN", "Fathom Robotics"))
        XCTAssertTrue(x.has("Garrow Ventures", "INVESTED_IN", "Pyxis Motors"))
        XCTAssertFalse(x.has("Ostrel", "REGULATED_BY", "Government of China"), "a hedged approval is no fact")
    }

    func testPartnerForAndBringingTogether() {
        let x = sentences([
            "Calyx Foundry is a manufacturing partner for Orrin Devices, Pellam Audio and Quist Labs.",
            "Harrow Bank and Lintel Pay are bringing together their payment networks.",
            "Marrow Freight is a partner of the year award winner.",
        ])
        XCTAssertTrue(x.has("Calyx Foundry", "PARTNER_OF", "Orrin Devices"))
        XCTAssertTrue(x.has("Calyx Foundry", "PARTNER_OF", "Quist Labs"))
        XCTAssertTrue(x.has("Harrow Bank", "PARTNER_OF", "Lintel Pay"))
        XCTAssertEqual(x.count("PARTNER_OF"), 4)
    }

    func testInvestorListsEntityListIncludingAndPartnershipTalks() {
        let x = sentences([
            "[[Tenmoor]] and [[Arbor Group]] are among the investors in [[Zhiyu AI]].",
            "In 2023, the [[United States Department of Commerce]] added 12 Chinese firms to the [[Entity List]], including [[Inspur Vale]] and [[Sugon Arc]].",
            "[[Pellam Audio]] is in talks to partner with [[Orrin Devices]].",
            "[[Calyx Foundry]] partnered with [[Quist Labs]] in 2022.",
        ])
        XCTAssertTrue(x.has("Tenmoor", "INVESTED_IN", "Zhiyu AI"))
        XCTAssertTrue(x.has("Arbor Group", "INVESTED_IN", "Zhiyu AI"))
        XCTAssertTrue(x.has("Inspur Vale", "REGULATED_BY", "United States Department of Commerce", date: "2023", action: "Entity List"))
        XCTAssertTrue(x.has("Sugon Arc", "REGULATED_BY", "United States Department of Commerce"))
        XCTAssertFalse(x.has("Pellam Audio", "PARTNER_OF", "Orrin Devices"), "talks are no partnership")
        XCTAssertTrue(x.has("Calyx Foundry", "PARTNER_OF", "Quist Labs", date: "2022"))
    }

    func testSanctionsHitWithAndGrantedBy() {
        let x = sentences([
            "In 2022, the [[United States Department of the Treasury]] hit Corvane Systems with sanctions.",
            "In 2023, Lintel Energy was granted permission by the [[Federal Energy Regulatory Commission]] to expand.",
            "Marrow Freight hit the Orlen Dock with a truck.",
        ])
        XCTAssertTrue(x.has("Corvane Systems", "REGULATED_BY", "United States Department of the Treasury", date: "2022"))
        XCTAssertTrue(x.has("Lintel Energy", "REGULATED_BY", "Federal Energy Regulatory Commission", date: "2023"))
        XCTAssertEqual(x.count("REGULATED_BY"), 2)
    }

    func testHeadlineParticiplesShareholdersAndDesignations() throws {
        let x = try news(title: "Tovrin Acquired by Halberd Systems",
                         excerpt: "Halberd Systems said Tovrin keeps its brand. Corvane completed the acquisition of Lumen Grid. Marlow Tech, sanctioned by the United States Department of the Treasury in 2020, denied wrongdoing. Osprey Holdings is the largest shareholder of Pellam Labs. Quillan's largest shareholder is Brask Capital. In 2021, the United States Department of Defense designated Vantry as a Chinese military company. Orvel weighs acquisition of Dunmore Labs.")
        XCTAssertTrue(x.has("Halberd Systems", "ACQUIRED", "Tovrin"))
        XCTAssertTrue(x.has("Corvane", "ACQUIRED", "Lumen Grid"))
        XCTAssertTrue(x.has("Marlow Tech", "REGULATED_BY", "United States Department of the Treasury", date: "2020"))
        XCTAssertTrue(x.has("Osprey Holdings", "INVESTED_IN", "Pellam Labs"))
        XCTAssertTrue(x.has("Brask Capital", "INVESTED_IN", "Quillan"))
        XCTAssertTrue(x.has("Vantry", "REGULATED_BY", "United States Department of Defense", date: "2021", action: "investment blacklist"))
        XCTAssertFalse(x.has("Orvel", "ACQUIRED", "Dunmore Labs"), "weighing a deal is no deal")
        let y = sentences([
            "Pellam Audio, owned by [[Brask Holdings]] since 2015, makes speakers.",
            "Vantry Robotics, the Chinese AI company backed by [[Osprey Capital]] and [[Halvard Group]], grew.",
            "Lintel Pay, the bank owned by its staff, grew.",
        ])
        XCTAssertTrue(y.has("Pellam Audio", "SUBSIDIARY_OF", "Brask Holdings"))
        XCTAssertTrue(y.has("Osprey Capital", "INVESTED_IN", "Vantry Robotics"))
        XCTAssertTrue(y.has("Halvard Group", "INVESTED_IN", "Vantry Robotics"))
        XCTAssertEqual(y.count("SUBSIDIARY_OF"), 1)
    }

    func testRelatedArticlesAreDatedByTheirOwnDay() throws {
        let x = try news(title: "Quarry AI expands", excerpt: "Quarry AI opened an office.", published: "2023-08-31T07:58:00Z",
                         related: [("Halcyon, Vesper Enter Into Strategic Partnership", "Halcyon and Vesper signed a partnership agreement.", "2023-08-28T13:13:00Z"),
                                   ("Morrow Expands Partnership with Tallis", "Morrow is expanding its collaboration with Tallis.", "2022-05-02T10:00:00Z")])
        XCTAssertTrue(x.has("Halcyon", "PARTNER_OF", "Vesper", date: "2023-08-28"))
        XCTAssertTrue(x.has("Morrow", "PARTNER_OF", "Tallis", date: "2022-05-02"))
    }

    func testRelativeDatesInNews() {
        let f = DateFinder()
        XCTAssertEqual(f.dates(in: "The deal closed last year.", contextYear: nil, previous: nil, published: "2021-03-12T09:00:00Z").map(\.iso), ["2020"])
        XCTAssertEqual(f.dates(in: "It was announced earlier this month.", contextYear: nil, previous: nil, published: "2021-03-12T09:00:00Z").map(\.iso), ["2021-03"])
        XCTAssertEqual(f.dates(in: "Amazon said Friday that it is buying it.", contextYear: nil, previous: nil, published: "2020-07-03T17:42:00Z").map(\.iso), ["2020-07-03"])
        XCTAssertEqual(f.dates(in: "The shares fell on Monday.", contextYear: nil, previous: nil, published: "2021-12-15T00:00:00Z").map(\.iso), ["2021-12-13"])
        XCTAssertEqual(f.dates(in: "Sales grew over the past year.", contextYear: nil, previous: nil, published: "2021-12-15T00:00:00Z").map(\.iso), [])
        XCTAssertEqual(f.dates(in: "The paper was founded in London in 1826.", contextYear: nil, previous: nil).map(\.iso), ["1826"])
        XCTAssertEqual(f.dates(in: "It sold 1850 copies.", contextYear: nil, previous: nil).map(\.iso), [])
    }

    // MARK: Company articles

    func testCompanyArticleSections() throws {
        let x = try wiki("""
        {{Infobox company
        | name = Zentrix Robotics
        | traded_as = {{SEHK|9876}}<br>{{SZSE|300321}}
        | founders = [[Lio Wenhao]]
        }}
        '''Zentrix Robotics''' is a robotics company.

        ==History==
        ===2017===
        The company raised $30 million in a Series A round led by [[Quarrel Capital]].
        ===2019===
        In June, Zentrix raised $200 million in a Series C round led by [[Ossary Fund]], with participation from [[Tenmoor]] and [[Hillock Capital]].

        ==Acquisitions==
        * 2022 – acquired [[Orbis Sensing]], a lidar maker
        * 2023 – acquired a stake in [[Helio Drive]]

        ==Investors==
        Zentrix's investors include [[Arbor Group]] and [[Quell Ventures]].

        ==Sanctions==
        In December 2021, the [[United States Department of the Treasury]] added Zentrix to its Non-SDN Chinese Military-Industrial Complex Companies List.

        In 2020, Zentrix was fined ¥5 million by the [[State Administration for Market Regulation]] for pricing practices.
        """)
        XCTAssertTrue(x.has("Zentrix Robotics", "LISTED_ON", "Hong Kong Stock Exchange"))
        XCTAssertTrue(x.has("Zentrix Robotics", "LISTED_ON", "Shenzhen Stock Exchange"))
        XCTAssertNil(x.entities.first { $0.name == "Zentrix" }, "the short name is the subject, not a second company")
        XCTAssertTrue(x.has("Quarrel Capital", "INVESTED_IN", "Zentrix Robotics", date: "2017"))
        XCTAssertTrue(x.has("Ossary Fund", "INVESTED_IN", "Zentrix Robotics"))
        XCTAssertTrue(x.has("Tenmoor", "INVESTED_IN", "Zentrix Robotics"))
        XCTAssertTrue(x.has("Hillock Capital", "INVESTED_IN", "Zentrix Robotics"))
        XCTAssertNil(x.entity("Series C"))
        XCTAssertTrue(x.has("Zentrix Robotics", "ACQUIRED", "Orbis Sensing", date: "2022"))
        XCTAssertFalse(x.has("Zentrix Robotics", "ACQUIRED", "Helio Drive"), "a stake is not the company")
        XCTAssertTrue(x.has("Arbor Group", "INVESTED_IN", "Zentrix Robotics"))
        XCTAssertTrue(x.has("Zentrix Robotics", "REGULATED_BY", "United States Department of the Treasury", date: "2021-12", action: "investment blacklist"))
        XCTAssertTrue(x.has("Zentrix Robotics", "REGULATED_BY", "State Administration for Market Regulation", date: "2020", action: "fine"))
    }

    func testCompanyArticleSentences() throws {
        let x = try wiki("""
        {{Infobox company
        | name = Quantivo Inc.
        }}
        '''Quantivo Inc.''' is a software company.

        In 2020, the [[United States Department of Commerce]] added Quantivo's Chinese subsidiary, [[Quantivo Shenzhen]], to the [[Entity List]]. In 2021, the company received approval from the [[Securities Regulatory Commission of Varnia]] to list.

        Quantivo is a member of the [[Open Compute Project]]. In 2022, Quantivo joined the [[Penrose Foundation]].

        The company's subsidiaries include Quantivo Robotics and [[Derrow Labs]].

        Mira Castell, the company's chief technology officer, previously worked at [[Intel]]. Teodor Varnum, one of the two creators of [[Astro Comics]] hero Flint, worked for the [[Daily Beacon]] as a paperboy.
        """)
        XCTAssertTrue(x.has("Quantivo Shenzhen", "REGULATED_BY", "United States Department of Commerce", date: "2020", action: "Entity List"))
        XCTAssertFalse(x.has("Quantivo Inc.", "REGULATED_BY", "United States Department of Commerce"), "the subsidiary was listed, not the parent")
        XCTAssertTrue(x.has("Quantivo Inc.", "REGULATED_BY", "Securities Regulatory Commission of Varnia"))
        XCTAssertFalse(x.has("Securities Regulatory Commission of Varnia", "INVESTED_IN", "Quantivo Inc."), "an approval is not money")
        XCTAssertTrue(x.has("Quantivo Inc.", "MEMBER_OF", "Open Compute Project"))
        XCTAssertTrue(x.has("Quantivo Inc.", "MEMBER_OF", "Penrose Foundation", date: "2022"))
        XCTAssertTrue(x.has("Quantivo Robotics", "SUBSIDIARY_OF", "Quantivo Inc."))
        XCTAssertTrue(x.has("Derrow Labs", "SUBSIDIARY_OF", "Quantivo Inc."))
        XCTAssertTrue(x.has("Mira Castell", "AFFILIATED_WITH", "Quantivo Inc."))
        XCTAssertTrue(x.has("Mira Castell", "AFFILIATED_WITH", "Intel"))
        XCTAssertTrue(x.has("Teodor Varnum", "AFFILIATED_WITH", "Daily Beacon"))
        XCTAssertFalse(x.has("Astro Comics", "AFFILIATED_WITH", "Daily Beacon"), "the worker is the clause's subject")
    }

    func testPersonArticleSurnameAndSentenceOpeners() throws {
        let x = try wiki("""
        {{Infobox person
        | name = Harlan Voss
        }}
        '''Harlan Voss''' (1910 – 1988) was an American lawyer.

        Brokered legal action against the steel makers followed in 1962, when Voss sued the [[Ostrander Steel Company]].

        In 1980, Voss was appointed chairman of the [[Harlow Trust]].
        """)
        XCTAssertNil(x.entity("Brokered"), "a participle opening a sentence is no name")
        XCTAssertNil(x.entities.first { $0.name == "Voss" }, "the surname is the article's subject")
        XCTAssertTrue(x.has("Harlan Voss", "AFFILIATED_WITH", "Harlow Trust", date: "1980"))
        let subject = try XCTUnwrap(x.entityIndex("Harlan Voss"))
        XCTAssertTrue(x.events.contains { $0.kind == "lawsuit" && $0.participants.contains(subject) })
    }

    func testOtherLanguagesCompanyInfoboxes() throws {
        let de = try wiki("""
        {{Infobox Unternehmen
        | Name = Kaltwerk AG
        | Gründungsdatum = 1972
        | Gründer = [[Dieter Holm]]
        | Sitz = [[Walldorf]], Deutschland
        | Leitung = [[Anke Brandt]] (Vorstandsvorsitzende)
        }}
        Die '''Kaltwerk AG''' ist ein Softwarehersteller.
        """)
        XCTAssertTrue(de.has("Kaltwerk AG", "FOUNDED_BY", "Dieter Holm"))
        XCTAssertTrue(de.has("Kaltwerk AG", "HEADQUARTERED_IN", "Walldorf"))
        XCTAssertTrue(de.has("Anke Brandt", "AFFILIATED_WITH", "Kaltwerk AG"))
        let fr = try wiki("""
        {{Infobox Entreprise
        | nom = Verelle SA
        | fondateur = [[Luc Marchal]]
        | siège = [[Lyon]]
        | société mère = [[Groupe Ardent]]
        | filiales = [[Verelle Santé]]
        }}
        '''Verelle SA''' est une entreprise française.
        """)
        XCTAssertTrue(fr.has("Verelle SA", "FOUNDED_BY", "Luc Marchal"))
        XCTAssertTrue(fr.has("Verelle SA", "HEADQUARTERED_IN", "Lyon"))
        XCTAssertTrue(fr.has("Verelle SA", "SUBSIDIARY_OF", "Groupe Ardent"))
        XCTAssertTrue(fr.has("Verelle Santé", "SUBSIDIARY_OF", "Verelle SA"))
    }

    func testTenureAppositiveInTheSubjectsArticle() throws {
        let x = try wiki("""
        {{Infobox newspaper
        | name = Harbour Ledger
        }}
        The '''Harbour Ledger''' is a daily newspaper.

        The paper grew under [[Ottilie Varga]], editor from 1899 until her death in 1948. Mirek Sold, a professor, praised it.
        """)
        XCTAssertTrue(x.has("Ottilie Varga", "AFFILIATED_WITH", "Harbour Ledger"))
        XCTAssertFalse(x.has("Mirek Sold", "AFFILIATED_WITH", "Harbour Ledger"), "a role without a tenure or a body says nothing")
    }

    func testNoSubjectlessAcquisitionInNewsOrPersonArticles() throws {
        let x = try wiki("""
        {{Infobox person
        | name = Mara Vell
        }}
        '''Mara Vell''' is an investor.
        * 2022 – acquired [[Orbis Sensing]]
        """)
        XCTAssertEqual(x.count("ACQUIRED"), 0)
    }

    func testUnknownNamesCoordinatedWithKnownOnesInHeadlines() throws {
        let x = try news(title: "Quillory, Microsoft Enter Into AI Data, Cloud Partnership",
                         excerpt: "Microsoft said the deal helps.",
                         related: [("Brekken Foods and Vortane Robotics to Commercialize Automated Trucking", "Brekken Foods said so.", "2021-03-11T00:00:00Z"),
                                   ("Analysts, Microsoft Agree On Outlook", "Microsoft is offering Quillory cloud credits.", "2021-03-12T00:00:00Z")])
        XCTAssertTrue(x.has("Quillory", "PARTNER_OF", "Microsoft"))
        XCTAssertTrue(x.has("Brekken Foods", "PARTNER_OF", "Vortane Robotics"))
        XCTAssertNil(x.entity("Analysts"), "an ordinary word is no name, coordinated or not")
        XCTAssertFalse(x.events.contains { $0.kind == "ipo" }, "'is offering' is no share offering")
    }

    // MARK: Kinds and boundaries

    func testAppositivesSayWhatANameIs() {
        let x = sentences([
            "Bionic Wellness, an AI-powered personalised healthcare startup, announced that Dr. Peter Lorne has joined its board of directors.",
            "Mara Quell, a professor at the [[University of Brensk]], spoke.",
            "Jonas Hale, a company spokesman, declined to comment.",
        ])
        XCTAssertEqual(x.entity("Bionic Wellness")?.kind, .company)
        XCTAssertTrue(x.has("Peter Lorne", "AFFILIATED_WITH", "Bionic Wellness"))
        XCTAssertNotEqual(x.entity("Mara Quell")?.kind, .organization)
        XCTAssertNotEqual(x.entity("Jonas Hale")?.kind, .company)
    }

    func testMentionBoundaries() {
        let x = sentences([
            "Dr. Peter Lorne, Corporate Vice President of Research at [[Halvard Software]], has joined the board of Quince Health.",
            "Halvard Software Corporate VP Ines Morrow spoke.",
            "By Tomas Ferrell ACME appointed Rhea Sandoval as its chief executive.",
            "BELLEVUE, Wash., March 1, 2021 /PRNewswire/ -- Core Arbiter, a provider of servers that is led by CEO Kevin Tarrow, expanded.",
        ])
        XCTAssertNil(x.entity("Corporate Vice President"))
        XCTAssertNil(x.entity("Halvard Software Corporate VP"))
        XCTAssertTrue(x.has("Peter Lorne", "AFFILIATED_WITH", "Halvard Software"))
        XCTAssertFalse(x.has("Peter Lorne", "AFFILIATED_WITH", "Research"))
        XCTAssertNil(x.entity("Tomas Ferrell ACME"), "a name runs into the next word")
        XCTAssertTrue(x.has("Kevin Tarrow", "AFFILIATED_WITH", "Core Arbiter"))
        XCTAssertFalse(x.has("Kevin Tarrow", "AFFILIATED_WITH", "BELLEVUE"))
        XCTAssertNotEqual(x.entity("BELLEVUE")?.kind, .company)
    }
}
