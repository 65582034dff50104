import Foundation
import XCTest
import KGDocuments
@testable import KGExtraction

/// The shortcuts taken for speed must not change what is extracted: the byte-level fold equals
/// the Unicode one on ASCII, and a rule's word prefilter never turns away a sentence its
/// expression matches.
final class PrefilterTests: XCTestCase {
    func testASCIIFoldEqualsUnicodeFold() {
        var names = ["Alibaba Group Holding Ltd.", "AT&T", "A & B", "  The  Walt-Disney_Company/ ", "U.S.", "O'Brien (engineer)",
                     "[[x]]", "\"Quoted\", name", "tab\tand\nnewline", "&", "x &", "& y", "---", "Mixed CASE name"]
        // Deterministic noise over the characters the fold treats specially.
        let alphabet = Array("aZ0 -_/&'`\".,()[]\t\nqQ")
        var random = TestRandom(seed: 42)
        for _ in 0..<500 { names.append(random.string(alphabet, count: 12)) }
        for name in names {
            XCTAssertEqual(NameFolding.foldASCII(name), NameFolding.foldUnicode(name), "fold of \(name.debugDescription)")
        }
        XCTAssertNil(NameFolding.foldASCII("Zürich"))
        XCTAssertEqual(NameFolding.fold("Zürich AG"), "zurich ag")
    }

    func testAtOrOfGapEqualsItsExpression() {
        var gaps = [" at ", " of the ", "at", " at the", "of  the  ", " at\u{0B}", " of \u{0B}", " of \u{85}", "\u{2028}at\u{2029}",
                    " at\u{00A0}the\u{3000}", " about ", " at x ", "", " ", " of the the ", "\tof\r\n", " at \u{0B}\u{0B}"]
        let alphabet: [String] = [" ", "a", "t", "o", "f", "h", "e", "\u{0B}", "\u{85}", "\n", "\u{00A0}", "x"]
        var seed: UInt64 = 7
        for _ in 0..<2000 {
            var s = ""
            for _ in 0..<(Int(seed % 9) + 1) {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                s += alphabet[Int(seed >> 33) % alphabet.count]
            }
            gaps.append(s)
        }
        for gap in gaps {
            let expected = gap.range(of: #"^\s*(?:at|of)\s+(?:the\s+)?$"#, options: .regularExpression) != nil
            XCTAssertEqual(Extractor.isAtOrOfGap(gap), expected, gap.debugDescription)
        }
    }

    func testDateCuesEqualLowerCasedSearch() {
        for text in ["The following Month", "YEAR", "that SUMMER", "Monday", "DAY", "⟦1⟧ in 2019", "no cue", "KELVIN \u{212A}", "İyear"] {
            let cues = DateFinder.Cues(text)
            let lower = text.lowercased()
            XCTAssertEqual(cues.lowerMonth, lower.contains("month"), text)
            XCTAssertEqual(cues.lowerYear, lower.contains("year"), text)
            XCTAssertEqual(cues.summer, lower.contains("summer"), text)
            XCTAssertEqual(cues.day, text.contains("day"), text)
        }
    }

    func testTrimmedSpacesEqualsFoundation() {
        for s in ["", " ", "  a b  ", "\ta\t", "\u{3000}名\u{3000}", "x", " \u{00A0}y\u{2009}"] {
            XCTAssertEqual(s.trimmedSpaces(), s.trimmingCharacters(in: .whitespaces), s.debugDescription)
        }
    }

    /// Masked sentences the rules fire on, and the sentences of the sample documents with their
    /// capitalised runs masked: whatever an expression matches, its prefilter lets through.
    func testPrefiltersNeverRejectAMatch() throws {
        let rules = Extractor().rules
        var texts = [
            "⟦0⟧ signed a strategic cooperation agreement with ⟦1⟧ and ⟦2⟧.",
            "⟦0⟧ and ⟦1⟧ formed a joint venture.",
            "⟦0⟧ was founded in 2014 by ⟦1⟧, a professor at ⟦2⟧, and ⟦3⟧.",
            "⟦0⟧ co-founded ⟦1⟧ in 2012.",
            "⟦0⟧, the co-founder of ⟦1⟧, said so.",
            "⟦0⟧'s co-founders ⟦1⟧ and ⟦2⟧ left.",
            "⟦0⟧, a computer scientist at ⟦1⟧, spoke.",
            "said ⟦0⟧ of ⟦1⟧.",
            "⟦0⟧, chief executive of ⟦1⟧, said.",
            "⟦0⟧'s chief executive, ⟦1⟧, said.",
            "Chief executive of ⟦0⟧, ⟦1⟧, said.",
            "⟦0⟧ appointed ⟦1⟧ as its chief technology officer.",
            "⟦0⟧ joined ⟦1⟧ as a research scientist.",
            "⟦0⟧-headquartered ⟦1⟧ grew.",
            "It is headquartered in ⟦0⟧.",
            "It has offices in ⟦0⟧ and ⟦1⟧.",
            "It opened a research lab in ⟦0⟧.",
            "It was listed on the ⟦0⟧ in 2021.",
            "⟦0⟧ set up a subsidiary, ⟦1⟧.",
            "⟦0⟧ is a wholly-owned subsidiary of ⟦1⟧.",
            "⟦0⟧ and its parent company ⟦1⟧.",
            "⟦0⟧'s subsidiary ⟦1⟧ grew.",
            "⟦0⟧ acquired ⟦1⟧ for $1 billion.",
            "⟦0⟧ was acquired by ⟦1⟧.",
            "the acquisition of ⟦0⟧ by ⟦1⟧ closed.",
            "⟦0⟧'s acquisition of ⟦1⟧ closed.",
            "⟦0⟧ and ⟦1⟧ invested in ⟦2⟧.",
            "⟦0⟧-backed ⟦1⟧ grew.",
            "⟦0⟧ raised $600 million from ⟦1⟧ and ⟦2⟧.",
            "⟦0⟧ led a $50 million round in ⟦1⟧.",
            "⟦0⟧ took a 5% stake in ⟦1⟧.",
            "⟦0⟧ became a founding member of ⟦1⟧ along with ⟦2⟧.",
            "⟦0⟧ joined ⟦1⟧.",
            "⟦0⟧ was added to the Entity List by ⟦1⟧.",
            "⟦0⟧ placed ⟦1⟧ on its Entity List.",
            "⟦0⟧ was sanctioned by ⟦1⟧.",
            "⟦0⟧ sanctioned ⟦1⟧.",
            "⟦0⟧'s sanctions on ⟦1⟧ hurt.",
            "⟦0⟧ imposed export controls on ⟦1⟧.",
            "⟦0⟧ received approval from ⟦1⟧.",
            "and, in June 2021, received approval from ⟦0⟧.",
            "⟦0⟧ gave final approval to ⟦1⟧.",
            "⟦0⟧ opened an investigation into ⟦1⟧.",
            "⟦0⟧ is under investigation by ⟦1⟧.",
            "⟦0⟧ filed for an IPO.",
            "The\u{2009}company ⟦0⟧  was\tacquired  by ⟦1⟧.",
            "⟦0⟧ WAS ACQUIRED BY ⟦1⟧.",
        ]
        for name in [Fixture.wikipedia, Fixture.news, Fixture.corpusNews] {
            for sentence in try Fixture.document(name).sentences { texts.append(Self.masked(sentence.text)) }
        }
        var matched = Set<String>()
        for text in texts {
            let t = rules.ruleText(text)
            for pattern in rules.allPatterns {
                let whole = NSRange(location: 0, length: (text as NSString).length)
                guard pattern.regex.firstMatch(in: text, range: whole) != nil else { continue }
                matched.insert(pattern.name)
                XCTAssertTrue(pattern.mayMatch(t), "\(pattern.name) matches but its prefilter rejects: \(text)")
            }
        }
        // The sample set reaches most rules.
        XCTAssertGreaterThan(matched.count, 40, "rules reached: \(matched.sorted())")
    }

    /// Capitalised runs (after the first word) as `⟦k⟧`.
    static func masked(_ text: String) -> String {
        var out = ""
        var k = 0
        var inRun = false
        for (i, word) in text.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            if i > 0 { out += inRun && word.first?.isUppercase == true ? "" : " " }
            if i > 0, let first = word.first, first.isUppercase {
                let tail = word.drop { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }
                if !inRun { out += "⟦\(k)⟧"; k += 1 }
                inRun = tail.isEmpty
                out += tail
                continue
            }
            inRun = false
            out += word
        }
        return out
    }
}
