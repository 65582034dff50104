import Foundation
import XCTest
@testable import KGExtraction

/// Hand-written stand-ins for Foundation calls on the rules' hot paths give what Foundation gives.
final class RuleCostTests: XCTestCase {
    func testSectionKeyTrimsAsFoundationDoes() {
        let titles = ["Key people", "Key people:", " Acquisitions. ", "Subsidiaries :", ":.", "", " ", "Partners: and more:",
                      "ÉTATS:", "Über uns .", "Key\u{00A0}people ", "\tHistory\t", "a :b: ", "Naïve e\u{0301}.:", "..Notes.."]
        for title in titles {
            XCTAssertEqual(SentenceRules.sectionKey(title),
                           title.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: " :.")), "\(title)")
        }
    }

    /// Every rule's expression compiles (they are compiled on first use).
    func testEveryExpressionCompiles() {
        for pattern in Extractor().rules.allPatterns {
            XCTAssertGreaterThan(pattern.regex.numberOfCaptureGroups, -1, pattern.name)
        }
    }
}
