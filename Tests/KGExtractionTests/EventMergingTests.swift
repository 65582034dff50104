import XCTest
@testable import KGExtraction

/// Events told twice in one document become one; different happenings stay apart.
final class EventMergingTests: XCTestCase {
    private func event(_ kind: String, _ date: String?, _ participants: [Int], _ title: String = "t") -> ExtractedEvent {
        ExtractedEvent(kind: kind, date: date, title: title, participants: participants,
                       evidence: Evidence(text: title, line: 1, extractor: "test"))
    }

    func testSameKindAndParticipantsWithAgreeingDatesMerge() {
        let merged = EventMerging.merge([
            event("founding", "2012", [1, 2], "founded by"),
            event("founding", "2012-05-03", [2, 1], "founded"),
            event("acquisition", "2021-03", [1, 3], "first report"),
            event("acquisition", nil, [3, 1], "undated report"),
        ], find: { $0 })
        XCTAssertEqual(merged.map(\.kind), ["founding", "acquisition"])
        XCTAssertEqual(merged.map(\.date), ["2012-05-03", "2021-03"])
        XCTAssertEqual(merged.map(\.title), ["founded", "first report"])
    }

    func testDifferentHappeningsStayApart() {
        let merged = EventMerging.merge([
            event("funding", "2014", [1, 4]),
            event("funding", "2016", [1, 4]),           // another round, same investor
            event("funding", "2016-05-01", [1, 5]),     // another investor
            event("partnership", "2016-05-01", [1, 4]), // another kind
            event("sanction", "2019-10-07", [1, 6]),
            event("sanction", "2019-10-09", [1, 6]),    // another day
            event("ipo", "2021-12-10", [1]),
            event("ipo", "2021-12-13", [1]),            // postponed three days later
        ], find: { $0 })
        XCTAssertEqual(merged.count, 8)
    }
}

/// "mid-2019" is a year; "2018-2019" still reads its first year only.
final class HyphenYearTests: XCTestCase {
    func testMidYear() {
        let f = DateFinder()
        XCTAssertEqual(f.dates(in: "In mid-2019, it bought a rival.", contextYear: nil, previous: nil).map(\.iso), ["2019"])
        XCTAssertEqual(f.dates(in: "By late-1990 the firm had grown.", contextYear: nil, previous: nil).map(\.iso), ["1990"])
        XCTAssertEqual(f.dates(in: "The 2018-2019 season was long.", contextYear: nil, previous: nil).map(\.iso), ["2018"])
        XCTAssertEqual(f.dates(in: "Its pre-2019 filings were late.", contextYear: nil, previous: nil).map(\.iso), [])
    }
}
