import Foundation
import XCTest
@testable import KGExtraction

/// The word groups read off the rules' expressions only ever turn away sentences the
/// expression cannot match, and the precomputed mention locations equal Foundation's search.
final class RequiredTextTests: XCTestCase {
    func testGroupsOfSmallExpressions() {
        XCTAssertEqual(RequiredText.groups(of: "founded"), [["founded"]])
        XCTAssertEqual(Set(RequiredText.groups(of: "(?:acquired|bought)\\s+by")), [["acquired by", "bought by"]])
        // A mention, a comma and white space read as "⟧, ".
        XCTAssertTrue(RequiredText.groups(of: "(⟦\\d+⟧)\\s*,\\s+(?:a|the)\\s+x").contains(["⟧ , a x", "⟧ , the x", "⟧, a x", "⟧, the x"]))
        // Optional parts and look-arounds require nothing.
        XCTAssertEqual(RequiredText.groups(of: "(?:abc)?(?=xyz)"), [])
        XCTAssertEqual(RequiredText.groups(of: "a|\\w+"), [])
        // Case-blind classes and flags fold to lower case.
        XCTAssertEqual(RequiredText.groups(of: "\\b(?:[Hh]e|(?-i:She))\\s+said"), [["he said", "she said"]])
        // What it does not read (a nested class), it claims nothing for.
        XCTAssertEqual(RequiredText.groups(of: "[[a-z]&&[^q]]x"), [])
    }

    /// Every expression, on masked sentences of real and generated articles and on variants
    /// of them in other case and white space: a match means the prefilter lets it through.
    func testPrefiltersAdmitEveryMatch() throws {
        let rules = Extractor().rules
        let patterns = rules.allPatterns
        let lines = try Fixture.maskedSentences()
        var texts: [String] = []
        for line in lines {
            texts.append(line)
            texts.append(line.uppercased())
            texts.append(line.replacingOccurrences(of: " ", with: "\u{00A0} \t"))
            texts.append(line.replacingOccurrences(of: " ", with: "\n"))
        }
        var matched = Set<String>()
        for text in texts {
            let t = rules.ruleText(text)
            let length = (text as NSString).length
            for pattern in patterns {
                guard pattern.regex.firstMatch(in: text, range: NSRange(location: 0, length: length)) != nil else { continue }
                matched.insert(pattern.name)
                XCTAssertTrue(pattern.mayMatch(t), "\(pattern.name) matches but its prefilter rejects: \(text)")
            }
        }
        XCTAssertGreaterThan(matched.count, 50, "rules reached: \(matched.sorted())")
    }

    /// The cues (negation, hedges) are searched in a part of the sentence, which ICU reads as
    /// the whole text: what they find there must pass the sentence's prefilter.
    func testCuesFoundInPartsPassThePrefilter() throws {
        let rules = Extractor().rules
        let cues = rules.allPatterns.filter { ["negation", "talks", "hedge"].contains($0.name) }
        XCTAssertEqual(cues.count, 3)
        let lines = try Fixture.maskedSentences()
            + ["⟦0⟧ cannot deny it", "⟦0⟧ may not", "the rumoured deal", "⟦0⟧ ended its talks with ⟦1⟧"]
        var seed: UInt64 = 11
        for text in lines {
            let t = rules.ruleText(text)
            let length = (text as NSString).length
            for _ in 0..<8 {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                let start = Int(seed >> 33) % max(1, length)
                let end = start + Int(seed >> 13) % max(1, length - start + 1)
                let range = NSRange(location: start, length: end - start)
                for cue in cues {
                    let found = cue.regex.firstMatch(in: text, range: range) != nil
                    XCTAssertEqual(cue.found(in: t, range: range), found, "\(cue.name) in \(range) of \(text)")
                }
            }
        }
    }

    func testMentionLocationsEqualFoundationSearch() {
        let texts = ["⟦0⟧ and ⟦1⟧", "x ⟦10⟧ y ⟦1⟧ z ⟦2⟧", "⟦⟦1⟧ ⟦01⟧ ⟦1⟧", "⟦0⟧\u{301} ⟦1⟧", "e\u{301}⟦0⟧ named ⟦1⟧, ⟦0⟧",
                     "⟦⟧ ⟦a⟧ ⟦3", "“⟦0⟧” — ⟦1⟧’s 😀 ⟦2⟧"]
        let needles = NeedleTable().compiled()
        for text in texts {
            let t = RuleText(text, needles: needles)
            for k in 0..<12 {
                let r = (text as NSString).range(of: "⟦\(k)⟧")
                XCTAssertEqual(t.location(ofMention: k), r.location == NSNotFound ? nil : r.location, "⟦\(k)⟧ in \(text)")
            }
            XCTAssertEqual(t.contains("⟧, "), (text as NSString).range(of: "⟧, ").location != NSNotFound, text)
        }
    }
}
