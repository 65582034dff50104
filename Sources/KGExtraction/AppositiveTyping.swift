import Foundation

/// Kinds a sentence states outright: "X, an AI-powered healthcare startup, …" and "X is a cinema
/// in Y" make X a company or an organisation, whatever its name looks like ("Bionic Health" is
/// not a person). The noun must head its phrase: "X, a company spokesman" says nothing about X.
struct AppositiveTyping {
    let lexicon: Lexicon
    let pattern: NSRegularExpression
    /// The lexicon's company preceders, each with the space that must follow it.
    private let preceders: [String]
    /// The lexicon's company possessions, each after the space that must come before it.
    private let possessions: [String]
    /// The first word of each descriptive noun, lower-cased; nil when a noun is not ASCII.
    private let nounStarts: [[UInt8]]?

    init(lexicon: Lexicon) {
        self.lexicon = lexicon
        preceders = lexicon.companyPreceders.map { $0 + " " }
        possessions = lexicon.companyPossessions.map { " " + $0 }
        let starts = Set(lexicon.descriptiveNouns.map { Array(($0.noun.split(separator: " ").first.map(String.init) ?? "").lowercased().utf8) })
        nounStarts = starts.allSatisfy { $0.allSatisfy { $0 < 0x80 } } ? starts.sorted { $0.lexicographicallyPrecedes($1) } : nil
        let nouns = lexicon.descriptiveNouns.map { NSRegularExpression.escapedPattern(for: $0.noun).replacingOccurrences(of: " ", with: "\\s+") }
        // After the mention: ", a/an/the …noun" or " is/was a/an/the …noun"; then no word that
        // continues the noun phrase (a role, a possessive).
        pattern = try! NSRegularExpression(
            pattern: "^(?:\\s*,\\s*|\\s+(?:is|was|remains|became)\\s+)(?:a|an|the)\\s+(?:(?!(?:at|of|in|for|with|by|from|on|to|and|or|who|which|that)\\s)[\\w'’&-]+\\s+){0,5}?(" + nouns.joined(separator: "|") + ")(?![\\w'’-])(?!\\s+(?:[\\w-]+\\s+)?(?:"
                + lexicon.personRoles.map { NSRegularExpression.escapedPattern(for: $0) }.joined(separator: "|") + ")\\b)",
            options: [.caseInsensitive])
    }

    func apply(_ mentions: [Mention], chars: SentenceText, table: inout EntityTable) {
        companyContexts(mentions, chars: chars, table: &table)
        for m in mentions where !m.isAnaphor && !m.possessive {
            let e = table.kind(of: m.entity)
            guard e.kind == nil || e.kind == .person && (e.evidence ?? .slot) <= .slot else { continue }
            let upper = m.range.upperBound
            guard upper < chars.count, chars[upper] == "," || chars[upper] == " " else { continue }
            // Cheap tests first: a comma, or a copula, right after the name, then an article,
            // then in ASCII text a noun soon after it.
            var articleStart = upper + 1
            if chars[upper] == " " {
                guard let copula = ["is ", "was ", "remains ", "became "].first(where: { chars.matches($0, at: upper + 1) }) else { continue }
                articleStart += copula.utf8.count
            }
            guard let article = Self.article(chars, at: articleStart) else { continue }
            let tailRange = upper..<min(chars.count, upper + 120)
            if case .after(let end) = article, chars.isASCII, !mayNameNoun(chars.utf8, after: end, before: tailRange.upperBound) { continue }
            let tail = chars.string(tailRange)
            let ns = tail as NSString
            guard let r = pattern.firstMatch(in: tail, range: NSRange(location: 0, length: ns.length)) else { continue }
            let noun = ns.substring(with: r.range(at: 1)).lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
            guard let kind = lexicon.descriptiveNouns.first(where: { $0.noun == noun })?.kind else { continue }
            table.suggest(kind: kind, evidence: .slot, for: m.entity)
        }
    }

    /// Where `\s*(?:a|an|the)` followed by white space, as the expression needs after the comma
    /// or the copula, ends.
    enum ArticleScan: Equatable {
        case after(Int)
        /// A character that is not ASCII (which may be white space) leaves it undecided.
        case open
    }

    /// The article from `start`, ignoring case (only ASCII letters fold to those of the
    /// articles); nil when there is none.
    static func article(_ chars: SentenceText, at start: Int) -> ArticleScan? {
        func isSpace(_ k: Int) -> Bool? {
            guard let c = chars[k], c.isASCII else { return nil }
            return c == " " || (c.value >= 0x09 && c.value <= 0x0D)
        }
        var k = start
        while k < chars.count {
            guard let space = isSpace(k) else { return .open }
            if !space { break }
            k += 1
        }
        for article in ["a", "an", "the"] {
            var j = k
            let letters = article.utf8.allSatisfy { letter in
                defer { j += 1 }
                guard j < chars.count, let c = chars[j], c.isASCII else { return false }
                return UInt8(c.value) | 0x20 == letter
            }
            guard letters, j < chars.count else { continue }
            switch isSpace(j) {
            case true?: return .after(j)
            case nil: return .open
            case false?: continue
            }
        }
        return nil
    }

    /// False when, in ASCII `text`, no descriptive noun's first word (in any case) starts one of
    /// the six words after the article that ends at `start`, with nothing but words
    /// (`[\w'&-]+`) and white space before it, before `end`: the expression cannot match.
    func mayNameNoun(_ text: [UInt8], after start: Int, before end: Int) -> Bool {
        guard let nounStarts else { return true }
        // ICU's `\s` in ASCII is a subset of these; counting more as space only lets more through.
        func isSpace(_ b: UInt8) -> Bool { b == UInt8(ascii: " ") || (b >= 0x09 && b <= 0x0D) }
        func isWordByte(_ b: UInt8) -> Bool {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "'"), UInt8(ascii: "&"), UInt8(ascii: "-"): return true
            default: return false
            }
        }
        var i = start
        for _ in 0...5 {
            guard i < end, isSpace(text[i]) else { return false }
            while i < end, isSpace(text[i]) { i += 1 }
            let word = i
            if nounStarts.contains(where: { noun in
                word + noun.count <= end && noun.indices.allSatisfy { k in
                    let b = text[word + k]
                    return (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b + 32 : b) == noun[k]
                }
            }) { return true }
            while i < end, isWordByte(text[i]) { i += 1 }
            guard i > word else { return false }
        }
        return false
    }

    /// "Dover Kent's CEO", "shares of Dover Kent": words around a name that only a business
    /// has. They type a name nothing else types (a name shaped like a person's included).
    private func companyContexts(_ mentions: [Mention], chars: SentenceText, table: inout EntityTable) {
        for m in mentions where !m.isAnaphor {
            let e = table.kind(of: m.entity)
            guard e.kind == nil || e.kind == .person && (e.evidence ?? .slot) < .slot else { continue }
            var typed = false
            if m.possessive {
                var k = m.range.upperBound
                while k < chars.count, chars[k] != " " { k += 1 }
                let after = chars.lowercased(min(k, chars.count)..<min(chars.count, k + 40))
                typed = possessions.contains { w in
                    after.hasPrefix(w) && (after.count == w.count || !(after[after.index(after.startIndex, offsetBy: w.count)].isLetter))
                }
            }
            // Every preceder ends in a space.
            if !typed, m.range.lowerBound > 0, chars[m.range.lowerBound - 1] == " " {
                let before = chars.lowercased(max(0, m.range.lowerBound - 30)..<m.range.lowerBound)
                typed = preceders.contains { p in
                    guard before.hasSuffix(p) else { return false }
                    let start = before.index(before.endIndex, offsetBy: -p.count)
                    return start == before.startIndex || !before[before.index(before: start)].isLetter
                }
            }
            if typed { table.suggest(kind: .company, evidence: .slot, for: m.entity) }
        }
    }
}
