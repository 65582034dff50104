import Foundation
import XCTest
import KGDocuments
@testable import KGExtraction

/// A businessperson's article: jobs, companies joined, begun and formed, and firms sold.
/// Made-up names throughout.
final class PersonCareerRuleTests: XCTestCase {
    private func extract(_ body: String) throws -> Extraction {
        let text = """
        {{Infobox person
        | name = Dalton Pryce Harrow
        | occupation = Television producer
        }}
        '''Dalton Pryce Harrow''' is an American television producer.

        """ + body
        return Extractor().extract(try DocumentReader.parse(text: text, path: "harrow.txt"))
    }

    func testCareerSentences() throws {
        let x = try extract("""
        He could keep his job at [[KTVX]] while studying.

        In 1984, Harrow joined The Renwick Group Advertising agency as Executive Vice President.

        At the same time, he began [[Foxlane Productions]].

        He joined [[Richmond Kell Productions]] (RKP) in [[Dallas]] as Executive Producer and Creative Director.

        When RKP sold in 1995 to [[Carbiner International]], Harrow stayed on.

        In 1998, Harrow and two colleagues broke away from Carbiner and formed [[Extremis Communications]] in [[Houston]].

        [[Belmont Media]] went into partnership with Houston's [[Vantage Two]] in 2002.
        """)
        XCTAssertTrue(x.has("Dalton Pryce Harrow", "AFFILIATED_WITH", "KTVX"))
        XCTAssertTrue(x.has("Dalton Pryce Harrow", "AFFILIATED_WITH", "Renwick Group Advertising", date: "1984"))
        XCTAssertTrue(x.has("Foxlane Productions", "FOUNDED_BY", "Dalton Pryce Harrow"))
        XCTAssertTrue(x.has("Dalton Pryce Harrow", "AFFILIATED_WITH", "Richmond Kell Productions"))
        XCTAssertTrue(x.has("Carbiner International", "ACQUIRED", "Richmond Kell Productions", date: "1995"))
        XCTAssertTrue(x.has("Extremis Communications", "FOUNDED_BY", "Dalton Pryce Harrow", date: "1998"))
        XCTAssertTrue(x.has("Belmont Media", "PARTNER_OF", "Vantage Two", date: "2002"))
        XCTAssertFalse(x.has("Belmont Media", "PARTNER_OF", "Houston"))
    }

    func testOfficeholderCareer() throws {
        let text = """
        {{Infobox officeholder
        | name = Harlan Quist
        | office = [[Chairman of the Federal Trade Commission]]
        }}
        '''Harlan Quist''' was an American lawyer.

        He was later a partner at the law firm [[Verrin, Lipp and Hand]].

        He taught at [[Harwick University]] from 1970 to 1972 and was a professor of law at [[Yarrow Law School]].

        He chaired the [[Federal Trade Commission]] from 1967 to 1969.

        Quist co-founded the consulting firm [[Quist & Marrow]] in 1981.

        He served on the board of directors of [[Exxar]] and [[Delmar Air Lines]].
        """
        let x = Extractor().extract(try DocumentReader.parse(text: text, path: "quist.txt"))
        for org in ["Verrin, Lipp and Hand", "Harwick University", "Yarrow Law School", "Federal Trade Commission", "Exxar", "Delmar Air Lines"] {
            XCTAssertTrue(x.has("Harlan Quist", "AFFILIATED_WITH", org), org)
        }
        XCTAssertTrue(x.relations.contains { $0.evidence.extractor == "infobox.office" && x.entities[$0.object].name == "Federal Trade Commission" })
        XCTAssertTrue(x.has("Quist & Marrow", "FOUNDED_BY", "Harlan Quist", date: "1981"))
    }

    func testOfficeholderMustNotFire() throws {
        let text = """
        {{Infobox officeholder
        | name = Harlan Quist
        | office = [[President of the United States]]
        }}
        '''Harlan Quist''' was an American lawyer.

        He headed to [[Boston]] in 1960.

        He was a professor of law at heart.
        """
        let x = Extractor().extract(try DocumentReader.parse(text: text, path: "quist.txt"))
        XCTAssertEqual(x.count("AFFILIATED_WITH"), 0, "\(x.relations.map { x.entities[$0.object].name })")
    }

    func testMustNotFire() throws {
        let x = try extract("""
        Harrow served as the VP of Production and Operations for the station.

        He joined the board as a volunteer.

        He began [[Harlan Voss]]'s career by hiring him.

        The painting was sold in 1990 to [[Mara Quell]].

        Harrow and two colleagues left and formed a band.
        """)
        XCTAssertFalse(x.relations.contains { $0.type == "AFFILIATED_WITH" && x.entities[$0.object].name == "Production" })
        XCTAssertEqual(x.count("FOUNDED_BY"), 0)
        XCTAssertEqual(x.count("ACQUIRED"), 0)
    }
}
