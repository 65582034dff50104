import Foundation

/// A pass over a sentence's mentions after they are found: a capitalised run is not always one
/// name. It trims a descriptor noun the run swallowed in front of a name ("MSP Acme"), a job
/// title it swallowed behind one ("Acme Corporate VP"), drops runs that are only a title
/// ("Corporate Vice President", "Board of Directors"), and splits a person's name from an
/// acronym that runs into it ("By Jane Roe ACME appointed …"). Linked mentions are the
/// article's own names and stay as written.
struct MentionBoundaries {
    let typer: EntityTyper
    var lexicon: Lexicon { typer.lexicon }
    /// Title words that end a run only as a title does: acronyms and nouns no name ends with.
    static let titleEnds: Set<String> = ["vp", "svp", "evp", "ceo", "cto", "cfo", "coo", "cio", "cmo", "cpo", "evangelist",
                                         "spokesperson", "spokesman", "spokeswoman"]
    static let joiners: Set<String> = ["of", "the", "and", "&"]

    /// A word of a mention: its characters' range in the sentence and its folded text.
    struct Word {
        var range: Range<Int>
        var key: String
        var text: String
    }

    func adjust(_ mentions: [Mention], chars: [Character], table: inout EntityTable) -> [Mention] {
        var out: [Mention] = []
        out.reserveCapacity(mentions.count)
        for m in mentions {
            guard !m.linked, !m.isAnaphor else { out.append(m); continue }
            if let place = dateline(m, chars: chars, table: &table) { out.append(place); continue }
            let words = Self.words(in: m.range, chars: chars)
            guard !words.isEmpty, typer.lookup(m.surface) == nil else { out.append(m); continue }
            // "Non-SDN Chinese Military-Industrial Complex Companies List": a list a state keeps,
            // named in the action, not an entity.
            if words.count >= 2, words.last?.key == "list" {
                let folded = NameFolding.fold(m.surface)
                if lexicon.regulatoryActions.contains(where: { folded.contains(NameFolding.fold($0.phrase)) }) { continue }
            }
            // Only a title: not a name at all.
            let content = words.filter { !Self.joiners.contains($0.key) }
            if !content.isEmpty, content.allSatisfy({ lexicon.titleWords.contains($0.key) }) { continue }
            var first = 0
            var last = words.count - 1
            while first < last, lexicon.leadingDescriptors.contains(words[first].key) { first += 1 }
            if first < last, Self.titleEnds.contains(words[last].key) {
                last -= 1
                while first < last, lexicon.titleWords.contains(words[last].key) { last -= 1 }
            }
            // "… and Jane Roe Investors taking part": a common plural noun after a person's name.
            if last - first >= 2, words[last].text.hasSuffix("s"), lexicon.commonWords.contains(words[last].key),
               typer.classifyByHead([words[last].text]) == nil {
                let head = String(chars[words[first].range.lowerBound..<words[last - 1].range.upperBound])
                if typer.isPersonShaped(head) { last -= 1 }
            }
            var pieces: [(Int, Int)] = [(first, last)]
            // "Jane Roe ACME": a person's name, then an acronym that names something else.
            if last - first >= 2, Self.isAcronym(words[last].text) {
                let head = String(chars[words[first].range.lowerBound..<words[last - 1].range.upperBound])
                if typer.isPersonShaped(head) { pieces = [(first, last - 1), (last, last)] }
            }
            if pieces.count == 1 && first == 0 && last == words.count - 1 { out.append(m); continue }
            for (i, (a, b)) in pieces.enumerated() {
                let range = words[a].range.lowerBound..<words[b].range.upperBound
                let text = String(chars[range])
                let guess = typer.classify(text)
                let id = table.register(name: guess?.canonical ?? text, surface: text, kind: guess?.kind, evidence: guess?.evidence,
                                        strength: guess?.evidence == .lexicon ? .canonical : .surface)
                let possessive = i == pieces.count - 1 && b == words.count - 1 && m.possessive
                out.append(Mention(range: range, entity: id, surface: text, possessive: possessive, linked: false))
            }
        }
        return out
    }

    /// "BELLEVUE, Wash., March 1, 2021 /PRNewswire/ --", "RESEARCH TRIANGLE PARK — …": a
    /// dateline's place written in capitals at the start of a news text.
    func dateline(_ m: Mention, chars: [Character], table: inout EntityTable) -> Mention? {
        let before = chars[..<m.range.lowerBound]
        guard before.allSatisfy({ !$0.isLetter || $0.isUppercase }), before.count < 40 else { return nil }
        let text = String(chars[m.range])
        guard text.allSatisfy({ !$0.isLetter || $0.isUppercase }), text.filter(\.isLetter).count >= 5 || text.contains(" ") else { return nil }
        let after = String(chars[m.range.upperBound..<min(chars.count, m.range.upperBound + 60)])
        guard after.contains("—") || after.contains("--") || after.contains(" – ") || after.contains("/PR") || after.contains("(AP)") else { return nil }
        if let known = typer.lookup(text), known.kind != .place { return nil }
        let start = before.firstIndex(where: \.isLetter) ?? m.range.lowerBound
        let range = start..<m.range.upperBound
        let name = String(chars[range])
        let guess = typer.lookup(name)
        let id = table.register(name: guess?.canonical ?? name, surface: name, kind: .place, evidence: guess?.evidence ?? .shape,
                                strength: guess?.evidence == .lexicon ? .canonical : .surface)
        return Mention(range: range, entity: id, surface: name, possessive: false, linked: false)
    }

    static func isAcronym(_ word: String) -> Bool {
        (2...6).contains(word.count) && word.allSatisfy { $0.isUppercase && $0.isLetter }
    }

    /// The words of a mention's text, without a trailing possessive.
    static func words(in range: Range<Int>, chars: [Character]) -> [Word] {
        var out: [Word] = []
        var i = range.lowerBound
        while i < range.upperBound {
            while i < range.upperBound, chars[i] == " " { i += 1 }
            let start = i
            while i < range.upperBound, chars[i] != " " { i += 1 }
            guard i > start else { continue }
            var end = i
            if end - start > 2, chars[end - 1] == "s", chars[end - 2] == "'" || chars[end - 2] == "’" { end -= 2 }
            let text = String(chars[start..<end])
            out.append(Word(range: start..<end, key: NameFolding.fold(text), text: text))
        }
        return out
    }
}
