import Foundation
import XCTest
@testable import KGDocuments

/// The wikitext sample: infobox, templates, sentences with lines, sections and links.
final class WikitextDocumentTests: XCTestCase {
    static func fixture(_ name: String) throws -> String {
        let url = try XCTUnwrap(Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Fixtures"))
        return url.path
    }

    private func sample() throws -> Document {
        try DocumentReader.read(path: Self.fixture("004_d5e4758e27dcb6f3"))
    }

    func testFormatTitleAndShortDescription() throws {
        let doc = try sample()
        XCTAssertEqual(doc.format, .wikitext)
        XCTAssertEqual(doc.title, "SenseTime")
        XCTAssertEqual(doc.shortDescription, "Hong Kong software company")
        if ProcessInfo.processInfo.environment["KG_DUMP"] != nil { dump(doc) }
    }

    func testInfobox() throws {
        let doc = try sample()
        XCTAssertEqual(doc.infoboxes.count, 1)
        let box = try XCTUnwrap(doc.infoboxes.first)
        XCTAssertEqual(box.kind, "company")
        XCTAssertEqual(box.template.name, "infobox company")
        XCTAssertEqual(box.template.line, 3)
        XCTAssertEqual(box["name"]?.text, "SenseTime")
        XCTAssertEqual(box["name"]?.line, 4)

        let founder = try XCTUnwrap(box["founder"])
        XCTAssertEqual(founder.raw, "[[Tang Xiao'ou]]<br> [[Xu Li (computer scientist)|Xu Li]]")
        XCTAssertEqual(founder.text, "Tang Xiao'ou, Xu Li")
        XCTAssertEqual(founder.links.map(\.target), ["Tang Xiao'ou", "Xu Li (computer scientist)"])
        XCTAssertEqual(founder.links.map(\.text), ["Tang Xiao'ou", "Xu Li"])
        XCTAssertEqual(founder.links.last?.range, 14..<19)
        XCTAssertEqual(founder.line, 13)

        let hq = try XCTUnwrap(box["hq_location"])
        XCTAssertEqual(hq.text, "Science Park, Hong Kong")
        XCTAssertEqual(hq.links.map(\.target), ["Hong Kong Science Park", "Hong Kong"])

        let traded = try XCTUnwrap(box["traded_as"])
        XCTAssertEqual(traded.raw, "{{hkex|20}}")
        XCTAssertEqual(traded.templates.map(\.name), ["hkex"])
        XCTAssertEqual(traded.templates.first?["1"]?.text, "20")
        XCTAssertEqual(traded.text, "HKEX: 0020")

        let foundation = try XCTUnwrap(box["foundation"])
        XCTAssertEqual(foundation.templates.first?.name, "start date and age")
        XCTAssertEqual(foundation.templates.first?["df"]?.text, "yes")
        XCTAssertEqual(foundation.templates.first?["1"]?.text, "October 2014")
        XCTAssertEqual(foundation.text, "October 2014")

        let homepage = try XCTUnwrap(box["homepage"])
        XCTAssertEqual(homepage.templates.first?.name, "url")
        XCTAssertEqual(homepage.templates.first?["1"]?.text, "http://www.sensetime.com")
        XCTAssertEqual(homepage.text, "sensetime.com")

        XCTAssertEqual(box["industry"]?.links.map(\.target), ["Artificial intelligence"])
        XCTAssertEqual(box["type"]?.text, "Public")
        XCTAssertEqual(box["key_people"]?.text, "")
        let served = try XCTUnwrap(box["area_served"])
        XCTAssertTrue(served.text.contains("mobile apps"), served.text)
        XCTAssertTrue(served.links.contains { $0.target == "Mobile app" && $0.text == "mobile apps" })
    }

    func testTopLevelTemplatesAndCategories() throws {
        let doc = try sample()
        let chinese = try XCTUnwrap(doc.templates.first { $0.name == "chinese" })
        XCTAssertEqual(chinese["s"]?.text, "商汤科技")
        XCTAssertEqual(chinese["t"]?.text, "商湯科技")
        XCTAssertEqual(chinese["p"]?.text, "Shāngtāng kējì")
        XCTAssertEqual(chinese.line, 31)
        XCTAssertTrue(doc.templates.contains { $0.name == "short description" })
        XCTAssertTrue(doc.templates.contains { $0.name == "zh" && $0["s"]?.text == "商汤科技" })
        XCTAssertFalse(doc.templates.contains { $0.name == "cite web" }, "citations inside refs are not top-level")
        XCTAssertEqual(doc.categories.count, 8)
        XCTAssertEqual(doc.categories.first, "Chinese University of Hong Kong")
        XCTAssertEqual(doc.categories.last, "Companies listed on the Hong Kong Stock Exchange")
        XCTAssertEqual(doc.headings.map(\.title).prefix(3), ["History", "2014", "2015"])
        XCTAssertEqual(doc.headings.first?.line, 39)
    }

    func testLeadSentences() throws {
        let doc = try sample()
        let first = try XCTUnwrap(doc.sentences.first)
        XCTAssertTrue(first.text.hasPrefix("SenseTime (商汤科技) is a Hong Kong-headquartered artificial intelligence company"), first.text)
        XCTAssertEqual(first.line, 37)
        XCTAssertEqual(first.sections, [])
        let hk = try XCTUnwrap(first.links.first)
        XCTAssertEqual(hk.target, "Hong Kong")
        XCTAssertEqual(hk.text, "Hong Kong")
        XCTAssertEqual(hk.range, 22..<31, "character offsets, counting 商汤科技 as four")
        XCTAssertTrue(first.links.contains { $0.target == "The Philippines" })
        XCTAssertFalse(doc.sentences.contains { $0.text.contains("Cite") || $0.text.contains("<ref") || $0.text.contains("{{") })
        let sanctioned = try XCTUnwrap(doc.sentences.first { $0.text.hasPrefix("Since 2019") })
        XCTAssertTrue(sanctioned.text.hasSuffix("religious minorities."), sanctioned.text)
        XCTAssertTrue(sanctioned.text.contains("U.S. government"))
    }

    func testFoundingSentence() throws {
        let doc = try sample()
        let s = try XCTUnwrap(doc.sentences.first { $0.text.contains("co-founded in October 2014 by Tang Xiao'ou") })
        XCTAssertEqual(s.text, "SenseTime was co-founded in October 2014 by Tang Xiao'ou, a professor of the Department of Information Engineering at the Chinese University of Hong Kong (CUHK), and computer scientist Xu Li, among others.")
        XCTAssertEqual(s.line, 42)
        XCTAssertEqual(s.sections, ["History", "2014"])
        XCTAssertEqual(s.links.map(\.target), ["Tang Xiao'ou", "Chinese University of Hong Kong", "Xu Li (computer scientist)"])
        let xu = s.links[2]
        XCTAssertEqual(xu.text, "Xu Li")
        let text = Array(s.text)
        XCTAssertEqual(String(text[xu.range]), "Xu Li")
        let next = try XCTUnwrap(doc.sentences.first { $0.text.hasPrefix("During 2014") })
        XCTAssertEqual(next.text, "During 2014, SenseTime unveiled its face recognition algorithms, DeepID.")
        XCTAssertEqual(next.line, 42)
    }

    func testSectionsAndLines() throws {
        let doc = try sample()
        let qualcomm = try XCTUnwrap(doc.sentences.first { $0.text.hasPrefix("In October 2017, Qualcomm") })
        XCTAssertEqual(qualcomm.sections, ["History", "2017"])
        XCTAssertEqual(qualcomm.line, 56)
        XCTAssertEqual(qualcomm.text, "In October 2017, Qualcomm entered into a collaboration agreement with SenseTime.")
        let shanghai = try XCTUnwrap(doc.sentences.first { $0.text.hasPrefix("The following month, the Shanghai Municipal Government") })
        XCTAssertEqual(shanghai.sections, ["History", "2017"])
        XCTAssertEqual(shanghai.links.first?.target, "Shanghai")
        XCTAssertEqual(shanghai.links.first?.text, "Shanghai Municipal Government")
        let leon = try XCTUnwrap(doc.sentences.first { $0.text.contains("'smart policing' company with Leon") })
        XCTAssertEqual(leon.sections, ["History", "2017"])
        XCTAssertEqual(leon.line, 58)
        let allen = try XCTUnwrap(doc.sentences.first { $0.text.contains("Gregory C. Allen") })
        XCTAssertTrue(allen.text.hasPrefix("According to a report by Gregory C. Allen of the Center for a New American Security"), allen.text)
        let valued = try XCTUnwrap(doc.sentences.first { $0.text.contains("valued at $7.7 billion") })
        XCTAssertEqual(valued.text, "The Wall Street Journal reported that SenseTiime was valued at $7.7 billion at the end of 2018.")
        XCTAssertEqual(valued.links.first?.target, "The Wall Street Journal")
        let treasury = try XCTUnwrap(doc.sentences.first { $0.text.hasPrefix("On 10 December 2021") })
        XCTAssertEqual(treasury.sections, ["History", "2021"])
        XCTAssertTrue(treasury.links.contains { $0.target == "United States Department of the Treasury" })
        let listed = try XCTUnwrap(doc.sentences.last { $0.sections == ["History", "2021"] })
        XCTAssertEqual(listed.text, "On 30 December, SenseTime completed its initial public offering and was listed on the Hong Kong Stock Exchange.")
        XCTAssertFalse(doc.sentences.contains { $0.sections.first == "References" })
        let external = try XCTUnwrap(doc.sentences.first { $0.sections == ["External links"] })
        XCTAssertEqual(external.text, "Official website")
    }
}

/// A hand-written person article with the constructs real biographies use.
final class PersonArticleTests: XCTestCase {
    func testPersonArticle() throws {
        let doc = try DocumentReader.read(path: WikitextDocumentTests.fixture("person_sample"))
        XCTAssertEqual(doc.title, "Jane Q. Roe")
        let box = try XCTUnwrap(doc.infoboxes.first)
        XCTAssertEqual(box.kind, "scientist")
        XCTAssertEqual(box["birth_date"]?.text, "2 May 1968")
        XCTAssertEqual(box["alma_mater"]?.text, "Tsinghua University (BS), UIUC (PhD)")
        XCTAssertEqual(box["alma_mater"]?.links.map(\.target),
                       ["Tsinghua University", "Bachelor of Science", "University of Illinois Urbana-Champaign", "Doctor of Philosophy"])
        XCTAssertEqual(box["employer"]?.text, "Chinese University of Hong Kong, Acme Vision (2014–present)")
        XCTAssertEqual(box["awards"]?.text, "IEEE Fellow (2009), Turing Award")
        XCTAssertEqual(box["website"]?.text, "example.edu/~roe")
        XCTAssertEqual(doc.categories, ["1968 births", "Living people"])

        XCTAssertEqual(doc.sentences.map(\.text), [
            "Jane Q. Roe (羅簡; 罗简; born 2 May 1968) is a Chinese computer scientist and entrepreneur.",
            "She is a professor at the Chinese University of Hong Kong (CUHK) and co-founder of Acme Vision.",
            "Roe was born in Wuhan.",
            "She received her B.S. from Tsinghua University in 1989 and her Ph.D. from the U.S. University of Illinois in 1996.",
            "In 1997, Roe joined Microsoft Research Asia as a researcher.",
            "From 2001 to 2005, she served as an advisor to the Ministry of Science and Technology.",
            "In October 2014, Roe co-founded Acme Vision with Dr. John Smith, formerly of Google Inc.",
            "The company raised US$600 million in 2018.",
            "Notable investments:",
            "Alibaba Group – 2018",
            "Temasek – 2019",
            "year: 2009; award: IEEE Fellow.",
        ])
        let advisor = doc.sentences[5]
        XCTAssertEqual(advisor.sections, ["Career", "Academia"])
        XCTAssertEqual(advisor.line, 25)
        XCTAssertEqual(advisor.links.first?.target, "Ministry of Science and Technology (China)")
        let temasek = doc.sentences[doc.sentences.count - 2]
        XCTAssertEqual(temasek.links.first?.target, "Temasek Holdings")
        XCTAssertEqual(temasek.line, 33)
        XCTAssertEqual(doc.sentences.last?.line, 38)
    }
}
