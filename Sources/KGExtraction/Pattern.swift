import Foundation

/// A masked sentence made ready for the rules once: the text ICU reads, and its lower-cased
/// bytes for the cheap word checks that let most rules skip the regular expression.
struct RuleText {
    let text: String
    let ns: NSString
    let lower: [UInt8]
    /// How many `⟦k⟧` the text holds.
    let mentions: Int

    init(_ text: String) {
        self.text = text
        ns = text as NSString
        lower = Array(text.lowercased().utf8)
        var n = 0
        for scalar in text.unicodeScalars where scalar == "⟦" { n += 1 }
        mentions = n
    }

    func contains(_ needle: [UInt8]) -> Bool {
        guard let first = needle.first, needle.count <= lower.count else { return needle.isEmpty }
        let last = lower.count - needle.count
        var i = 0
        return lower.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { n in
                while i <= last {
                    if hay[i] == first {
                        var j = 1
                        while j < n.count && hay[i + j] == n[j] { j += 1 }
                        if j == n.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }

    func containsAny(_ needles: [[UInt8]]) -> Bool { needles.contains { contains($0) } }
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
    let needs: [[[UInt8]]]
    let minimumMentions: Int

    static let entity = "⟦\\d+⟧"
    static let list = "⟦\\d+⟧(?:(?:\\s*,\\s*(?:and\\s+|or\\s+)?|\\s+(?:and|or|&|as well as)\\s+)(?:the\\s+)?⟦\\d+⟧)*"

    init(_ name: String, _ template: String, alternations: [String: [String]], caseInsensitive: Bool = true,
         needs: [[String]] = [], mentions: Int = 0) {
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
        self.needs = needs.map { group in group.map { Array($0.lowercased().utf8) } }
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
        t.mentions >= minimumMentions && needs.allSatisfy { t.containsAny($0) }
    }

    func matches(_ t: RuleText) -> [NSTextCheckingResult] {
        guard mayMatch(t) else { return [] }
        return regex.matches(in: t.text, range: NSRange(location: 0, length: t.ns.length))
    }

    func matches(_ text: String) -> [NSTextCheckingResult] { matches(RuleText(text)) }
}

extension NSTextCheckingResult {
    func has(_ i: Int) -> Bool { i < numberOfRanges && range(at: i).location != NSNotFound }
}
