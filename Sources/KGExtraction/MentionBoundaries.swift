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

    func adjust(_ mentions: [Mention], chars: SentenceText, capitalizedMidSentence: Set<String> = [], table: inout EntityTable) -> [Mention] {
        var out: [Mention] = []
        out.reserveCapacity(mentions.count)
        for m in mentions {
            guard !m.linked, !m.isAnaphor else { out.append(m); continue }
            if let place = dateline(m, chars: chars, table: &table) { out.append(place); continue }
            guard typer.lookup(m.surface) == nil else { out.append(m); continue }
            let words = Self.words(in: m.range, chars: chars)
            guard !words.isEmpty else { out.append(m); continue }
            // "Brokered legal action …": a verb form opening the sentence, not a name.
            if words.count == 1, m.range.lowerBound == 0, isVerbForm(words[0].text), !capitalizedMidSentence.contains(words[0].text) { continue }
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
                let head = chars.string(words[first].range.lowerBound..<words[last - 1].range.upperBound)
                if table.isPersonShaped(head, by: typer) { last -= 1 }
            }
            var pieces: [(Int, Int)] = [(first, last)]
            // "Jane Roe ACME": a person's name, then an acronym that names something else.
            if last - first >= 2, Self.isAcronym(words[last].text) {
                let head = chars.string(words[first].range.lowerBound..<words[last - 1].range.upperBound)
                if table.isPersonShaped(head, by: typer) { pieces = [(first, last - 1), (last, last)] }
            }
            if pieces.count == 1 && first == 0 && last == words.count - 1 { out.append(m); continue }
            for (i, (a, b)) in pieces.enumerated() {
                let range = words[a].range.lowerBound..<words[b].range.upperBound
                let text = chars.string(range)
                let guess = table.classify(text, by: typer)
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
    func dateline(_ m: Mention, chars: SentenceText, table: inout EntityTable) -> Mention? {
        func capitals(_ r: Range<Int>) -> Bool {
            r.allSatisfy { let f = chars.flags($0); return !f.contains(.letter) || f.contains(.upper) }
        }
        guard m.range.lowerBound < 40, capitals(0..<m.range.lowerBound), capitals(m.range),
              m.range.filter({ chars.flags($0).contains(.letter) }).count >= 5 || m.range.contains(where: { chars[$0] == " " }) else { return nil }
        let text = chars.string(m.range)
        let after = chars.string(m.range.upperBound..<min(chars.count, m.range.upperBound + 60))
        guard after.contains("—") || after.contains("--") || after.contains(" – ") || after.contains("/PR") || after.contains("(AP)") else { return nil }
        if let known = typer.lookup(text), known.kind != .place { return nil }
        let start = (0..<m.range.lowerBound).first(where: { chars.flags($0).contains(.letter) }) ?? m.range.lowerBound
        let range = start..<m.range.upperBound
        let name = chars.string(range)
        let guess = typer.lookup(name)
        let id = table.register(name: guess?.canonical ?? name, surface: name, kind: .place, evidence: guess?.evidence ?? .shape,
                                strength: guess?.evidence == .lexicon ? .canonical : .surface)
        return Mention(range: range, entity: id, surface: name, possessive: false, linked: false)
    }

    /// A Title Case headline names only what the document or the word lists know; a name
    /// coordinated with one of those ("Acme, Globex Enter Into Partnership", "Globex and Acme
    /// Team Up") is a name too, when none of its words is an ordinary English word.
    func coordinated(_ mentions: [Mention], tokens: [Token], chars: SentenceText, table: inout EntityTable) -> [Mention] {
        guard !mentions.isEmpty, tokens.count >= 3 else { return mentions }
        var out = mentions
        func free(_ r: Range<Int>) -> Bool { !out.contains { $0.range.overlaps(r) } }
        func distinctive(_ t: Token) -> Bool {
            let lower = t.lower
            return t.isCapitalized && !lexicon.commonWords.contains(lower) && !(lower.hasSuffix("s") && lexicon.commonWords.contains(String(lower.dropLast())))
                && !lexicon.nonEntities.contains(t.folded)
                && t.range.count >= 3 && typer.country(t.text) == nil
        }
        func add(_ slice: ArraySlice<Token>) {
            guard let a = slice.first, let b = slice.last else { return }
            let range = a.range.lowerBound..<b.range.upperBound
            guard free(range) else { return }
            let text = chars.string(range)
            let guess = table.classify(text, by: typer)
            let id = table.register(name: guess?.canonical ?? text, surface: text, kind: guess?.kind ?? .company, evidence: guess?.evidence ?? .slot,
                                    strength: guess?.evidence == .lexicon ? .canonical : .surface)
            out.append(Mention(range: range, entity: id, surface: text, possessive: b.possessive, linked: false))
        }
        for m in mentions {
            guard let first = tokens.firstIndex(where: { $0.range.lowerBound >= m.range.lowerBound }),
                  let last = tokens.lastIndex(where: { $0.range.upperBound <= m.range.upperBound }) else { continue }
            // Before: "X, M" or "X and M" at the start of the headline.
            var j: Int?
            if first >= 1, chars.string(tokens[first - 1].range.upperBound..<m.range.lowerBound) == ", " { j = first - 1 }
            if first >= 2, ["and", "&"].contains(tokens[first - 1].lower),
               chars.string(tokens[first - 2].range.upperBound..<tokens[first - 1].range.lowerBound) == " " { j = first - 2 }
            // "Acme Robotics and M": a company head word may end the name.
            if var jj = j, !distinctive(tokens[jj]), jj > 0, lexicon.companyHeads.contains(tokens[jj].lower), distinctive(tokens[jj - 1]) {
                jj -= 1
                var start = jj
                while start > 0, distinctive(tokens[start - 1]), tokens[start - 1].range.upperBound + 1 == tokens[start].range.lowerBound { start -= 1 }
                let before = chars.string(0..<tokens[start].range.lowerBound).trimmingCharacters(in: .whitespaces)
                if before.isEmpty || before.hasSuffix(":") { add(tokens[start...(jj + 1)]) }
            } else if let j, distinctive(tokens[j]) {
                var start = j
                while start > 0, distinctive(tokens[start - 1]), tokens[start - 1].range.upperBound + 1 == tokens[start].range.lowerBound { start -= 1 }
                // Only at the start of the headline or of a clause after a colon.
                let before = chars.string(0..<tokens[start].range.lowerBound).trimmingCharacters(in: .whitespaces)
                if before.isEmpty || before.hasSuffix(":") { add(tokens[start...j]) }
            }
            // After: "M and X", "M, X" followed by more of the headline.
            var k: Int?
            if last + 1 < tokens.count, chars.string(m.range.upperBound..<tokens[last + 1].range.lowerBound) == ", " { k = last + 1 }
            if last + 2 < tokens.count, ["and", "&"].contains(tokens[last + 1].lower),
               chars.string(m.range.upperBound..<tokens[last + 1].range.lowerBound) == " " { k = last + 2 }
            if let k, distinctive(tokens[k]) {
                var end = k
                while end + 1 < tokens.count, distinctive(tokens[end + 1]) || lexicon.companyHeads.contains(tokens[end + 1].lower),
                      tokens[end].range.upperBound + 1 == tokens[end + 1].range.lowerBound { end += 1 }
                if end + 1 < tokens.count { add(tokens[k...end]) }
            }
        }
        return out.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// "Brokered", "Making": an -ed or -ing form of an ordinary word.
    func isVerbForm(_ word: String) -> Bool {
        let w = word.lowercased()
        guard w.count >= 5, typer.lookup(word) == nil else { return false }
        // A past participle opening a sentence ("Brokered …", "Founded in …"); names that end
        // in "-ed" (a given name alone) seldom open one without their surname.
        if w.hasSuffix("ed"), w.count >= 6, !w.hasSuffix("eed") { return true }
        var stems: [Substring] = []
        if w.hasSuffix("ing") { stems += [w.dropLast(3), Substring(w.dropLast(3) + "e")] }
        if w.hasSuffix("ied") { stems.append(Substring(w.dropLast(3) + "y")) }
        return stems.contains { $0.count >= 3 && lexicon.commonWords.contains(String($0)) }
    }

    static func isAcronym(_ word: String) -> Bool {
        (2...6).contains(word.count) && word.allSatisfy { $0.isUppercase && $0.isLetter }
    }

    /// The words of a mention's text, without a trailing possessive.
    static func words(in range: Range<Int>, chars: SentenceText) -> [Word] {
        var out: [Word] = []
        var i = range.lowerBound
        while i < range.upperBound {
            while i < range.upperBound, chars[i] == " " { i += 1 }
            let start = i
            while i < range.upperBound, chars[i] != " " { i += 1 }
            guard i > start else { continue }
            var end = i
            if end - start > 2, chars[end - 1] == "s", chars[end - 2] == "'" || chars[end - 2] == "’" { end -= 2 }
            let text = chars.string(start..<end)
            out.append(Word(range: start..<end, key: NameFolding.fold(text), text: text))
        }
        return out
    }
}
