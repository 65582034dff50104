import Foundation

/// A sentence rule's regular expression over masked text, where each mention reads `⟦n⟧`.
///
/// Macros keep the rules readable and the word lists out of code:
/// `{E}` one mention, `{LIST}` a list of mentions ("A, B and the C"), `{THE}` an optional
/// article, `{FILL}` up to four plain words, `{alt:name}` an alternation from the lexicon.
struct Pattern: @unchecked Sendable {
    let name: String
    let regex: NSRegularExpression

    static let entity = "⟦\\d+⟧"
    static let list = "⟦\\d+⟧(?:(?:\\s*,\\s*(?:and\\s+|or\\s+)?|\\s+(?:and|or|&|as well as)\\s+)(?:the\\s+)?⟦\\d+⟧)*"

    init(_ name: String, _ template: String, alternations: [String: [String]], caseInsensitive: Bool = true) {
        var p = template
        p = p.replacingOccurrences(of: "{E}", with: Self.entity)
        p = p.replacingOccurrences(of: "{LIST}", with: Self.list)
        p = p.replacingOccurrences(of: "{THE}", with: "(?:the\\s+|a\\s+|an\\s+)?")
        p = p.replacingOccurrences(of: "{FILL}", with: "(?:[\\w\"'‘’“”$.,-]+\\s+){0,4}?")
        p = p.replacingOccurrences(of: "{POSS}", with: "(?:'s|’s|')?")
        for (key, words) in alternations {
            p = p.replacingOccurrences(of: "{alt:\(key)}", with: Self.alternation(words))
        }
        precondition(!p.contains("{alt:"), "unknown alternation in rule \(name)")
        do {
            regex = try NSRegularExpression(pattern: p, options: caseInsensitive ? [.caseInsensitive] : [])
        } catch {
            preconditionFailure("rule \(name): bad pattern \(p): \(error)")
        }
        self.name = name
    }

    static func alternation(_ words: [String]) -> String {
        let sorted = words.sorted { $0.count > $1.count }
        return "(?:" + sorted.map { NSRegularExpression.escapedPattern(for: $0).replacingOccurrences(of: " ", with: "\\s+") }
            .joined(separator: "|") + ")"
    }

    func matches(_ text: String) -> [NSTextCheckingResult] {
        regex.matches(in: text, range: NSRange(location: 0, length: (text as NSString).length))
    }
}

extension NSTextCheckingResult {
    func has(_ i: Int) -> Bool { i < numberOfRanges && range(at: i).location != NSNotFound }
}
