import Foundation
import XCTest
@testable import KGExtraction

/// The one-pass word search (`CompiledNeedles`) against a plain substring search for every
/// needle: a group holds when one of its members occurs in the text, nothing else.
final class NeedleAutomatonTests: XCTestCase {
    /// Whether `needle` occurs in `hay`: compared at every position.
    static func occurs(_ needle: [UInt8], in hay: [UInt8]) -> Bool {
        guard needle.count <= hay.count else { return false }
        return (0...(hay.count - needle.count)).contains { hay[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    /// Small alphabets, so that needles overlap, nest and are prefixes and suffixes of each
    /// other; multi-byte characters, so that needles start and end inside them.
    func testGroupsEqualSubstringSearchOnRandomBytes() {
        let pieces = ["a", "b", "ab", "ba", " ", "⟦", "⟧", "1", "é", "e", "\u{0301}", "s", "ſ"].map { Array($0.utf8) }
        var random = TestRandom(seed: 3)
        for round in 0..<40 {
            var needleSet = Set<[UInt8]>()
            for fixed in ["a", "aa", "aaa", "ab", "bab", "abab", "⟦1⟧", "⟧ ", " ⟦", "é", "\u{0301}s", "ss"] where random.next(2) == 0 {
                needleSet.insert(Array(fixed.utf8))
            }
            for _ in 0..<(1 + random.next(40)) {
                var n: [UInt8] = []
                for _ in 0..<(1 + random.next(5)) { n += pieces[random.next(pieces.count)] }
                // A needle may be cut inside a character: bytes, not characters, are searched.
                if random.next(4) == 0 { n.removeLast() }
                if !n.isEmpty { needleSet.insert(n) }
            }
            if round % 10 == 0 { needleSet.insert([]) }
            let needles = Array(needleSet)
            // Each needle alone, then random groups of several.
            var groups = needles.indices.map { [$0] }
            for _ in 0..<20 { groups.append((0..<(1 + random.next(4))).map { _ in random.next(needles.count) }) }
            let compiled = CompiledNeedles(needles: needles, groups: groups)
            for _ in 0..<30 {
                var text: [UInt8] = []
                for _ in 0..<random.next(30) { text += pieces[random.next(pieces.count)] }
                let present = text.withUnsafeBufferPointer(compiled.groups(in:))
                for (g, members) in groups.enumerated() {
                    let expected = members.contains { Self.occurs(needles[$0], in: text) }
                    let got = present[g >> 6] & (1 << UInt64(g & 63)) != 0
                    XCTAssertEqual(got, expected, "group \(members.map { String(decoding: needles[$0], as: UTF8.self) }) in \(String(decoding: text, as: UTF8.self).debugDescription)")
                }
            }
        }
    }

    /// The rules' own groups of words, read off their expressions, over real sentences and
    /// sentences pieced together from those words (upper case, odd white space, folded letters).
    func testRuleGroupsEqualSubstringSearchOnSentences() throws {
        let table = NeedleTable()
        var groups: [(id: Int, words: [String])] = []
        var seen = Set<Int>()
        for pattern in Extractor().rules.allPatterns {
            for words in RequiredText.groups(of: pattern.regex.pattern) {
                let id = table.group(words)
                if seen.insert(id).inserted { groups.append((id, words)) }
            }
        }
        XCTAssertGreaterThan(groups.count, 100)
        let compiled = table.compiled()
        let words = Array(Set(groups.flatMap(\.words))).sorted()
        var texts = try Fixture.sentenceTexts()
        var random = TestRandom(seed: 11)
        let separators = [" ", "  ", "\t", "\u{00A0}", "", "-", ", ", "⟦1⟧", " ⟦12⟧ "]
        for _ in 0..<300 {
            var s = ""
            for i in 0..<(1 + random.next(8)) {
                if i > 0 { s += separators[random.next(separators.count)] }
                var w = words[random.next(words.count)]
                switch random.next(5) {
                case 0: w = w.uppercased()
                case 1: w = w.replacingOccurrences(of: "s", with: "ſ")
                case 2: w = String(w.dropFirst(random.next(3)))
                default: break
                }
                s += w
            }
            texts.append(s)
        }
        // Against the plain search the rules used before (memchr and memcmp), which is fast
        // enough to try each of the thousands of words on each text.
        let needleBytes = words.map(RuleText.normalizedLower)
        for (i, text) in texts.enumerated() where i % 8 == 0 {
            let t = RuleText(text, needles: compiled)
            let lower = RuleText.normalizedLower(text)
            var present: [String: Bool] = [:]
            for (w, bytes) in zip(words, needleBytes) { present[w] = RuleText.contains(lower, bytes) }
            for (id, members) in groups {
                XCTAssertEqual(t.hasMember(ofGroup: id), members.contains { present[$0]! }, "group \(members) in \(text.debugDescription)")
            }
        }
    }
}

