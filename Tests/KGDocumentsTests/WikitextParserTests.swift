import Foundation
import XCTest
@testable import KGDocuments

/// Wikitext constructs one by one, and malformed input: it always ends in a document, never a crash.
final class WikitextParserTests: XCTestCase {
    private func wiki(_ text: String) throws -> Document {
        try DocumentReader.parse(text: text, path: "t.wiki", format: .wikitext)
    }

    private func sentences(_ text: String) throws -> [String] {
        try wiki(text).sentences.map(\.text)
    }

    // MARK: - Constructs

    func testLinks() throws {
        let doc = try wiki("He uses [[mobile app]]s, [[Foo_bar#History|the bar]] and [[:Category:Things]] daily.")
        let s = try XCTUnwrap(doc.sentences.first)
        XCTAssertEqual(s.text, "He uses mobile apps, the bar and Category:Things daily.")
        XCTAssertEqual(s.links.map(\.target), ["Mobile app", "Foo bar", "Category:Things"])
        XCTAssertEqual(s.links.map(\.text), ["mobile apps", "the bar", "Category:Things"])
        XCTAssertEqual(s.links[0].range, 8..<19)
        XCTAssertTrue(doc.categories.isEmpty)
    }

    func testPipeTrickFilesCategoriesAndInterlanguage() throws {
        let doc = try wiki("""
        [[File:Logo.png|thumb|A caption with [[Link]].]]
        '''Acme''' ([[Pipe (trick)|]]) makes [[w:gears|gears]].
        [[Category:Gear makers|Acme]]
        [[de:Acme]]
        """)
        XCTAssertEqual(doc.sentences.map(\.text), ["Acme (Pipe) makes gears."])
        XCTAssertEqual(doc.sentences.first?.links.map(\.target), ["Pipe (trick)", "W:gears"])
        XCTAssertEqual(doc.categories, ["Gear makers"])
        XCTAssertEqual(doc.title, "Acme")
    }

    func testTemplatesWithNamedAndPositionalParameters() throws {
        let doc = try wiki("{{Foo bar|first| key = [[Val]]ue |second|nested={{inner|x=1}}}}\nText.")
        let t = try XCTUnwrap(doc.templates.first)
        XCTAssertEqual(t.name, "foo bar")
        XCTAssertEqual(t.parameters.map(\.name), ["1", "key", "2", "nested"])
        XCTAssertEqual(t["key"]?.raw, "[[Val]]ue")
        XCTAssertEqual(t["key"]?.text, "Value")
        XCTAssertEqual(t["key"]?.links.first?.target, "Val")
        XCTAssertEqual(t["2"]?.text, "second")
        XCTAssertEqual(t["nested"]?.templates.first?.name, "inner")
        XCTAssertEqual(t["nested"]?.templates.first?["x"]?.text, "1")
        XCTAssertEqual(doc.sentences.map(\.text), ["Text."])
    }

    func testInlineTemplates() throws {
        XCTAssertEqual(try sentences("It is {{convert|5|km}} long and {{lang|fr|très}} {{nowrap|nice}}."), ["It is 5 km long and très nice."])
        XCTAssertEqual(try sentences("Founded {{Start date|2014|10|1|df=y}} by X{{citation needed|date=May 2020}}."), ["Founded 1 October 2014 by X."])
        XCTAssertEqual(try sentences("Site: {{URL|https://example.com/}}, raised {{US$|5 million}}."), ["Site: example.com, raised US$5 million."])
        XCTAssertEqual(try sentences("Acme ({{zh|s=艾克米|p=Àikèmǐ}}) is listed as {{nyse|ACM}}."), ["Acme (艾克米; Àikèmǐ) is listed as NYSE: ACM."])
        XCTAssertEqual(try sentences("Acme ({{IPA|/ˈækmi/}}) is here."), ["Acme is here."])
    }

    func testRefsCommentsAndTagsAreDropped() throws {
        let doc = try wiki("""
        Alpha<ref name="a">{{cite web|title=Hidden}}</ref> beta<ref name=b/> gamma<ref>plain</ref>.<!-- note --> \
        Delta<sup>2</sup> and H<sub>2</sub>O<br/>line.
        """)
        XCTAssertEqual(doc.sentences.map(\.text), ["Alpha beta gamma.", "Delta2 and H2O line."])
    }

    func testBoldItalicAndEntities() throws {
        XCTAssertEqual(try sentences("'''''Both''''' and ''italic'' and '''bold''' &amp; l''''x'''&nbsp;y &#8212; z."),
                       ["Both and italic and bold & l'x y — z."])
    }

    func testHeadingsSectionsListsAndTables() throws {
        let doc = try wiki("""
        Lead sentence.
        == History ==
        === 2017 ===
        In 2017, things happened.
        * First item
        * Second item with [[Link]]
        {| class="wikitable"
        |-
        ! Year !! Event
        |-
        | 2017 || Table text under its headers.
        |}
        After the table.
        == See also ==
        """)
        XCTAssertEqual(doc.sentences.map(\.text), ["Lead sentence.", "In 2017, things happened.", "First item", "Second item with Link",
                                                    "year: 2017; event: Table text under its headers.", "After the table."])
        XCTAssertEqual(doc.sentences.map(\.sections), [[], ["History", "2017"], ["History", "2017"], ["History", "2017"], ["History", "2017"], ["History", "2017"]])
        XCTAssertEqual(doc.sentences.map(\.line), [1, 4, 5, 6, 11, 13])
        XCTAssertEqual(doc.headings.map(\.level), [2, 3, 2])
        XCTAssertEqual(doc.headings.map(\.line), [2, 3, 14])
    }

    func testHeadingWithTrailingCommentAndMarkup() throws {
        let doc = try wiki("Lead.\n== ''History'' of [[Acme]] == <!-- keep -->\nText.\n=== Not closed\nMore text.")
        XCTAssertEqual(doc.headings.map(\.title), ["History of Acme"])
        XCTAssertEqual(doc.sentences.map(\.text), ["Lead.", "Text. === Not closed More text."])
        XCTAssertEqual(doc.sentences.last?.sections, ["History of Acme"])
    }

    func testExternalLinksAndNowiki() throws {
        XCTAssertEqual(try sentences("See [http://example.com the site] and [https://x.org].<nowiki>[[not a link]]</nowiki> Done."),
                       ["See the site and.[[not a link]] Done."])
    }

    func testInfoboxKindsAndTitleFallback() throws {
        let doc = try wiki("""
        {{Infobox person
        | name = Jane Roe
        | birth_date = {{birth date and age|1970|5|17}}
        | employer = {{ubl|[[Acme Corp]]|[[Widget Inc.]]}}
        | alma_mater = [[MIT]]<br />[[Stanford University|Stanford]]
        }}
        Jane Roe is an engineer.
        """)
        let box = try XCTUnwrap(doc.infoboxes.first)
        XCTAssertEqual(box.kind, "person")
        XCTAssertEqual(doc.title, "Jane Roe")
        XCTAssertEqual(box["birth_date"]?.text, "May 17, 1970")
        XCTAssertEqual(box["birth_date"]?.templates.first?["1"]?.text, "1970")
        XCTAssertEqual(box["employer"]?.text, "Acme Corp, Widget Inc.")
        XCTAssertEqual(box["employer"]?.links.map(\.target), ["Acme Corp", "Widget Inc."])
        XCTAssertEqual(box["alma_mater"]?.text, "MIT, Stanford")
        XCTAssertEqual(box["alma_mater"]?.line, 5)
    }

    // MARK: - Sentence splitting

    func testSentenceSplitting() throws {
        XCTAssertEqual(try sentences("'''X''' was sanctioned by the U.S. government. It moved to the U.K. The move cost $7.5 million."),
                       ["X was sanctioned by the U.S. government.", "It moved to the U.K.", "The move cost $7.5 million."])
        XCTAssertEqual(try sentences("'''X''' hired Dr. Smith and Gregory C. Allen from Acme Inc. in 2019. Sales rose 3.5%."),
                       ["X hired Dr. Smith and Gregory C. Allen from Acme Inc. in 2019.", "Sales rose 3.5%."])
        XCTAssertEqual(try sentences("'''X''' bought Acme Inc. The deal \"was big.\" Was it? Yes! (Really.) Then e.g. more."),
                       ["X bought Acme Inc.", "The deal \"was big.\"", "Was it?", "Yes!", "(Really.)", "Then e.g. more."])
        XCTAssertEqual(try sentences("'''X''' was founded in Jan. 2001 in St. Louis by J. R. R. Tolkien."),
                       ["X was founded in Jan. 2001 in St. Louis by J. R. R. Tolkien."])
    }

    func testNoSplitInsideLinks() throws {
        XCTAssertEqual(try sentences("'''X''' worked at [[Acme|Acme Inc. The Company]] for years."),
                       ["X worked at Acme Inc. The Company for years."])
    }

    // MARK: - Malformed input

    func testUnclosedConstructsDegradeToText() throws {
        XCTAssertEqual(try sentences("Hello {{foo|bar and [[Baz]] world."), ["Hello {{foo|bar and Baz world."])
        let doc = try wiki("See [[Foo bar\nNext line with [[Real link]].")
        XCTAssertEqual(doc.sentences.map(\.text), ["See [[Foo bar Next line with Real link."])
        XCTAssertEqual(doc.sentences.first?.links.map(\.target), ["Real link"])
        XCTAssertEqual(try sentences("A [http://x.com broken\nlink] here."), ["A [http://x.com broken link] here."])
        XCTAssertEqual(try sentences("Stray }} and ]] and </ref> and |} closers."), ["Stray }} and ]] and and |} closers."])
        XCTAssertEqual(try sentences("Text <!-- never closed [[Link]]."), ["Text <!-- never closed Link."])
        XCTAssertEqual(try sentences("Text <nowiki>never closed [[Link]]."), ["Text <nowiki>never closed Link."])
        XCTAssertEqual(try sentences("'''''unbalanced'' quotes''' '''everywhere."), ["unbalanced quotes everywhere."])
    }

    func testUnclosedRefKeepsTheRestOfTheArticle() throws {
        let doc = try wiki("""
        Alpha.<ref>{{cite web|title=x}} never closed
        == History ==
        Beta [[Gamma]] rest.
        """)
        XCTAssertTrue(doc.sentences.contains { $0.text == "Beta Gamma rest." && $0.sections == ["History"] }, "\(doc.sentences)")
    }

    func testMismatchedClosers() throws {
        // The inner unclosed `[[` degrades to text; the template still closes.
        let doc = try wiki("{{tpl|a=[[x|b=2}}Text.")
        XCTAssertEqual(doc.templates.first?.name, "tpl")
        XCTAssertEqual(doc.templates.first?["a"]?.raw, "[[x|b=2")
        XCTAssertEqual(doc.sentences.map(\.text), ["Text."])
    }

    func testReferencesAreOpaqueToBracesAndUnclosedOnesAreText() throws {
        let closed = try wiki("{{Infobox company|founder=[[A]]<ref>stray }} and ]] inside</ref>|industry=[[Gears]]}}Text.")
        XCTAssertEqual(closed.infoboxes.first?["founder"]?.text, "A")
        XCTAssertEqual(closed.infoboxes.first?["industry"]?.text, "Gears")
        let unclosed = try wiki("{{Infobox company|founder=[[A]]<ref>never closed|industry=[[Gears]]}}Text.")
        XCTAssertEqual(unclosed.infoboxes.first?["founder"]?.text, "A<ref>never closed")
        XCTAssertEqual(unclosed.infoboxes.first?["industry"]?.text, "Gears")
        XCTAssertEqual(unclosed.sentences.map(\.text), ["Text."])
    }

    func testDeepNestingDoesNotOverflow() throws {
        let depth = 10_000
        let opens = ["{{", "[[", "<ref>", "<span>", "{|\n", "[http://x.org "]
        let closes = ["}}", "]]", "</ref>", "</span>", "\n|}", "]"]
        for (open, close) in zip(opens, closes) {
            let closed = String(repeating: open, count: depth) + "core" + String(repeating: close, count: depth) + " Tail [[end]]."
            let unclosed = "Head. " + String(repeating: open, count: depth) + "core [[end]]."
            for text in [closed, unclosed] {
                let doc = try DocumentReader.parse(text: text, path: "deep")
                XCTAssertNotNil(doc.sentences.last, open)
            }
        }
        let interleaved = String(repeating: "{{a|[[b|<ref>", count: 3_000) + "x"
        XCTAssertNoThrow(try DocumentReader.parse(text: interleaved, path: "mixed"))
    }

    func testHugeSingleLine() throws {
        let line = String(repeating: "word [[link]] {{tpl|x}} ", count: 20_000) + "end."
        let start = Date()
        let doc = try DocumentReader.parse(text: line, path: "huge")
        XCTAssertEqual(doc.sentences.count, 1)
        XCTAssertEqual(doc.sentences.first?.links.count, 20_000)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10)
        let unclosed = String(repeating: "{{a|", count: 100_000)
        XCTAssertNoThrow(try DocumentReader.parse(text: unclosed, path: "huge-unclosed"))
        let comments = String(repeating: "<!-- x ", count: 100_000)
        XCTAssertNoThrow(try DocumentReader.parse(text: "[[a]] " + comments, path: "comments"))
    }

    func testRandomMarkupNeverCrashes() throws {
        let pieces = ["{{", "}}", "[[", "]]", "|", "=", "<ref>", "</ref>", "<ref name=x/>", "'''", "''", "\n", "\n\n", "==", "{|", "|}",
                      "<!--", "-->", "[http://a.b ", "]", "text", " ", ".", "<br>", "&amp;", "*", "#", ":", "商", "<nowiki>", "</nowiki>"]
        var generator = SplitMix(seed: 42)
        for _ in 0..<300 {
            var text = "[[x]]"
            for _ in 0..<Int(generator.next() % 200) { text += pieces[Int(generator.next() % UInt64(pieces.count))] }
            let doc = try DocumentReader.parse(text: text, path: "fuzz")
            for s in doc.sentences {
                let count = s.text.count
                for link in s.links { XCTAssertTrue(link.range.lowerBound >= 0 && link.range.upperBound <= count, text) }
            }
        }
    }
}

/// A small deterministic generator for the fuzz test.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Text tidying after dropped markup, lists inside infobox values, fragments.
final class WikitextRenderingTests: XCTestCase {
    private func sentences(_ text: String) throws -> [String] {
        try DocumentReader.parse(text: text, path: "t.wiki", format: .wikitext).sentences.map(\.text)
    }

    func testLeftoversOfDroppedTemplates() throws {
        XCTAssertEqual(try sentences("Acme ({{IPA|x}}; {{lang-zh|艾}}) and Beta ({{lang-zh|贝}}, {{IPA|y}}) and Gamma ({{IPA|z}}, {{IPA|w}}) are firms."),
                       ["Acme (艾) and Beta (贝) and Gamma are firms."])
        XCTAssertEqual(try sentences("{{As of|2020}}, it had 5 staff.{{efn|note}} He said \"yes.\" —"),
                       ["As of 2020, it had 5 staff.", "He said \"yes.\" —"])
    }

    func testListsInInfoboxValues() throws {
        let doc = try DocumentReader.parse(text: """
        {{Infobox company
        | key_people = {{plainlist|
        * [[Jane Roe]] ([[Chief executive officer|CEO]])
        * [[John Doe]]<ref>x</ref>
        }}
        | products = Gears<br/>Widgets<br>
        Sprockets
        | subsid = {{ubl|[[Acme Labs]]|Acme Capital}}
        }}
        """, path: "t.wiki")
        let box = try XCTUnwrap(doc.infoboxes.first)
        XCTAssertEqual(box["key_people"]?.text, "Jane Roe (CEO), John Doe")
        XCTAssertEqual(box["key_people"]?.links.map(\.target), ["Jane Roe", "Chief executive officer", "John Doe"])
        XCTAssertEqual(box["key_people"]?.templates.map(\.name), ["plainlist"])
        XCTAssertEqual(box["products"]?.text, "Gears, Widgets, Sprockets")
        XCTAssertEqual(box["subsid"]?.text, "Acme Labs, Acme Capital")
        let key = try XCTUnwrap(box["key_people"])
        let chars = Array(key.text)
        for link in key.links { XCTAssertEqual(String(chars[link.range]), link.text) }
    }

    /// Link ranges count `Character`s: after CJK text, a combining accent, a flag and a CRLF
    /// they still pick out each link's text.
    func testLinkRangesAfterNonASCIIText() throws {
        let doc = try DocumentReader.parse(text: "Acme (中文; e\u{301}) owns [[Beta]], [[Gamma|🇨🇳 Gamma]] &#13;&#10; and [[Delta]] (ß [[Epsilon]]).", path: "t.wiki", format: .wikitext)
        let sentence: Sentence = try XCTUnwrap(doc.sentences.first)
        XCTAssertEqual(sentence.links.map { $0.target }, ["Beta", "Gamma", "Delta", "Epsilon"])
        let chars = Array(sentence.text)
        for link in sentence.links { XCTAssertEqual(String(chars[link.range]), link.text) }
    }
}

