import Foundation
import XCTest
@testable import KGExtraction

/// The rules' own shortcuts give what the plain Foundation calls they stand in for give.
final class RuleMatchingTests: XCTestCase {
    /// Mention indexes read from UTF-16 code units are those read Character by Character,
    /// strays, signs, long digit runs and combining marks included.
    func testMentionIndexesFromCodeUnitsAgreeWithCharacters() {
        let pieces = ["⟦", "⟧", "⟦3⟧", "⟦12⟧", "⟦0⟧", "7", "42", "+", "-", "a", " ", ", ", "\r\n", "\n", "’", "é",
                      "\u{0301}", "\u{0600}", "\u{200D}", "1234567890123456789", "99999999999999999999", "😀", "\u{FF13}"]
        var random = TestRandom(seed: 17)
        var fastPath = 0
        for _ in 0..<4000 {
            let text = random.joined(pieces, separators: [""], most: 12)
            let units = Array(text.utf16)
            let expected = MaskedMentions.indexes(inCharacters: text)
            let read = units.withUnsafeBufferPointer { MaskedMentions.indexes(in: $0) }
            if let read {
                fastPath += 1
                XCTAssertEqual(read, expected, text.debugDescription)
            }
        }
        XCTAssertGreaterThan(fastPath, 1000)
        for text in ["⟦3⟧ x⟧", "⟦+5⟧", "⟦-5⟧", "⟦⟧", "⟦12", "⟦1\r\n⟧", "⟦00⟧", "⟦9223372036854775807⟧", "⟦9223372036854775808⟧"] {
            let read = Array(text.utf16).withUnsafeBufferPointer { MaskedMentions.indexes(in: $0) }
            XCTAssertEqual(read, MaskedMentions.indexes(inCharacters: text), text.debugDescription)
        }
        // A mark after a bracket makes one Character with it: read Character by Character.
        XCTAssertNil(Array("⟦3⟧\u{0301}".utf16).withUnsafeBufferPointer { MaskedMentions.indexes(in: $0) })
        XCTAssertEqual(MaskedMentions.indexes(inCharacters: "⟦3⟧\u{0301} ⟦4⟧"), [4])
    }

    /// Word lists factored where their first letters differ in case only match, in a case-blind
    /// expression, what they matched written out (as before), in the same places, trying the
    /// words in the same order: texts with the letters some character folds to several of
    /// ("ﬁ", "ß", "ﬆ"), the long s and the Kelvin sign included.
    func testCaseBlindFactoringMatchesTheWordsWrittenOut() throws {
        let lx = Extractor().rules.lexicon
        let lists: [[String]] = [lx.personRoles, lx.partnershipNouns, lx.partnershipVerbs, lx.agreementVerbs, lx.jointBodies,
                                 lx.regulatoryActions.map(\.phrase), lx.regulatoryVerbs.map(\.phrase), lx.regulatoryNouns.map(\.phrase),
                                 lx.acquisitionVerbs, lx.investmentVerbs, lx.foundingVerbs]
            + lx.eventTriggers.map(\.phrases)
            + [["CEO", "chief", "chief executive", "Chief Scientist", "co-founder", "COO", "cofounder"],
               ["Staff", "stage", "Strategist", "SVP", "suffix", "Sufi", "assistant", "Associate", "fiscal", "Flag", "office", "Officer", "FFI"]]
        var changed = 0
        var random = TestRandom(seed: 5)
        for words in lists {
            let new = Pattern.alternation(words, caseInsensitive: true)
            let old = Self.writtenOut(words)
            if new == old { continue }
            changed += 1
            var texts: [String] = []
            for w in words {
                for variant in Self.variants(w) {
                    texts += [variant, "the \(variant) ⟦1⟧", "⟦0⟧'s \(variant)s ⟦2⟧ of", "x\(variant)", "\(variant)x \(variant)"]
                }
            }
            let letters = Array(Set(words.joined().lowercased() + "ﬁﬂﬀﬃﬄﬅﬆßſKİ ").sorted())
            for _ in 0..<300 { texts.append(random.string(letters, count: 4 + random.next(24))) }
            for wrapper in ["(?:%@)", "(?:%@)\\b", "\\b(?:%@)s?\\s+⟦", "(?:%@)(?=\\s+(?:of|at)\\b)", "(?:%@)(?!\\s+executive)"] {
                let a = try NSRegularExpression(pattern: wrapper.replacingOccurrences(of: "%@", with: old), options: [.caseInsensitive])
                let b = try NSRegularExpression(pattern: wrapper.replacingOccurrences(of: "%@", with: new), options: [.caseInsensitive])
                for text in texts {
                    let range = NSRange(location: 0, length: (text as NSString).length)
                    XCTAssertEqual(a.matches(in: text, range: range).map(\.range), b.matches(in: text, range: range).map(\.range),
                                   "\(wrapper) \(text.debugDescription)")
                }
            }
        }
        XCTAssertGreaterThanOrEqual(changed, 4)
    }

    /// A word as written, in other cases, and with its letters as characters that fold to them.
    static func variants(_ word: String) -> [String] {
        var out = [word, word.uppercased(), word.lowercased(), word.capitalized]
        for (letters, folded) in [("ffi", "ﬃ"), ("ffl", "ﬄ"), ("ff", "ﬀ"), ("fi", "ﬁ"), ("fl", "ﬂ"), ("st", "ﬆ"), ("st", "ﬅ"), ("ss", "ß"),
                                  ("s", "ſ"), ("k", "\u{212A}"), ("i", "İ")] {
            let lower = word.lowercased()
            if lower.contains(letters) {
                out.append(lower.replacingOccurrences(of: letters, with: folded))
                if let r = lower.range(of: letters) { out.append(lower.replacingCharacters(in: r, with: folded)) }
            }
        }
        return out
    }

    /// The alternation as rules wrote word lists before case-blind factoring: words whose first
    /// letters differ in case written out in full (kept here as the reference).
    static func writtenOut(_ words: [String]) -> String {
        func factored(_ words: [[Character]]) -> String {
            func literal(_ chars: ArraySlice<Character>) -> String {
                chars.map { $0 == " " ? "\\s+" : NSRegularExpression.escapedPattern(for: String($0)) }.joined()
            }
            guard words.allSatisfy({ $0.first?.isASCII ?? true }) else { return words.map { literal($0[...]) }.joined(separator: "|") }
            var order: [String] = []
            var groups: [String: [[Character]]] = [:]
            for w in words {
                let key = w.first.map { $0.lowercased() } ?? ""
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append(w)
            }
            var parts: [String] = []
            for key in order {
                let members = groups[key]!
                if key.isEmpty || members.count == 1 || Set(members.map { $0[0] }).count > 1 {
                    parts += members.map { literal($0[...]) }
                } else {
                    parts.append(literal(members[0][..<1]) + "(?:" + factored(members.map { Array($0.dropFirst()) }) + ")")
                }
            }
            return parts.joined(separator: "|")
        }
        return "(?:" + factored(words.sorted { $0.count > $1.count }.map { Array($0) }) + ")"
    }

    /// ASCII words are found in `asciiLowered` where they are found in the lower-cased String,
    /// as often and in the same order (the IPO verbs: the last one written wins).
    func testASCIILoweredFindsWordsAsLowercasedDoes() {
        let pieces = ["Filed", "FILED", "delay", "DELAYED", " was ", "İ", "i", "K", "\u{212A}", "ß", "ẞ", "ΣΑΣ", "ǅ", "ﬁled", "é", "É",
                      "⟦1⟧", "’", "😀", " ", "d", "e", "l", "a", "y", "k", "f", "\u{0307}"]
        let words = ["filed", "delay", "delayed", " was filed", "ki", "ik", "i", "k", "ay", "led", "ed ", " d"]
        var random = TestRandom(seed: 11)
        for _ in 0..<3000 {
            let text = random.joined(pieces, separators: ["", " "], most: 10)
            let ns = text as NSString
            let cut = random.next(ns.length + 1)
            for range in [NSRange(location: 0, length: cut), NSRange(location: cut, length: ns.length - cut)] {
                let expected = Array(ns.substring(with: range).lowercased().utf8)
                let read = ns.asciiLowered(range)
                let offsets = { (hay: [UInt8]) in words.map { RuleText.lastOffset(of: Array($0.utf8), in: hay) } }
                let (a, b) = (offsets(expected), offsets(read))
                for i in words.indices {
                    XCTAssertEqual(a[i] == nil, b[i] == nil, "\(words[i]) in \(text.debugDescription)")
                    for j in words.indices where a[i] != nil && a[j] != nil && b[i] != nil && b[j] != nil {
                        XCTAssertEqual(a[i]! < a[j]!, b[i]! < b[j]!, "\(words[i]), \(words[j]) in \(text.debugDescription)")
                        XCTAssertEqual(a[i]! == a[j]!, b[i]! == b[j]!, "\(words[i]), \(words[j]) in \(text.debugDescription)")
                    }
                }
            }
        }
    }
}
