import Foundation
import XCTest
@testable import KGExtraction

/// The look-aheads some rules open with only let ICU give up sooner: the rule matches
/// exactly what it matches without them, in the same places, with the same groups.
final class RuleLookaheadTests: XCTestCase {
    func testLookaheadsLeaveMatchesUnchanged() throws {
        let rules = Extractor().rules
        let patterns = rules.allPatterns.filter { ["affiliated.of", "affiliated.org-role", "affiliated.title-org"].contains($0.name) }
        XCTAssertEqual(patterns.count, 3)
        var texts = try Fixture.maskedSentences()
        texts += [
            "said ⟦0⟧ of ⟦1⟧", "by ⟦0⟧ at the ⟦1⟧'s ⟦2⟧", "chief executive ⟦0⟧ from ⟦1⟧", "the CEO, ⟦0⟧ of ⟦1⟧",
            "⟦0⟧'s chief executive ⟦1⟧ and ⟦2⟧", "⟦0⟧'s (chief executive) ⟦1⟧", "⟦0⟧ , Chief Scientist , ⟦1⟧.",
            "⟦0⟧, head of research at ⟦2⟧, ⟦1⟧", "⟦0⟧, founder and CEO, ⟦1⟧", "CEO\u{00A0}⟦0⟧\tof\n⟦1⟧",
        ]
        var reached = Set<String>()
        for pattern in patterns {
            let plain = Self.withoutLookaheads(pattern.regex.pattern)
            XCTAssertNotEqual(plain, pattern.regex.pattern, "\(pattern.name) has no look-ahead to take out")
            let without = try NSRegularExpression(pattern: plain, options: pattern.regex.options)
            for text in texts {
                let range = NSRange(location: 0, length: (text as NSString).length)
                let with = pattern.regex.matches(in: text, range: range)
                let expected = without.matches(in: text, range: range)
                if !expected.isEmpty { reached.insert(pattern.name) }
                XCTAssertEqual(with.map { m in (0..<m.numberOfRanges).map { m.range(at: $0) } },
                               expected.map { m in (0..<m.numberOfRanges).map { m.range(at: $0) } }, "\(pattern.name): \(text)")
            }
        }
        XCTAssertEqual(reached.count, 3, "rules that matched: \(reached.sorted())")
    }

    /// The expression without its "(?=[^…" groups (escapes and classes skipped over).
    static func withoutLookaheads(_ pattern: String) -> String {
        let c = Array(pattern.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < c.count {
            guard c[i...].starts(with: "(?=[^".unicodeScalars) else {
                out.append(c[i])
                i += 1
                continue
            }
            var depth = 0
            var inClass = false
            repeat {
                switch c[i] {
                case "\\": i += 1
                case "[": inClass = true
                case "]": inClass = false
                case "(" where !inClass: depth += 1
                case ")" where !inClass: depth -= 1
                default: break
                }
                i += 1
            } while depth > 0 && i < c.count
        }
        return String(out)
    }
}
