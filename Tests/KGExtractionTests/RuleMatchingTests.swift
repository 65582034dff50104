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
}
