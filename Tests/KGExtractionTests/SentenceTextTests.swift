import XCTest
@testable import KGExtraction

/// Pass 1 reads sentences as `SentenceText` (character positions over UTF-8 bytes) instead of
/// `[Character]`: positions, slices and character classes must be the ones `[Character]` gives.
final class SentenceTextTests: XCTestCase {
    static let samples = [
        "SenseTime was founded in Hong Kong in 2014.",
        "",
        "Café Zürich’s “new” office — in 商汤科技 (SenseTime), 3M and e\u{301}lan.",
        "Line one\r\nline two\rthree\n",
        "Flags 🇭🇰🇨🇳 and a family 👨‍👩‍👧 at\u{00A0}once",
        "İstanbul ǅemal ß ﬁ Ⅻ ٣",
    ]

    func testPositionsAndClassesAreThoseOfCharacters() {
        for s in Self.samples {
            let text = SentenceText(s)
            let chars = Array(s)
            XCTAssertEqual(text.count, chars.count, s)
            for (i, c) in chars.enumerated() {
                XCTAssertEqual(text.flags(i), CharFlags(c), "\(s.debugDescription) at \(i)")
                XCTAssertEqual(text[i], c.unicodeScalars.count == 1 ? c.unicodeScalars.first : nil, "\(s.debugDescription) at \(i)")
            }
            for lower in 0...chars.count {
                for upper in lower...chars.count {
                    XCTAssertEqual(text.string(lower..<upper), String(chars[lower..<upper]))
                    XCTAssertEqual(text.lowercased(lower..<upper), String(chars[lower..<upper]).lowercased())
                }
            }
        }
    }

    func testTokensKeepAbbreviationsNamesAndPossessives() {
        let text = SentenceText("The U.S. Commerce Department's list named AT&T, Pony.ai and Xiao'ou in Hong Kong-based Next-Generation Inc. & 3M iFlytek.")
        let tokens = Tokenizer.tokenize(text)
        XCTAssertEqual(tokens.map(\.text), ["The", "U.S.", "Commerce", "Department", "list", "named", "AT&T", "Pony.ai", "and", "Xiao'ou", "in",
                                            "Hong", "Kong", "based", "Next-Generation", "Inc.", "&", "3M", "iFlytek"])
        XCTAssertEqual(tokens.filter(\.possessive).map(\.text), ["Department"])
        XCTAssertEqual(tokens.filter(\.isCapitalized).map(\.text), ["The", "U.S.", "Commerce", "Department", "AT&T", "Pony.ai", "Xiao'ou",
                                                                   "Hong", "Kong", "Next-Generation", "Inc.", "3M", "iFlytek"])
        for t in tokens {
            XCTAssertEqual(text.string(t.range), t.text)
            XCTAssertEqual(t.lower, t.text.lowercased())
            XCTAssertEqual(t.folded, NameFolding.fold(t.text))
        }
    }

    func testTokenRangesCountCharacters() {
        let s = "Café e\u{301}lan’s 商汤科技 Zürich"
        let tokens = Tokenizer.tokenize(SentenceText(s))
        let chars = Array(s)
        XCTAssertEqual(tokens.map(\.text), ["Café", "e\u{301}lan", "商汤科技", "Zürich"])
        XCTAssertEqual(tokens[1].possessive, true)
        for t in tokens { XCTAssertEqual(String(chars[t.range]), t.text) }
        XCTAssertEqual(tokens.map(\.isCapitalized), [true, false, true, true])
        XCTAssertEqual(tokens[3].folded, "zurich")
    }

    func testSpaceSeparatedIsSplitOnSpaces() {
        var texts = ["", " ", "a", " a  b ", "ACME Corp", "a \u{301}b", "x\r\n y", "Zürich  AG", "商汤 科技"]
        let alphabet = [" ", "a", "B", "\u{301}", "é", "\r\n", "-", "&"]
        var seed: UInt64 = 3
        for _ in 0..<300 {
            var s = ""
            for _ in 0..<8 {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                s += alphabet[Int(seed >> 33) % alphabet.count]
            }
            texts.append(s)
        }
        for s in texts {
            XCTAssertEqual(NameFolding.spaceSeparated(s).map(String.init), s.split(separator: " ").map(String.init), s.debugDescription)
        }
    }
}
