import Foundation

/// Kinds a sentence states outright: "X, an AI-powered healthcare startup, …" and "X is a cinema
/// in Y" make X a company or an organisation, whatever its name looks like ("Bionic Health" is
/// not a person). The noun must head its phrase: "X, a company spokesman" says nothing about X.
struct AppositiveTyping {
    let lexicon: Lexicon
    private let pattern: NSRegularExpression

    init(lexicon: Lexicon) {
        self.lexicon = lexicon
        let nouns = lexicon.descriptiveNouns.map { NSRegularExpression.escapedPattern(for: $0.noun).replacingOccurrences(of: " ", with: "\\s+") }
        // After the mention: ", a/an/the …noun" or " is/was a/an/the …noun"; then no word that
        // continues the noun phrase (a role, a possessive).
        pattern = try! NSRegularExpression(
            pattern: "^(?:\\s*,\\s*|\\s+(?:is|was|remains|became)\\s+)(?:a|an|the)\\s+(?:(?!(?:at|of|in|for|with|by|from|on|to|and|or|who|which|that)\\s)[\\w'’&-]+\\s+){0,5}?(" + nouns.joined(separator: "|") + ")(?![\\w'’-])(?!\\s+(?:[\\w-]+\\s+)?(?:"
                + lexicon.personRoles.map { NSRegularExpression.escapedPattern(for: $0) }.joined(separator: "|") + ")\\b)",
            options: [.caseInsensitive])
    }

    func apply(_ mentions: [Mention], chars: [Character], table: inout EntityTable) {
        for m in mentions where !m.isAnaphor && !m.possessive {
            let e = table.entity(m.entity)
            guard e.kind == nil || e.kind == .person && (e.kindEvidence ?? .slot) <= .slot else { continue }
            let upper = m.range.upperBound
            guard upper < chars.count, chars[upper] == "," || chars[upper] == " " else { continue }
            // Cheap test first: a comma, or a copula, right after the name.
            if chars[upper] == " " {
                let next = String(chars[(upper + 1)..<min(chars.count, upper + 9)])
                guard next.hasPrefix("is ") || next.hasPrefix("was ") || next.hasPrefix("remains ") || next.hasPrefix("became ") else { continue }
            }
            let tail = String(chars[upper..<min(chars.count, upper + 120)])
            let ns = tail as NSString
            guard let r = pattern.firstMatch(in: tail, range: NSRange(location: 0, length: ns.length)) else { continue }
            let noun = ns.substring(with: r.range(at: 1)).lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
            guard let kind = lexicon.descriptiveNouns.first(where: { $0.noun == noun })?.kind else { continue }
            table.suggest(kind: kind, evidence: .slot, for: m.entity)
        }
    }
}
