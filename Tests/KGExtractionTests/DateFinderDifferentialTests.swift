import Foundation
import XCTest
import KGDocuments
@testable import KGExtraction

/// The date finder runs an expression only where its cues say it can match. On many date-shaped
/// texts the result must equal running every expression, date for date and offset for offset.
final class DateFinderDifferentialTests: XCTestCase {
    static let tokens: [String] = [
        "1", "5", "9", "10", "21", "31", "32", "00", "2019", "1999", "1700", "1699", "2100", "12345", "3rd", "21st", "2nd", "4th",
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
        "Jan", "Feb", "Mar.", "Apr", "Jun", "Jul", "Aug.", "Sep", "Sept", "Sept.", "Oct", "Nov", "Dec", "May,", "March,", "Marketing",
        "Decade", "in", "In", "on", "On", "during", "since", "by", "from", "until", "early", "late", "mid", "mid-", "Mid-", "end of",
        "beginning of", "throughout", "within", "of", "the", "following", "next", "subsequent", "month", "year", "Year", "summer",
        "that same year", "later that year", "the same year", "last", "this", "past", "earlier this", "today", "yesterday",
        "Monday", "Friday", "Sunday's", "day", ",", ".", "-", "–", "(", ")", "%", "$", "£", "/", "percent", "million", "employees",
        "é", "名", "٢٠١٩", "١٢", "⟦0⟧", "⟦12⟧", "⟦3⟧'s", "2019-05", "2019-05-17", "2019-13", "1998-01-02", "20190517", "x2019",
        "mid-2019", "late-1990", "2014–2016", "10December", "December10",
    ]
    static let separators: [String] = [" ", " ", " ", "  ", "", "\u{00A0}", "\t", "\n", "\u{2009}", ", ", "-"]

    func testCuesNeverSkipAMatch() throws {
        let finder = DateFinder()
        var random = TestRandom(seed: 2021)
        func next(_ n: Int) -> Int { random.next(n) }
        var texts = [
            "On 10 December 2021, ⟦0⟧ listed.", "In October 2017 ⟦0⟧ bought ⟦1⟧.", "December 10, 2021", "During 2014 it grew.",
            "On 9 July the deal closed.", "The following month ⟦0⟧ left.", "early 2019", "last year", "on Monday", "2019-05-17",
            "in mid-March", "the end of May", "May of 2019", "Sept. 5", "5th\u{00A0}May", "名 2019 年", "10 ⟦1⟧ March",
        ]
        for _ in 0..<3000 {
            var s = ""
            for i in 0..<(2 + next(6)) {
                if i > 0 { s += Self.separators[next(Self.separators.count)] }
                s += Self.tokens[next(Self.tokens.count)]
            }
            texts.append(s)
        }
        // Sentences as written and as masked.
        texts += try Fixture.sentenceTexts()
        var dated = 0
        for text in texts {
            for (context, previous, published) in [(nil, nil, nil), ("2020", "2019-05", "2021-03-15"), ("2018", nil, nil)] as [(String?, String?, String?)] {
                let fast = finder.dates(in: text, contextYear: context, previous: previous, published: published)
                let full = finder.dates(in: text, contextYear: context, previous: previous, published: published, cues: .everything)
                XCTAssertEqual(fast, full, text.debugDescription)
                if !full.isEmpty { dated += 1 }
            }
        }
        // The generator must reach the expressions, or the comparison proves nothing.
        XCTAssertGreaterThan(dated, 3000)
    }

    /// The expression `DateFinder.years` replaces.
    static let yearExpression = try! NSRegularExpression(pattern: "(?:(?<![\\d$£€¥.,/-])|(?<=(?i:mid|early|late)-))\\b((?:17|18|19|20)\\d{2})\\b(?![\\d%]|\\s*(?:percent|million|billion|people|employees|units|papers|companies|copies|stores|shares|workers|members|staff|restaurants|miles|km|feet|metres|meters|acres|tons|tonnes|yuan|dollars|euros))")

    static let yearTokens: [String] = [
        "2019", "1999", "1700", "1699", "2100", "2000", "17", "20", "1", "19٨٥", "20𝟙𝟚", "٢٠١٩", "12345", "x", "é", "名", "_",
        "mid-", "MID-", "Early-", "late-", "humid-", "-", "–", "$", "£", "€", "¥", ".", ",", "/", "%", "(", ")", "'", "⟦0⟧", "⟧",
        "\u{301}", "\u{200B}", "\u{00AD}", "\u{200C}", "\u{200D}", "\u{FE0F}", "👍", "percent", "millions", "billion", "people",
        "employees", "units", "km", "Km", "feet", "tons", "tonnes", "yuan", "euros", "staff", "the", "in", "year",
    ]

    func testYearScannerEqualsExpression() throws {
        var random = TestRandom(seed: 1700)
        var texts = ["", "2019", "In 2019, it grew.", "mid-2019", "1999%", "2000 employees", "2000  \u{3000}percent", "2019\u{301}",
                     "\u{301}2019", "x\u{301}2019", "\u{200B}2019", "a\u{200B}2019", "20192019", "2019-2020", "2019–2020", "$2019"]
        let separators = ["", "", " ", " ", "\u{00A0}", "\t", "\n", "\u{2009}", "\u{3000}", "\u{85}", "\u{0B}"]
        for _ in 0..<20000 {
            texts.append(random.joined(Self.yearTokens, separators: separators, most: 7))
        }
        texts += try Fixture.sentenceTexts()
        var found = 0
        for text in texts {
            let ns = text as NSString
            let expected = Self.yearExpression.matches(in: text, range: NSRange(location: 0, length: ns.length)).map {
                "\($0.range.location):\($0.range.length):\(ns.substring(with: $0.range(at: 1)))"
            }
            let got = DateFinder.years(in: text).map { "\($0.range.location):\($0.range.length):\($0.text)" }
            XCTAssertEqual(got, expected, text.debugDescription)
            found += expected.count
        }
        XCTAssertGreaterThan(found, 5000)
    }

    /// The expressions `MonthDates` replaces, as `DateFinder` compiled them.
    static let monthExpressions: [(MonthDates.Form, NSRegularExpression)] = {
        let short = ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"]
        let m = "(?:" + (DateFinder.months + short).sorted { $0.count > $1.count }.joined(separator: "|") + ")"
        func re(_ p: String) -> NSRegularExpression { try! NSRegularExpression(pattern: p) }
        return [
            (.dayMonthYear, re("\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(\(m))\\.?,?\\s+(\\d{4})\\b")),
            (.monthDayYear, re("\\b(\(m))\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b")),
            (.monthYear, re("\\b(\(m))\\.?,?\\s+(?:of\\s+)?(\\d{4})\\b")),
            (.dayMonth, re("\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(\(m))\\b")),
            (.monthDay, re("\\b(\(m))\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?!\\s*(?:%|percent|million|billion|,\\d))")),
            (.prepMonth, re("\\b(?i:in|on|during|since|by|from|until|early|late|mid|mid-|end of|beginning of|throughout)\\s+(\(m))\\b")),
        ]
    }()

    static let monthTokens: [String] = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
        "Jan", "Feb", "Mar", "Mar.", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Sept.", "Oct", "Nov", "Dec", "Decembers", "Mayo",
        "Marching", "Junes", "MAY", "may", "xMay", "1", "5", "9", "10", "21", "31", "32", "00", "123", "2019", "1999", "20190", "٢٠١٩",
        "١٢", "𝟙𝟚", "1st", "2nd", "3rd", "4th", "21st", "12th", "5St", "5TH", "5thx", "st", "th", "of", "Of", "of2019", "in", "In",
        "IN", "on", "during", "since", "ſince", "SINCE", "by", "from", "until", "early", "Early", "late", "mid", "mid-", "MID-",
        "end of", "End Of", "end  of", "beginning of", "throughout", "within", "nearly", "the", ",", ".", ",.", "-", "–", "(", ")",
        "%", "percent", "million", "billions", ",5", ", 5", "é", "名", "_", "⟦0⟧", "⟧", "\u{301}", "\u{200B}", "\u{00AD}",
        "\u{200D}", "👍",
    ]

    func testMonthScannerEqualsExpressions() throws {
        var random = TestRandom(seed: 12)
        func next(_ n: Int) -> Int { random.next(n) }
        var texts = ["On 10 December 2021, it listed.", "December 10, 2021", "In October 2017", "May of 2019", "on 9 July",
                     "Sept. 5th, 2019", "in mid- March", "the end of May", "ſince May", "5 May 2019 10 June 2020", "May 5 June 6"]
        let separators = [" ", " ", " ", "", "", "  ", "\u{00A0}", "\t", "\n", "\u{2009}", "\u{3000}", "\u{85}", "\u{0B}"]
        for _ in 0..<20000 {
            texts.append(random.joined(Self.monthTokens, separators: separators, most: 7))
        }
        // Date-shaped texts: a day, a month and a year in either order, with the pieces around them varied.
        func pick(_ options: [String]) -> String { options[next(options.count)] }
        let days = ["5", "10", "31", "32", "123", "٥", "1st", "21st", "3rd", "4th", "12th", "5St", "x5", "5x"]
        let years = ["2019", "1999", "20190", "201", "٢٠١٩", "2019x", "2019\u{301}", "2019%"]
        let months = ["May", "March", "Sept", "Sept.", "Dec.", "Marc", "June,", "July.,", "August ,"]
        for _ in 0..<20000 {
            let sep1 = pick(separators), sep2 = pick(separators)
            let around = ["", "", "On ", "in ", "ſince ", "x", "\u{301}", "⟦0⟧ ", "(", "mid-"]
            let after = ["", "", ".", ",", " percent", " million", "%", ",5", ", 5", "th", "\u{200B}", "x"]
            let body: String
            switch next(4) {
            case 0: body = pick(days) + sep1 + pick(months) + sep2 + pick(years)
            case 1: body = pick(months) + sep1 + pick(days) + pick(["", ",", ", "]) + sep2 + pick(years)
            case 2: body = pick(months) + sep1 + pick(["", "of ", "of  ", "of"]) + pick(years)
            default: body = pick(months) + sep1 + pick(days)
            }
            texts.append(pick(around) + body + pick(after))
        }
        texts += try Fixture.sentenceTexts()
        var found = [Int](repeating: 0, count: Self.monthExpressions.count)
        for text in texts {
            let ns = text as NSString
            var source = text
            let scanned = source.withUTF8 { bytes in
                let months = MonthDates(bytes)
                return Self.monthExpressions.map { months.matches($0.0, in: bytes) }
            }
            for (f, (form, expression)) in Self.monthExpressions.enumerated() {
                let expected = expression.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
                    let groups = (1..<m.numberOfRanges).map { ns.substring(with: m.range(at: $0)) }
                    let month = m.range(at: form == .prepMonth ? 1 : (form == .dayMonthYear || form == .dayMonth ? 2 : 1))
                    return "\(m.range.location):\(m.range.length):\(groups):\(month.location):\(month.length)"
                }
                let got = scanned[f].map { "\($0.range.location):\($0.range.length):\($0.groups):\($0.month.location):\($0.month.length)" }
                XCTAssertEqual(got, expected, "\(form) \(text.debugDescription)")
                found[f] += expected.count
            }
        }
        for (f, n) in found.enumerated() { XCTAssertGreaterThan(n, 300, "\(Self.monthExpressions[f].0)") }
    }

    /// The year of a heading, as it was read before the shortcut for headings that are words.
    static func referenceHeadingYear(_ heading: String) -> String? {
        let trimmed = heading.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.prefix(4)
        guard digits.count == 4, digits.allSatisfy(\.isNumber), let y = Int(digits), (1800...2100).contains(y) else { return nil }
        let rest = trimmed.dropFirst(4).trimmingCharacters(in: .whitespaces)
        if rest.isEmpty || rest.hasPrefix("–") || rest.hasPrefix("-") || rest.hasPrefix(":") || rest.hasPrefix("s") == false && rest.count < 12 {
            return String(digits)
        }
        return nil
    }

    func testHeadingYearEqualsReference() {
        let headings = ["2017", " 2017 ", "\t2014–2016", "\u{00A0}2019", "\u{3000}2019: IPO", "History", "1990s", "2020 and beyond the horizon",
                        "", " ", "\u{00A0}", "٢٠١٩", "2019\u{301}", "1799", "2101", "Early years", "2018-2019", "2018:", "x2018", "(2018)"]
        for h in headings {
            XCTAssertEqual(DateFinder.headingYear(h), Self.referenceHeadingYear(h), h.debugDescription)
        }
    }
}

final class InfoboxAsideTests: XCTestCase {
    func testAsidesAreReplacedAsTheExpressionDoes() {
        let texts = ["", "a", "()", "(a)", "((a))", "a (b) c (d)", "(a(b)c)", ")(", "x)y(z", "(名 é) 株式会社 (x", "[[A]] ([[CEO]])\n(b)", "((", "))", "(\n)"]
        var random = TestRandom(seed: 3)
        var all = texts
        for _ in 0..<500 { all.append(random.string(Array("()ab \n名"), count: 10)) }
        for t in all {
            let expected = t.replacingOccurrences(of: #"\([^()]*\)"#, with: "\n", options: .regularExpression)
            XCTAssertEqual(Array(InfoboxRules.replacingAsides(t).utf8), Array(expected.utf8), t.debugDescription)
        }
    }
}

final class HeadFormTests: XCTestCase {
    func testConnectorIsHeadFormOfForOn() {
        let words = ["of", "Of", "OF", "of.", ",of,", "for", "For.", "on", "ON", "o", "off", "fo", "form", "one", "", ".", ",,",
                     "Öf", "of\u{301}", "\u{FF4F}f", "of\r", "ｏｆ", "O.F", "oF", "nO", "FOR,", "a", "University"]
        for w in words {
            let h = EntityTyper.headForm(w)
            XCTAssertEqual(EntityTyper.isConnector(w), h == "of" || h == "for" || h == "on", w.debugDescription)
        }
    }
}
