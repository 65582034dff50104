import Foundation
import XCTest
import KGDocuments
@testable import KGExtraction

/// An organisation's article: "the society" is the subject when its name says "Society";
/// infobox parents and affiliations. Made-up names throughout.
final class OrganizationArticleTests: XCTestCase {
    private func extract(_ text: String) throws -> Extraction {
        Extractor().extract(try DocumentReader.parse(text: text, path: "org.txt"))
    }

    func testSocietyArticle() throws {
        let x = try extract("""
        {{Infobox organization
        | name = Larkmere Society
        | parent_organization = [[Great Lakes Heritage Trust]]
        | affiliations = [[American Alliance of Galleries]]
        }}
        '''Larkmere Society''' is a private arts society in [[Milwaukee]].

        The society was founded in 1921 by the painter [[Oskar Brandel]] and the collector [[Mabel Hursten]].

        The society is a member of the [[Federation of Arts Clubs]].

        [[Clara Ostrin]] served as executive director of the society from 1995 to 2010.
        """)
        XCTAssertTrue(x.has("Larkmere Society", "SUBSIDIARY_OF", "Great Lakes Heritage Trust"))
        XCTAssertTrue(x.has("Larkmere Society", "MEMBER_OF", "American Alliance of Galleries"))
        XCTAssertTrue(x.has("Larkmere Society", "FOUNDED_BY", "Oskar Brandel", date: "1921"))
        XCTAssertTrue(x.has("Larkmere Society", "FOUNDED_BY", "Mabel Hursten", date: "1921"))
        XCTAssertTrue(x.has("Larkmere Society", "MEMBER_OF", "Federation of Arts Clubs"))
        XCTAssertTrue(x.has("Clara Ostrin", "AFFILIATED_WITH", "Larkmere Society", date: "1995"))
    }

    func testTheNounMustMatchTheSubjectsName() throws {
        let x = try extract("""
        {{Infobox company
        | name = Corvane Data
        | industry = Software
        }}
        '''Corvane Data''' is a software company.

        The university is a member of the [[Federation of Arts Clubs]].

        [[Clara Ostrin]] served as dean of the university from 1995 to 2010.
        """)
        XCTAssertFalse(x.has("Corvane Data", "MEMBER_OF", "Federation of Arts Clubs"))
        XCTAssertFalse(x.has("Clara Ostrin", "AFFILIATED_WITH", "Corvane Data"))
    }
}

/// Head offices as company articles write them, in places qualified by their state.
final class HeadquartersWordingTests: XCTestCase {
    private func hq(_ lead: String) throws -> Extraction {
        let text = """
        {{Infobox company
        | name = Hollin Corp
        | industry = Software
        }}
        '''Hollin Corp''' \(lead)
        """
        return Extractor().extract(try DocumentReader.parse(text: text, path: "hollin.txt"))
    }

    func testWordings() throws {
        for lead in ["is an American software company based in [[Auberon, Texas]].",
                     "is a software company headquartered in [[Auberon, Texas]], with offices in [[London]].",
                     "is a software company. Its headquarters are located in [[Auberon, Texas]].",
                     "is a software company whose head office is in [[Auberon, Texas]].",
                     "is a private software club located in [[Auberon, Texas]]."] {
            let x = try hq(lead)
            XCTAssertTrue(x.has("Hollin Corp", "HEADQUARTERED_IN", "Auberon, Texas"), lead)
            XCTAssertEqual(x.entity("Auberon, Texas")?.kind, .place)
        }
    }

    func testMustNotFire() throws {
        let x = try hq("is a software company. It sold a building located in [[Auberon, Texas]] to [[Verner, Lipp and Hand]].")
        XCTAssertEqual(x.count("HEADQUARTERED_IN"), 0)
        XCTAssertNotEqual(x.entity("Verner, Lipp and Hand")?.kind, .place)
    }
}
