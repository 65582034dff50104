import Foundation

/// A date written in a sentence, as ISO 8601 text, and where it sits (UTF-16 offset).
struct DateMention: Hashable {
    var location: Int
    var iso: String
}

/// Reads dates from text: "On 10 December 2021", "In October 2017", "December 10, 2021",
/// "During 2014", "On 9 July" (the year from context), "The following month".
struct DateFinder: @unchecked Sendable {
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                         "October", "November", "December"]
    static let lowerMonths = months.map { $0.lowercased() }
    static let lowerMonthPrefixes: [(UInt8, UInt8, UInt8)] = lowerMonths.map { let b = Array($0.utf8); return (b[0], b[1], b[2]) }

    static func monthNumber(_ name: String) -> Int? {
        // The expressions' month names: three ASCII letters with no mark after them to lower-case.
        let u = name.utf8
        if u.count >= 3, u.prefix(4).allSatisfy({ $0 < 0x80 }) {
            let a = u[u.startIndex] | 0x20, b = u[u.index(after: u.startIndex)] | 0x20, c = u[u.index(u.startIndex, offsetBy: 2)] | 0x20
            if let i = lowerMonthPrefixes.firstIndex(where: { $0 == (a, b, c) }), UTF8Scan.isASCIILetter(u[u.startIndex]),
               UTF8Scan.isASCIILetter(u[u.index(after: u.startIndex)]), UTF8Scan.isASCIILetter(u[u.index(u.startIndex, offsetBy: 2)]) {
                return i + 1
            }
        }
        let lower = name.lowercased().prefix(3)
        return lowerMonths.firstIndex { $0.hasPrefix(lower) }.map { $0 + 1 }
    }

    private let isoDate: NSRegularExpression
    private let nextMonth: NSRegularExpression
    private let nextYear: NSRegularExpression
    private let sameYear: NSRegularExpression
    private let weekday: NSRegularExpression
    private let relative: NSRegularExpression

    init() {
        func re(_ p: String) -> NSRegularExpression { try! NSRegularExpression(pattern: p) }
        isoDate = re("\\b((?:19|20)\\d{2})-(\\d{2})(?:-(\\d{2}))?\\b")
        nextMonth = re("\\b(?i:the\\s+)?(?i:following|next|subsequent)\\s+(?i:month)\\b")
        nextYear = re("\\b(?i:the\\s+)?(?i:following|next|subsequent)\\s+(?i:year)\\b")
        sameYear = re("\\b(?i:later\\s+that\\s+year|that\\s+(?:same\\s+)?year|the\\s+same\\s+year|that\\s+same\\s+summer|that\\s+summer)\\b")
        // "on Monday", "said Friday", "Monday's announcement": a capitalised weekday in a news item.
        weekday = re("\\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\\b")
        relative = re("\\b(?i:(last|this|past|earlier\\s+this|later\\s+this|next)\\s+(year|month)|(today|yesterday))\\b")
    }

    /// Dates in `text`, in order. `contextYear` completes "On 9 July"; `previous` (the last date
    /// read before this sentence) anchors "the following month"; `published` anchors weekdays.
    func dates(in text: String, contextYear: String?, previous: String?, published: String? = nil) -> [DateMention] {
        // Most sentences hold no date: the expressions run only where their words can be.
        dates(in: text, contextYear: contextYear, previous: previous, published: published, cues: Cues(text))
    }

    /// `cues` says which expressions can match; `Cues.everything` runs them all.
    func dates(in text: String, contextYear: String?, previous: String?, published: String?, cues: Cues) -> [DateMention] {
        // Most sentences run no expression: the text's UTF-16 length (which a text outside ASCII,
        // as every masked one is, must count) only when one runs.
        var ns: NSString { text as NSString }
        var whole: NSRange { NSRange(location: 0, length: ns.length) }
        var used: [Range<Int>] = []
        var out: [DateMention] = []
        func take(_ r: NSRange) -> Bool {
            let range = r.location..<(r.location + r.length)
            if used.contains(where: { $0.overlaps(range) }) { return false }
            used.append(range)
            return true
        }
        func str(_ m: NSTextCheckingResult, _ i: Int) -> String? {
            let r = m.range(at: i)
            return r.location == NSNotFound ? nil : ns.substring(with: r)
        }
        func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        func valid(_ d: Int) -> Bool { (1...31).contains(d) }

        // The month forms and the years, written out, read the text's bytes once.
        var source = text
        typealias Matches = [MonthDates.Match]
        let (dayMonthYear, monthDayYear, monthYear, dayMonth, monthDay, prepMonth, years) = source.withUTF8 { bytes
            -> (Matches, Matches, Matches, Matches, Matches, Matches, [(range: NSRange, text: String)]) in
            let months = cues.month ? MonthDates(bytes) : nil
            func find(_ form: MonthDates.Form, _ cue: Bool) -> Matches {
                guard cue, let months, !months.isEmpty else { return [] }
                return months.matches(form, in: bytes)
            }
            let context = contextYear != nil
            return (find(.dayMonthYear, cues.fourDigits && cues.monthNumberBefore), find(.monthDayYear, cues.fourDigits && cues.monthNumberAfter),
                    find(.monthYear, cues.fourDigits && cues.monthNumberAfter), find(.dayMonth, context && cues.digit && cues.monthNumberBefore),
                    find(.monthDay, context && cues.digit && cues.monthNumberAfter), find(.prepMonth, context && cues.monthPreposition),
                    cues.fourDigits ? Self.years(inUTF8: bytes) : [])
        }

        /// Full dates from day and month groups; the year from group 2 or else `year`.
        func days(_ matches: Matches, day: Int, month: Int, year: String? = nil) {
            for m in matches {
                guard let d = Int(m.groups[day]), valid(d), let mo = Self.monthNumber(m.groups[month]), take(m.range) else { continue }
                out.append(DateMention(location: m.range.location, iso: "\(year ?? m.groups[2])-\(pad(mo))-\(pad(d))"))
            }
        }
        days(dayMonthYear, day: 0, month: 1)
        days(monthDayYear, day: 1, month: 0)
        for m in cues.fourDigits && cues.digitHyphen ? isoDate.matches(in: text, range: whole) : [] {
            guard let mo = Int(str(m, 2)!), (1...12).contains(mo), take(m.range) else { continue }
            var iso = "\(str(m, 1)!)-\(str(m, 2)!)"
            if let d = str(m, 3) { iso += "-\(d)" }
            out.append(DateMention(location: m.range.location, iso: iso))
        }
        for m in monthYear {
            guard let mo = Self.monthNumber(m.groups[0]), take(m.range) else { continue }
            out.append(DateMention(location: m.range.location, iso: "\(m.groups[1])-\(pad(mo))"))
        }
        if let year = contextYear {
            days(dayMonth, day: 0, month: 1, year: year)
            days(monthDay, day: 1, month: 0, year: year)
            for m in prepMonth {
                guard let mo = Self.monthNumber(m.groups[0]), take(m.month) else { continue }
                out.append(DateMention(location: m.range.location, iso: "\(year)-\(pad(mo))"))
            }
        }
        for y in years {
            guard take(y.range) else { continue }
            out.append(DateMention(location: y.range.location, iso: y.text))
        }
        if let previous {
            let parts = previous.split(separator: "-").compactMap { Int($0) }
            for m in cues.lowerMonth ? nextMonth.matches(in: text, range: whole) : [] where parts.count >= 2 {
                guard take(m.range) else { continue }
                var (y, mo) = (parts[0], parts[1] + 1)
                if mo > 12 { mo = 1; y += 1 }
                out.append(DateMention(location: m.range.location, iso: "\(y)-\(pad(mo))"))
            }
            for m in cues.lowerYear ? nextYear.matches(in: text, range: whole) : [] where !parts.isEmpty {
                guard take(m.range) else { continue }
                out.append(DateMention(location: m.range.location, iso: "\(parts[0] + 1)"))
            }
            for m in cues.lowerYear || cues.summer ? sameYear.matches(in: text, range: whole) : [] where !parts.isEmpty {
                guard take(m.range) else { continue }
                out.append(DateMention(location: m.range.location, iso: "\(parts[0])"))
            }
        }
        if let published, let day = Self.day(published) {
            for m in cues.day ? weekday.matches(in: text, range: whole) : [] {
                guard take(m.range), let target = Self.weekdays.firstIndex(of: str(m, 1)!) else { continue }
                if let iso = Self.nearestWeekday(target, around: day) {
                    out.append(DateMention(location: m.range.location, iso: iso))
                }
            }
        }
        if let published, published.count >= 10 {
            for m in cues.lowerYear || cues.lowerMonth || cues.day ? relative.matches(in: text, range: whole) : [] {
                guard take(m.range) else { continue }
                if let iso = Self.relativeDate(which: str(m, 1)?.lowercased(), unit: str(m, 2)?.lowercased(), day: str(m, 3)?.lowercased(), published: published) {
                    out.append(DateMention(location: m.range.location, iso: iso))
                }
            }
        }
        return out.sorted { $0.location < $1.location }
    }

    /// Years from 1700 standing alone: newspapers, banks and railways were founded long before
    /// 1900. "mid-2019", "late-1990": a hyphen before the year that is no range. A year is no
    /// count ("2000 employees") or share ("1999%"). As the ICU expression
    /// `(?:(?<![\d$£€¥.,/-])|(?<=(?i:mid|early|late)-))\b((?:17|18|19|20)\d{2})\b(?![\d%]|\s*(?:percent|million|…))`
    /// matches, with `\b` as ICU reads it (marks and format characters are looked through),
    /// written out: the expression ran on every sentence with four digits.
    static func years(in text: String) -> [(range: NSRange, text: String)] {
        var text = text
        return text.withUTF8 { years(inUTF8: $0) }
    }

    static func years(inUTF8 bytes: UnsafeBufferPointer<UInt8>) -> [(range: NSRange, text: String)] {
        var out: [(range: NSRange, text: String)] = []
        let n = bytes.count
        var i = 0
        var utf16 = 0   // the UTF-16 offset of byte `i`, as NSRange counts
        func advance(to j: Int) {
            while i < j {
                // A lead byte starts a scalar: one UTF-16 unit, two for the four-byte ones.
                if bytes[i] & 0xC0 != 0x80 { utf16 += bytes[i] >= 0xF0 ? 2 : 1 }
                i += 1
            }
        }
        while i < n {
            if let (end, units) = year(bytes, at: i) {
                out.append((NSRange(location: utf16, length: units), String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<end]), as: UTF8.self)))
                advance(to: end)
            } else {
                advance(to: i + 1)
            }
        }
        return out
    }

    /// The year starting at byte `i`: where it ends and its length in UTF-16 units.
    private static func year(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (end: Int, units: Int)? {
        let n = bytes.count
        let b = bytes[i]
        guard b == 0x31 || b == 0x32, i + 1 < n else { return nil }
        let c = bytes[i + 1]
        guard b == 0x31 ? (c >= 0x37 && c <= 0x39) : c == 0x30 else { return nil }
        // Two more decimal digits, of any script.
        var end = i + 2
        var units = 2
        for _ in 0..<2 {
            guard end < n else { return nil }
            let (s, length) = UTF8Scan.scalar(bytes, at: end)
            guard UTF8Scan.isDecimal(s) else { return nil }
            end += length
            units += s.value > 0xFFFF ? 2 : 1
        }
        // Before: no digit, currency sign or `.,/-` (but "mid-", "early-", "late-"), and no word
        // character (looking through marks).
        if i > 0 {
            let (prev, prevStart) = UTF8Scan.scalar(bytes, before: i)
            if prev == "-" {
                guard yearPrefixes.contains(where: { UTF8Scan.foldedStart(bytes, prevStart, $0) != nil }) else { return nil }
            } else if UTF8Scan.isDecimal(prev) || yearBlockers.contains(prev) {
                return nil
            }
            if UTF8Scan.wordBefore(bytes, i) { return nil }
        }
        // After: a word boundary, no percent sign and no counted noun.
        if end < n {
            let (next, _) = UTF8Scan.scalar(bytes, at: end)
            if UTF8Scan.isBoundaryTransparent(next) || UTF8Scan.isRegexWord(next) || next == "%" { return nil }
            let k = UTF8Scan.spaces(bytes, end)
            if countNouns.contains(where: { UTF8Scan.hasPrefix(bytes, k, $0) }) { return nil }
        }
        return (end, units)
    }

    static let yearBlockers: Set<Unicode.Scalar> = ["$", "£", "€", "¥", ".", ",", "/"]
    static let yearPrefixes: [[UInt8]] = ["mid", "early", "late"].map { Array($0.utf8) }

    /// Words after which four digits count things rather than name a year.
    static let countNouns: [[UInt8]] = ["percent", "million", "billion", "people", "employees", "units", "papers", "companies",
        "copies", "stores", "shares", "workers", "members", "staff", "restaurants", "miles", "km", "feet", "metres", "meters",
        "acres", "tons", "tonnes", "yuan", "dollars", "euros"].map { Array($0.utf8) }

    /// "last year", "this month", "yesterday" against a news item's publication day.
    static func relativeDate(which: String?, unit: String?, day: String?, published: String) -> String? {
        let p = published.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard p.count == 3 else { return nil }
        func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        if let day {
            guard let d = Self.day(published) else { return nil }
            var cal = Calendar(identifier: .gregorian)
            cal.timeZone = TimeZone(identifier: "UTC")!
            guard let t = cal.date(byAdding: .day, value: day == "yesterday" ? -1 : 0, to: d) else { return nil }
            let c = cal.dateComponents([.year, .month, .day], from: t)
            return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
        }
        guard let which, let unit else { return nil }
        let step = which == "next" ? 1 : (which == "last" || which == "past") ? -1 : 0
        // "the past year" is a span ending now, not the calendar year before.
        if which == "past" { return nil }
        if unit == "year" { return String(p[0] + step) }
        var (y, m) = (p[0], p[1] + step)
        if m < 1 { m = 12; y -= 1 }
        if m > 12 { m = 1; y += 1 }
        return "\(y)-\(pad(m))"
    }

    /// What the expressions need somewhere in the text: a digit (outside a masked mention's
    /// `⟦k⟧`), a month's name or abbreviation, or the words "month", "year", "summer", "day".
    struct Cues {
        var digit = false, fourDigits = false, month = false, lowerMonth = false, lowerYear = false, summer = false, day = false
        /// A month's name with a number just before it ("10 December"), just after it ("December 10",
        /// "October 2017", "May of 2019"), or a preposition before it ("in March").
        var monthNumberBefore = false, monthNumberAfter = false, monthPreposition = false
        /// An ASCII hyphen between digits, as ISO dates are written.
        var digitHyphen = false

        static let monthPrefixes: [[UInt8]] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].map { Array($0.utf8) }

        init(_ text: String) {
            var inMention = false
            var run = 0
            for scalar in text.unicodeScalars {
                if scalar == "⟦" { inMention = true; run = 0; continue }
                if scalar == "⟧" { inMention = false; continue }
                if !inMention, scalar.isASCII ? (scalar.value >= 48 && scalar.value <= 57) : scalar.properties.generalCategory == .decimalNumber {
                    digit = true
                    run += 1
                    if run >= 4 { fourDigits = true; break }
                } else {
                    run = 0
                }
            }
            var text = text
            text.withUTF8 { bytes in
                // Case-blind for the ASCII needles below, as `lowercased()` was: no other character
                // lower-cases to one of their letters.
                func has(_ needle: [UInt8], foldingCase: Bool) -> Bool {
                    guard needle.count <= bytes.count else { return false }
                    var i = 0
                    let first = needle[0]
                    while i <= bytes.count - needle.count {
                        let b = foldingCase ? bytes[i] | 0x20 : bytes[i]
                        if b == first {
                            var j = 1
                            while j < needle.count && (foldingCase ? bytes[i + j] | 0x20 : bytes[i + j]) == needle[j] { j += 1 }
                            if j == needle.count { return true }
                        }
                        i += 1
                    }
                    return false
                }
                // Each month's name that starts a word (`\b` in the expressions), and what stands
                // beside it: the month expressions need a number just before or after it, or a
                // preposition before it. Anything outside ASCII next to it (other spaces or digits,
                // a mention's mark) counts as a possible match: the expressions decide.
                var i = 0
                while i + 3 <= bytes.count {
                    let b = bytes[i]
                    if b >= 65 && b <= 90, i == 0 || !UTF8Scan.isASCIIWord(bytes[i - 1]),
                       let prefix = Self.monthPrefixes.first(where: { $0[0] == b && $0[1] == bytes[i + 1] && $0[2] == bytes[i + 2] }) {
                        month = true
                        if Self.digitBefore(bytes, i) { monthNumberBefore = true }
                        if Self.digitAfter(bytes, i + prefix.count) { monthNumberAfter = true }
                        if Self.prepositionBefore(bytes, i) { monthPreposition = true }
                    }
                    i += 1
                }
                if bytes.count >= 3 {
                    digitHyphen = (1..<(bytes.count - 1)).contains { bytes[$0] == 0x2D && Self.isDigitOrOther(bytes[$0 - 1]) && Self.isDigitOrOther(bytes[$0 + 1]) }
                }
                lowerMonth = has(Self.monthWord, foldingCase: true)
                lowerYear = has(Self.yearWord, foldingCase: true)
                summer = has(Self.summerWord, foldingCase: true)
                day = has(Self.dayWord, foldingCase: false)
            }
        }

        private init() {}
        static let everything: Cues = {
            var c = Cues()
            (c.digit, c.fourDigits, c.month, c.lowerMonth, c.lowerYear, c.summer, c.day, c.digitHyphen) = (true, true, true, true, true, true, true, true)
            (c.monthNumberBefore, c.monthNumberAfter, c.monthPreposition) = (true, true, true)
            return c
        }()

        static func isDigitOrOther(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || b >= 0x80 }

        /// `\d{1,2}(?:st|nd|rd|th)?\s+` may end at `start`.
        static func digitBefore(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Bool {
            var j = start - 1
            while j >= 0, UTF8Scan.isASCIISpace(bytes[j]) { j -= 1 }
            guard j >= 0 else { return false }
            if bytes[j] >= 0x80 { return true }
            guard j < start - 1 else { return false }
            if j >= 1, UTF8Scan.isASCIILetter(bytes[j]), UTF8Scan.isASCIILetter(bytes[j - 1]) { j -= 2 }
            return j >= 0 && isDigitOrOther(bytes[j])
        }

        /// After a month's first letters at `end`: the rest of its name, `\.?,?\s+(?:of\s+)?` and a digit.
        static func digitAfter(_ bytes: UnsafeBufferPointer<UInt8>, _ end: Int) -> Bool {
            var k = end
            while k < bytes.count, UTF8Scan.isASCIILetter(bytes[k]) { k += 1 }
            while k < bytes.count, bytes[k] == 46 || bytes[k] == 44 { k += 1 }
            let spaceStart = k
            while k < bytes.count, UTF8Scan.isASCIISpace(bytes[k]) { k += 1 }
            guard k < bytes.count else { return false }
            if bytes[k] >= 0x80 { return true }
            guard k > spaceStart else { return false }
            if k + 2 < bytes.count, bytes[k] == 111, bytes[k + 1] == 102, UTF8Scan.isASCIISpace(bytes[k + 2]) || bytes[k + 2] >= 0x80 {
                k += 2
                while k < bytes.count, UTF8Scan.isASCIISpace(bytes[k]) { k += 1 }
            }
            return k < bytes.count && isDigitOrOther(bytes[k])
        }

        static let prepositions: [[UInt8]] = ["in", "on", "during", "since", "by", "from", "until", "early", "late", "mid", "mid-", "of", "throughout"].map { Array($0.utf8) }

        /// A word `prepMonth` accepts (case-blind; "end of", "beginning of" end in "of") and `\s+` before `start`.
        static func prepositionBefore(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Bool {
            var j = start - 1
            while j >= 0, UTF8Scan.isASCIISpace(bytes[j]) { j -= 1 }
            guard j >= 0 else { return false }
            if bytes[j] >= 0x80 { return true }
            guard j < start - 1 else { return false }
            var word: [UInt8] = []
            while j >= 0, UTF8Scan.isASCIILetter(bytes[j]) || bytes[j] == 45 || bytes[j] >= 0x80 {
                if bytes[j] >= 0x80 { return true }
                word.append(bytes[j] | 0x20)
                j -= 1
            }
            // `word` is reversed: a preposition ends the word when it starts the reversed one.
            return prepositions.contains { p in p.count <= word.count && zip(p.reversed(), word).allSatisfy { $0 == $1 } }
        }

        static let monthWord = Array("month".utf8), yearWord = Array("year".utf8), summerWord = Array("summer".utf8), dayWord = Array("day".utf8)
    }

    static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    static func day(_ iso: String) -> Date? {
        let prefix = String(iso.prefix(10))
        guard prefix.count == 10 else { return nil }
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        let p = prefix.split(separator: "-").compactMap { Int($0) }
        guard p.count == 3 else { return nil }
        return cal.date(from: DateComponents(year: p[0], month: p[1], day: p[2]))
    }

    /// A weekday named in a news item is the latest one on or before its publication (news
    /// reports what happened); a weekday just after it only when none came in the six days before.
    static func nearestWeekday(_ target: Int, around day: Date) -> String? {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        for offset in [0, -1, -2, -3, -4, -5, -6, 1, 2] {
            guard let d = cal.date(byAdding: .day, value: offset, to: day) else { continue }
            if cal.component(.weekday, from: d) - 1 == target {
                let c = cal.dateComponents([.year, .month, .day], from: d)
                return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
            }
        }
        return nil
    }

    /// The year a heading such as "2017" or "2014–2016" stands for.
    static func headingYear(_ heading: String) -> String? {
        // Most headings are words: a year needs a digit as the first character after spaces and tabs
        // (`.whitespaces` holds no other ASCII character); the rest of Unicode takes the long way.
        if let first = heading.utf8.first(where: { $0 != 32 && $0 != 9 }), first < 0x80, first < 48 || first > 57 { return nil }
        let trimmed = heading.trimmedSpaces()
        let digits = trimmed.prefix(4)
        guard digits.count == 4, digits.allSatisfy(\.isNumber), let y = Int(digits), (1800...2100).contains(y) else { return nil }
        let rest = trimmed.dropFirst(4).trimmedSpaces()
        if rest.isEmpty || rest.hasPrefix("–") || rest.hasPrefix("-") || rest.hasPrefix(":") || rest.hasPrefix("s") == false && rest.count < 12 {
            return String(digits)
        }
        return nil
    }
}
