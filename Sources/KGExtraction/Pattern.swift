import Foundation

/// Every word the rules' prefilters look for, numbered, so that a sentence checks each word
/// once however many rules need it.
final class NeedleTable: @unchecked Sendable {
    private(set) var needles: [[UInt8]] = []
    private var ids: [[UInt8]: Int] = [:]

    /// Only while the rules are being built.
    func id(_ word: String) -> Int {
        let bytes = Array(RuleText.normalizedLower(word))
        if let id = ids[bytes] { return id }
        ids[bytes] = needles.count
        needles.append(bytes)
        return needles.count - 1
    }
}

/// A masked sentence made ready for the rules once: the text ICU reads, and its lower-cased
/// bytes (every run of white space as one space) for the cheap word checks that let most
/// rules skip the regular expression.
final class RuleText {
    let text: String
    let ns: NSString
    let lower: [UInt8]
    /// How many `⟦k⟧` the text holds.
    let mentions: Int
    private let table: NeedleTable
    /// Per needle: 0 not checked yet, 1 absent, 2 present.
    private var seen: [UInt8]
    /// Which byte pairs (hashed to 4096 bits) occur in `lower`: most needles are absent from
    /// most sentences, and one missing pair says so without searching.
    private var pairs: [UInt64]

    init(_ text: String, needles: NeedleTable) {
        self.text = text
        ns = text as NSString
        lower = Self.normalizedLower(text)
        var n = 0
        for scalar in text.unicodeScalars where scalar == "⟦" { n += 1 }
        mentions = n
        table = needles
        seen = [UInt8](repeating: 0, count: needles.needles.count)
        var bits = [UInt64](repeating: 0, count: 64)
        if lower.count >= 2 {
            for i in 1..<lower.count {
                let h = Self.pairHash(lower[i - 1], lower[i])
                bits[h >> 6] |= 1 << UInt64(h & 63)
            }
        }
        pairs = bits
    }

    @inline(__always) static func pairHash(_ a: UInt8, _ b: UInt8) -> Int {
        (Int(a) &* 31 &+ Int(b)) & 4095
    }

    /// False only when some byte pair of the needle does not occur in the text.
    private func mayContain(_ needle: [UInt8]) -> Bool {
        guard needle.count >= 2 else { return true }
        for i in 1..<needle.count {
            let h = Self.pairHash(needle[i - 1], needle[i])
            if pairs[h >> 6] & (1 << UInt64(h & 63)) == 0 { return false }
        }
        return true
    }

    /// Lower-cased ASCII letters, every run of white space as one space; other characters
    /// lower-cased through their Unicode mapping (the masks `⟦⟧` are never upper case).
    static func normalizedLower(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var space = false
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                let b = UInt8(scalar.value)
                // ASCII white space: tab, line feed, vertical tab, form feed, carriage return, space.
                if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
                    if !space { out.append(0x20) }
                    space = true
                    continue
                }
                space = false
                out.append(b >= 65 && b <= 90 ? b + 32 : b)
                continue
            }
            if scalar.properties.isWhitespace {
                if !space { out.append(0x20) }
                space = true
                continue
            }
            space = false
            if scalar == "⟦" || scalar == "⟧" || !scalar.properties.changesWhenLowercased {
                out.append(contentsOf: UTF8.encode(scalar)!)
            } else {
                out.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
            }
        }
        return out
    }

    func has(_ id: Int) -> Bool {
        if seen[id] == 0 {
            let needle = table.needles[id]
            seen[id] = mayContain(needle) && Self.contains(lower, needle) ? 2 : 1
        }
        return seen[id] == 2
    }

    func hasAny(_ ids: [Int]) -> Bool { ids.contains { has($0) } }

    /// Where the last occurrence of `needle` starts.
    static func lastOffset(of needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard !needle.isEmpty, needle.count <= hay.count else { return needle.isEmpty ? hay.count : nil }
        var i = hay.count - needle.count
        while i >= 0 {
            if hay[i] == needle[0] && hay[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i -= 1
        }
        return nil
    }

    static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard needle.count <= hay.count else { return false }
        return hay.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                let base = UnsafeRawPointer(h.baseAddress!)
                var offset = 0
                let last = h.count - n.count
                while offset <= last {
                    guard let hit = memchr(base + offset, Int32(n[0]), last - offset + 1) else { return false }
                    let at = base.distance(to: UnsafeRawPointer(hit))
                    if n.count == 1 || memcmp(base + at + 1, UnsafeRawPointer(n.baseAddress!) + 1, n.count - 1) == 0 { return true }
                    offset = at + 1
                }
                return false
            }
        }
    }
}

/// A sentence rule's regular expression over masked text, where each mention reads `⟦n⟧`.
///
/// Macros keep the rules readable and the word lists out of code:
/// `{E}` one mention, `{LIST}` a list of mentions ("A, B and the C"), `{THE}` an optional
/// article, `{FILL}` up to four plain words, `{alt:name}` an alternation from the lexicon.
///
/// `needs` makes the rule cheap where it cannot match: groups of words (lower case), each of
/// which must have one member somewhere in the sentence, and the least number of mentions a
/// match takes. Every match of the expression must satisfy them; they only save work.
struct Pattern: @unchecked Sendable {
    let name: String
    let regex: NSRegularExpression
    let needs: [[Int]]
    let minimumMentions: Int

    static let entity = "⟦\\d+⟧"
    static let list = "⟦\\d+⟧(?:(?:\\s*,\\s*(?:and\\s+|or\\s+)?|\\s+(?:and|or|&|as well as)\\s+)(?:the\\s+)?⟦\\d+⟧)*"

    init(_ name: String, _ template: String, alternations: [String: [String]], caseInsensitive: Bool = true,
         needs: [[String]] = [], mentions: Int = 0, needles: NeedleTable) {
        var p = template
        p = p.replacingOccurrences(of: "{E}", with: Self.entity)
        p = p.replacingOccurrences(of: "{LIST}", with: Self.list)
        p = p.replacingOccurrences(of: "{THE}", with: "(?:the\\s+|a\\s+|an\\s+)?")
        p = p.replacingOccurrences(of: "{FILL}", with: "(?:[\\w\"'‘’“”$.,-]+\\s+){0,4}?")
        p = p.replacingOccurrences(of: "{POSS}", with: "(?:'s|’s|')?")
        for (key, words) in alternations where p.contains("{alt:\(key)}") {
            p = p.replacingOccurrences(of: "{alt:\(key)}", with: Self.alternation(words))
        }
        precondition(!p.contains("{alt:"), "unknown alternation in rule \(name)")
        do {
            regex = try NSRegularExpression(pattern: p, options: caseInsensitive ? [.caseInsensitive] : [])
        } catch {
            preconditionFailure("rule \(name): bad pattern \(p): \(error)")
        }
        self.name = name
        // Small groups first: they are cheaper to check and usually the more selective.
        self.needs = needs.map { group in group.map(needles.id) }.sorted { $0.count < $1.count }
        minimumMentions = mentions
    }

    static func alternation(_ words: [String]) -> String {
        let sorted = words.sorted { $0.count > $1.count }
        return "(?:" + sorted.map { NSRegularExpression.escapedPattern(for: $0).replacingOccurrences(of: " ", with: "\\s+") }
            .joined(separator: "|") + ")"
    }

    /// One word of each phrase that any text the phrase matches contains: its longest word
    /// (phrases match with any run of spaces between their words).
    static func keywords(_ phrases: [String]) -> [String] {
        var out: [String] = []
        for phrase in phrases {
            let words: [Substring] = phrase.lowercased().split(separator: " ")
            let word = words.max { $0.count < $1.count }.map(String.init) ?? ""
            if !word.isEmpty && !out.contains(word) { out.append(word) }
        }
        return out
    }

    func mayMatch(_ t: RuleText) -> Bool {
        t.mentions >= minimumMentions && needs.allSatisfy { t.hasAny($0) }
    }

    func matches(_ t: RuleText) -> [NSTextCheckingResult] {
        guard mayMatch(t) else { return [] }
        return regex.matches(in: t.text, range: NSRange(location: 0, length: t.ns.length))
    }
}

extension NSTextCheckingResult {
    func has(_ i: Int) -> Bool { i < numberOfRanges && range(at: i).location != NSNotFound }
}
