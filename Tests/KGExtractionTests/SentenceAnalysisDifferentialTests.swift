import Foundation
import XCTest
@testable import KGExtraction

/// Short cuts in the sentence pass: tokens reuse their text as lower-cased and folded forms
/// when nothing changes, and the appositive expression runs only after an article followed
/// soon by a noun. Each must give what the plain definition gives.
final class SentenceAnalysisDifferentialTests: XCTestCase {
    static let words: [String] = [
        "Acme", "ACME", "acme", "U.S.", "Inc.", "AT&T", "&", "O'Brien", "Xiao'ou", "Next-Generation", "Pony.ai", "3M", "2019",
        "iFlytek", "eBay", "Zürich", "名", "商汤科技", "it", "its", "Its", "company", "Company", "startup", "START-UP", "firm",
        "a", "an", "the", "The", "is", "was", "became", "remains", "of", "at", "think", "tank", "Think  Tank", "chipmaker",
        "spokesman", "chief", "executive", "maker", "Bank", "bankers", "university", "UNIVERSITY", "charity", "é", "—", "(", ")",
    ]
    static let separators: [String] = [" ", " ", "  ", ", ", " ,", " .", " ;", " :", "'s ", "-", ""]

    static func texts() throws -> [String] {
        var random = TestRandom(seed: 4242)
        var texts = try Fixture.sentenceTexts()
        for _ in 0..<3000 { texts.append(random.joined(words, separators: separators, most: 12)) }
        return texts
    }

    func testTokenFormsAreLowercasedAndFolded() throws {
        var tokens = 0
        for text in try Self.texts() {
            for t in Tokenizer.tokenize(SentenceText(text)) {
                XCTAssertEqual(t.lower, t.text.lowercased(), text.debugDescription)
                XCTAssertEqual(t.folded, NameFolding.fold(t.text), text.debugDescription)
                tokens += 1
            }
        }
        XCTAssertGreaterThan(tokens, 20_000)
    }

    /// Wherever the appositive expression matches ASCII text, the noun test lets it through.
    func testNounTestNeverSkipsAMatch() throws {
        let appositives = AppositiveTyping(lexicon: .standard)
        var random = TestRandom(seed: 99)
        let nouns = Lexicon.standard.descriptiveNouns.map(\.noun)
        let openers = [", a ", ", an ", ", the ", " is a ", " was an ", " became the ", " remains a ", ",  A ", ", THE ", " Is A ", ", a\t"]
        let fillers = ["AI-powered", "big", "U.S.", "O'Brien's", "R&D", "state_owned", "(new)", "of", "at", "and", "2019", "top-10", "é"]
        var texts: [String] = []
        for _ in 0..<6000 {
            var noun = nouns[random.next(nouns.count)]
            if random.next(3) == 0 { noun = noun.uppercased() } else if random.next(3) == 0 { noun = noun.capitalized }
            let middle = random.next(3) == 0 ? "" : random.joined(fillers, separators: [" ", "  ", ", "], most: 7) + " "
            texts.append("Acme" + openers[random.next(openers.count)] + middle + noun + [",", " in Beijing", " spokesman", "s", ""][random.next(5)])
        }
        var matched = 0, skipped = 0
        for text in texts where text.utf8.allSatisfy({ $0 < 0x80 }) {
            let chars = SentenceText(text)
            let tail = chars.string(4..<chars.count)
            let ns = tail as NSString
            let matches = appositives.pattern.firstMatch(in: tail, range: NSRange(location: 0, length: ns.length)) != nil
            // Where the rules look: after the comma, or after a copula written in lower case.
            var start = 5
            if chars[4] == " " {
                guard let copula = ["is ", "was ", "remains ", "became "].first(where: { chars.matches($0, at: 5) }) else { continue }
                start += copula.utf8.count
            }
            let article = AppositiveTyping.article(chars, at: start)
            var may = article != nil
            if case .after(let end)? = article { may = appositives.mayNameNoun(chars.utf8, after: end, before: chars.count) }
            if matches {
                XCTAssertTrue(may, text.debugDescription)
                matched += 1
            }
            if !may { skipped += 1 }
        }
        XCTAssertGreaterThan(matched, 1000)
        XCTAssertGreaterThan(skipped, 1000)
    }

    /// Wherever the expression matches after a comma or a copula, the article test lets it through.
    func testArticleTestNeverSkipsAMatch() {
        let appositives = AppositiveTyping(lexicon: .standard)
        var random = TestRandom(seed: 12)
        let starts = [",", ", ", ",  ", ",\t", ",\u{00A0}", ", \u{2009}", " is ", " was  ", " became\n", " remains "]
        let articles = ["a", "A", "an", "An", "AN", "the", "The", "THE", "tHe", "and", "at", "after", "that", "ẚ", "á", "", "ａ", "thé"]
        let gaps = [" ", "  ", "\t", "\u{00A0}", "\u{2009}", "", ",", "-", "\u{301} "]
        let rest = ["company", "Company", "startup", "chip maker", "think tank", "big firm", "new bank", "spokesman", "of the bank"]
        var matched = 0, skipped = 0
        for _ in 0..<6000 {
            let start = starts[random.next(starts.count)]
            let text = "Acme" + start + articles[random.next(articles.count)] + gaps[random.next(gaps.count)] + rest[random.next(rest.count)]
            let chars = SentenceText(text)
            let tail = chars.string(4..<chars.count)
            let ns = tail as NSString
            let matches = appositives.pattern.firstMatch(in: tail, range: NSRange(location: 0, length: ns.length)) != nil
            // Where the rules look: after the comma, or after the copula and its space.
            let copula = start.first == "," ? 0 : start.drop(while: { $0 == " " }).prefix(while: { $0.isLetter }).count + 1
            let may = AppositiveTyping.article(chars, at: 5 + copula) != nil
            if matches && (start.first == "," || start.hasSuffix(" ")) {
                XCTAssertTrue(may, text.debugDescription)
                matched += 1
            }
            if !may { skipped += 1 }
        }
        XCTAssertGreaterThan(matched, 500)
        XCTAssertGreaterThan(skipped, 500)
    }
}
