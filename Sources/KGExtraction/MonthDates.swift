import Foundation

/// The month expressions of `DateFinder`, written out: a month's name (the longest of the names
/// and abbreviations starting at a word boundary, case as written) with a number before or after
/// it, or a preposition before it. Each form matches as its ICU expression did (in the comments
/// below and in the differential tests), with `\s` as White_Space, `\d` as a decimal digit of any
/// script and `\b` looking through marks and format characters. Every part of these expressions
/// has one way to match, so no backtracking is needed.
struct MonthDates {
    /// A match: its UTF-16 range, its groups' text, and the month's UTF-16 range.
    struct Match {
        var range: NSRange
        var groups: [String]
        var month: NSRange
    }

    enum Form {
        /// `\b(\d{1,2})(?:st|nd|rd|th)?\s+(M)\.?,?\s+(\d{4})\b`
        case dayMonthYear
        /// `\b(M)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`
        case monthDayYear
        /// `\b(M)\.?,?\s+(?:of\s+)?(\d{4})\b`
        case monthYear
        /// `\b(\d{1,2})(?:st|nd|rd|th)?\s+(M)\b`
        case dayMonth
        /// `\b(M)\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?!\s*(?:%|percent|million|billion|,\d))`
        case monthDay
        /// `\b(?i:in|on|during|since|by|from|until|early|late|mid|mid-|end of|beginning of|throughout)\s+(M)\b`
        case prepMonth
    }

    /// The months' names and abbreviations (`M` above).
    static let names: [[UInt8]] = (DateFinder.months + ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"])
        .map { Array($0.utf8) }

    /// Where the month names start and end (bytes), in order.
    private let months: [Range<Int>]

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var months: [Range<Int>] = []
        var i = 0
        while i + 3 <= bytes.count {
            let b = bytes[i]
            // The capitals the names start with.
            if b == 0x4A || b == 0x46 || b == 0x4D || b == 0x41 || b == 0x53 || b == 0x4F || b == 0x4E || b == 0x44,
               let end = Self.nameEnd(bytes, at: i), !UTF8Scan.wordBefore(bytes, i) {
                months.append(i..<end)
                i = end
                continue
            }
            i += 1
        }
        self.months = months
    }

    var isEmpty: Bool { months.isEmpty }

    /// The end of the longest name at `i`. A shorter name that is a prefix of it is followed by a
    /// letter, which no form accepts after a month.
    private static func nameEnd(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        var best = 0
        for n in names where n.count > best && UTF8Scan.hasPrefix(bytes, i, n) { best = n.count }
        return best > 0 ? i + best : nil
    }

    /// The matches of `form`, in order, as `NSRegularExpression.matches` finds them: each around
    /// one month, none overlapping the one before.
    func matches(_ form: Form, in bytes: UnsafeBufferPointer<UInt8>) -> [Match] {
        var out: [Match] = []
        var lastEnd = 0
        for month in months where month.lowerBound >= lastEnd {
            guard let (range, groups) = match(form, bytes, month), range.lowerBound >= lastEnd else { continue }
            lastEnd = range.upperBound
            out.append(Match(range: UTF8Scan.utf16Range(bytes, range), groups: groups.map { UTF8Scan.string(bytes, $0) },
                             month: UTF8Scan.utf16Range(bytes, month)))
        }
        return out
    }

    /// The match of `form` around `month`: its bytes and its groups' bytes.
    private func match(_ form: Form, _ bytes: UnsafeBufferPointer<UInt8>, _ month: Range<Int>) -> (Range<Int>, [Range<Int>])? {
        typealias S = UTF8Scan
        switch form {
        case .dayMonthYear:
            guard let day = Self.dayBefore(bytes, month.lowerBound), let j = Self.spacesAfter(bytes, month.upperBound, comma: true),
                  let year = Self.year(bytes, j) else { return nil }
            return (day.lowerBound..<year.upperBound, [day, month, year])
        case .monthDayYear:
            guard let j = Self.spacesAfter(bytes, month.upperBound, comma: false), let day = Self.day(bytes, j) else { return nil }
            var k = Self.ordinalEnd(bytes, day.upperBound)
            if k < bytes.count, bytes[k] == UInt8(ascii: ",") { k += 1 }
            let l = S.spaces(bytes, k)
            guard l > k, let year = Self.year(bytes, l) else { return nil }
            return (month.lowerBound..<year.upperBound, [month, day, year])
        case .monthYear:
            guard var j = Self.spacesAfter(bytes, month.upperBound, comma: true) else { return nil }
            if S.hasPrefix(bytes, j, Self.of) {
                let k = S.spaces(bytes, j + 2)
                if k > j + 2 { j = k }
            }
            guard let year = Self.year(bytes, j) else { return nil }
            return (month.lowerBound..<year.upperBound, [month, year])
        case .dayMonth:
            guard S.boundaryAfterWord(bytes, month.upperBound), let day = Self.dayBefore(bytes, month.lowerBound) else { return nil }
            return (day.lowerBound..<month.upperBound, [day, month])
        case .monthDay:
            guard let j = Self.spacesAfter(bytes, month.upperBound, comma: false), let day = Self.day(bytes, j) else { return nil }
            let k = Self.ordinalEnd(bytes, day.upperBound)
            guard S.boundaryAfterWord(bytes, k) else { return nil }
            let l = S.spaces(bytes, k)
            if l < bytes.count, bytes[l] == UInt8(ascii: "%") || Self.counts.contains(where: { S.hasPrefix(bytes, l, $0) })
                || bytes[l] == UInt8(ascii: ",") && l + 1 < bytes.count && S.isDecimal(S.scalar(bytes, at: l + 1).0) { return nil }
            return (month.lowerBound..<k, [month, day])
        case .prepMonth:
            let j = S.spacesBefore(bytes, month.lowerBound)
            // No preposition ends another's text, so at most one is there.
            guard j < month.lowerBound, S.boundaryAfterWord(bytes, month.upperBound),
                  let start = Self.prepositions.lazy.compactMap({ S.foldedStart(bytes, j, $0) }).first, !S.wordBefore(bytes, start) else { return nil }
            return (start..<month.upperBound, [month])
        }
    }

    static let of = Array("of".utf8)
    static let counts: [[UInt8]] = ["percent", "million", "billion"].map { Array($0.utf8) }
    static let prepositions: [[UInt8]] = ["in", "on", "during", "since", "by", "from", "until", "early", "late", "mid", "mid-",
                                          "end of", "beginning of", "throughout"].map { Array($0.utf8) }
    static let ordinals: [[UInt8]] = ["st", "nd", "rd", "th"].map { Array($0.utf8) }

    /// `\.?` (`\.?,?` with `comma`) and `\s+` after a month ending at `end`: where the spaces end.
    static func spacesAfter(_ bytes: UnsafeBufferPointer<UInt8>, _ end: Int, comma: Bool) -> Int? {
        var j = end
        if j < bytes.count, bytes[j] == UInt8(ascii: ".") { j += 1 }
        if comma, j < bytes.count, bytes[j] == UInt8(ascii: ",") { j += 1 }
        let k = UTF8Scan.spaces(bytes, j)
        return k > j ? k : nil
    }

    /// `\b(\d{1,2})(?:st|nd|rd|th)?\s+` ending at `start`: the day's bytes. A third digit before
    /// them leaves no word boundary for the day to start at.
    static func dayBefore(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Range<Int>? {
        var j = UTF8Scan.spacesBefore(bytes, start)
        guard j < start else { return nil }
        if ordinals.contains(where: { UTF8Scan.endsWith(bytes, j, $0) }) { j -= 2 }
        let end = j
        var count = 0
        while j > 0, count < 3 {
            let (s, from) = UTF8Scan.scalar(bytes, before: j)
            guard UTF8Scan.isDecimal(s) else { break }
            j = from
            count += 1
        }
        guard count == 1 || count == 2, !UTF8Scan.wordBefore(bytes, j) else { return nil }
        return j..<end
    }

    /// `\d{1,2}` at `j` with no third digit after it (nothing the forms accept follows a digit).
    static func day(_ bytes: UnsafeBufferPointer<UInt8>, _ j: Int) -> Range<Int>? {
        var k = j
        var count = 0
        while k < bytes.count, count < 3 {
            let (s, length) = UTF8Scan.scalar(bytes, at: k)
            guard UTF8Scan.isDecimal(s) else { break }
            k += length
            count += 1
        }
        return count == 1 || count == 2 ? j..<k : nil
    }

    /// After `(?:st|nd|rd|th)?` at `k`.
    static func ordinalEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ k: Int) -> Int {
        ordinals.contains { UTF8Scan.hasPrefix(bytes, k, $0) } ? k + 2 : k
    }

    /// `(\d{4})\b` at `j`.
    static func year(_ bytes: UnsafeBufferPointer<UInt8>, _ j: Int) -> Range<Int>? {
        var k = j
        for _ in 0..<4 {
            guard k < bytes.count else { return nil }
            let (s, length) = UTF8Scan.scalar(bytes, at: k)
            guard UTF8Scan.isDecimal(s) else { return nil }
            k += length
        }
        return UTF8Scan.boundaryAfterWord(bytes, k) ? j..<k : nil
    }
}
