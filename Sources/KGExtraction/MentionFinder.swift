import KGDocuments

/// A name in a sentence, tied to the document's entity table.
struct Mention: Hashable {
    var range: Range<Int>
    var entity: Int
    var surface: String
    var possessive: Bool
    var linked: Bool
    var isAnaphor: Bool = false
}

/// Finds the names in a sentence: wiki links first, then runs of capitalised words (with "of",
/// "for", "and" inside organisation names), or, in a headline written in Title Case, only names
/// the document or the word lists already know.
struct MentionFinder {
    let typer: EntityTyper
    let lexicon: Lexicon
    /// Folded names of the lists state bodies keep ("Entity List"): an action, not an entity.
    let listNames: Set<String>

    init(typer: EntityTyper) {
        self.typer = typer
        lexicon = typer.lexicon
        listNames = Set(typer.lexicon.regulatoryActions.map { NameFolding.fold($0.phrase) })
    }

    static let connectorsOf: Set<String> = ["of", "for", "on"]
    static let nameParticles: Set<String> = ["de", "du", "des", "van", "von", "der", "den", "di", "da", "la", "le", "bin", "al"]
    static let governmentTails: Set<String> = ["government", "administration", "authorities", "regulators", "regulator"]

    /// True for a headline-style sentence where capitals do not mark names.
    /// A headline needs most of its longer words capitalised; running text needs all of them.
    static func isTitleCase(_ tokens: [Token], headline: Bool = true) -> Bool {
        var content = 0, caps = 0
        for t in tokens where t.range.count >= 4 && t.first.contains(.letter) {
            content += 1
            if t.first.contains(.upper) { caps += 1 }
        }
        guard content >= 3 else { return false }
        return Double(caps) / Double(content) >= (headline ? 0.7 : 1.0)
    }

    /// What the word lists say of a sentence's words: a name's candidates overlap, so each
    /// word is looked up at most once.
    private struct WordFacts {
        let tokens: [Token]
        let lexicon: Lexicon
        /// Per token: bit 0 set when `nonEntity` is known, bit 1 its value; bits 2 and 3 the
        /// same for `demonym`.
        private var known: [UInt8]

        init(_ tokens: [Token], lexicon: Lexicon) {
            self.tokens = tokens
            self.lexicon = lexicon
            known = [UInt8](repeating: 0, count: tokens.count)
        }

        /// A demonym ("Chinese"), which stands for its country.
        mutating func isDemonym(_ j: Int) -> Bool {
            if known[j] & 4 != 0 { return known[j] & 8 != 0 }
            let value = lexicon.demonyms[tokens[j].folded] != nil
            known[j] |= value ? 12 : 4
            return value
        }

        /// A sentence opener, month, demonym or number: no name on its own.
        mutating func isNonEntity(_ j: Int) -> Bool {
            if known[j] & 1 != 0 { return known[j] & 2 != 0 }
            let t = tokens[j]
            let value = lexicon.nonEntities.contains(t.folded) || isDemonym(j) || t.first.contains(.number) && t.text.allSatisfy { $0.isNumber }
            known[j] |= value ? 3 : 1
            return value
        }
    }

    /// First pass over a sentence: registers what it names and returns the mentions.
    func mentions(in sentence: Sentence, chars: SentenceText, tokens: [Token], titleCase: Bool,
                  commonWords: Set<String>, capitalizedMidSentence: Set<String>, table: inout EntityTable) -> [Mention] {
        var found: [Mention] = []
        var blocked = [Bool](repeating: false, count: chars.count)

        for link in sentence.links.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            guard link.range.lowerBound >= 0, link.range.upperBound <= chars.count, !link.range.isEmpty else { continue }
            for i in link.range { blocked[i] = true }
            let text = chars.string(link.range).trimmedSpaces()
            var bare = text
            if bare.utf8.starts(with: "the ".utf8, by: { $0 | 0x20 == $1 }), bare.lowercased().hasPrefix("the ") { bare = String(bare.dropFirst(4)) }
            if listNames.contains(NameFolding.fold(bare)) || listNames.contains(NameFolding.fold(link.target)) { continue }
            guard let first = bare.first, first.isUppercase || first.isNumber || typer.lookup(link.target) != nil || Tokenizer.isHan(first.unicodeScalars.first!) else {
                continue   // a link to a concept ("[[strategic alliance]]")
            }
            let targetGuess = table.classify(link.target, by: typer)
            // "[[China]]": the same words need no second look.
            let textGuess = text.utf8.elementsEqual(link.target.utf8) ? targetGuess : table.classify(text, by: typer)
            var name = targetGuess?.canonical ?? link.target
            var guess = targetGuess
            // "[[Shanghai|Shanghai Municipal Government]]": the text names the body, the target its city.
            if let t = textGuess, t.kind != .place, targetGuess?.kind == .place || targetGuess == nil && NameFolding.key(text).count > NameFolding.key(link.target).count && NameFolding.key(text).contains(NameFolding.key(link.target)) {
                name = t.canonical
                guess = t
            }
            let possessive = followedByPossessive(chars, link.range.upperBound)
            let id = table.register(name: name, surface: text == name ? nil : bare, kind: guess?.kind, evidence: guess?.evidence, strength: guess?.evidence == .lexicon ? .canonical : .linkTarget,
                                    linked: true)
            found.append(Mention(range: link.range, entity: id, surface: text, possessive: possessive, linked: true))
        }

        if !titleCase {
            found += spans(chars: chars, tokens: tokens, blocked: blocked, commonWords: commonWords,
                            capitalizedMidSentence: capitalizedMidSentence, table: &table)
        }
        found.sort { $0.range.lowerBound < $1.range.lowerBound }
        found = absorbAcronyms(found, chars: chars, table: &table)
        found = mergeQualifiers(found, chars: chars, table: &table)
        attachAcronyms(found, chars: chars, table: &table)
        return found
    }

    private func followedByPossessive(_ chars: SentenceText, _ end: Int) -> Bool {
        end + 1 < chars.count && (chars[end] == "'" || chars[end] == "\u{2019}") && chars[end + 1] == "s"
            && (end + 2 >= chars.count || !chars.flags(end + 2).contains(.letter))
    }

    /// Separated by one space.
    private func adjacent(_ a: Token, _ b: Token, _ chars: SentenceText) -> Bool {
        !a.possessive && b.range.lowerBound == a.range.upperBound + 1 && chars[a.range.upperBound] == " "
    }

    /// Runs of capitalised words not inside a link.
    private func spans(chars: SentenceText, tokens: [Token], blocked: [Bool], commonWords: Set<String>,
                       capitalizedMidSentence: Set<String>, table: inout EntityTable) -> [Mention] {
        var out: [Mention] = []
        func free(_ t: Token) -> Bool { !t.range.contains { blocked[$0] } }
        var facts = WordFacts(tokens, lexicon: lexicon)
        var i = 0
        while i < tokens.count {
            guard tokens[i].isCapitalized, free(tokens[i]) else { i += 1; continue }
            var end = i
            var sawOf = false
            while end + 1 < tokens.count {
                let next = tokens[end + 1]
                guard free(next), adjacent(tokens[end], next, chars) else { break }
                if next.isCapitalized {
                    if next.text == "&" { break }
                    // "SenseTime 商汤科技": a change of script ends a name.
                    if tokens[end].first.contains(.han) != next.first.contains(.han) { break }
                    end += 1
                    continue
                }
                let word = next.lower
                // "Bureau of Industry and Security", "Center for a New American Security".
                if Self.connectorsOf.contains(word), typer.connectorHeads.contains(tokens[end].lower) {
                    var j = end + 2
                    while j < tokens.count, ["the", "a", "an"].contains(tokens[j].lower), adjacent(tokens[j - 1], tokens[j], chars) { j += 1 }
                    if j < tokens.count, tokens[j].isCapitalized, free(tokens[j]), adjacent(tokens[j - 1], tokens[j], chars), !facts.isNonEntity(j) || facts.isDemonym(j) {
                        end = j
                        sawOf = true
                        continue
                    }
                    break
                }
                if word == "and", end + 2 < tokens.count, tokens[end + 2].isCapitalized, adjacent(next, tokens[end + 2], chars) {
                    // "Securities and Exchange Commission": a known name with "and" inside.
                    var j = end + 2
                    var joined: Int?
                    while j < tokens.count, tokens[j].isCapitalized, j == end + 2 || adjacent(tokens[j - 1], tokens[j], chars) {
                        let candidate = tokens[i...j].map(\.text).joined(separator: " ")
                        if typer.lookup(candidate) != nil { joined = j }
                        j += 1
                    }
                    if let jj = joined { end = jj; continue }
                }
                if word == "and" || word == "&", sawOf || word == "&" {
                    let j = end + 2
                    if j < tokens.count, tokens[j].isCapitalized, free(tokens[j]), adjacent(next, tokens[j], chars) {
                        let runContinues = j + 1 < tokens.count && tokens[j + 1].isCapitalized && adjacent(tokens[j], tokens[j + 1], chars)
                        if !runContinues || word == "&" { end = j; continue }
                    }
                    break
                }
                if Self.nameParticles.contains(word), end + 2 < tokens.count, tokens[end + 2].isCapitalized,
                   adjacent(next, tokens[end + 2], chars), !facts.isNonEntity(end) {
                    end += 2
                    continue
                }
                break
            }
            var s = i, e = end
            // Leading sentence openers, months and titles are not part of a name.
            var personTitle = false
            while s <= e {
                let title = lexicon.personTitles.contains(tokens[s].text)
                guard facts.isNonEntity(s) || (title && s < e) else { break }
                if title { personTitle = true }
                if facts.isDemonym(s), s < e, !facts.isNonEntity(s + 1) {
                    // "Chinese Academy of Sciences": a demonym that starts a name stays.
                    if table.classify(tokens[s...e].map(\.text).joined(separator: " "), by: typer) != nil { break }
                }
                s += 1
            }
            // "Banned U.S. AI …", "Tightened US rules": ordinary words that open a sentence.
            if (0..<s).allSatisfy({ facts.isNonEntity($0) }) {
                while s < e, lexicon.commonWords.contains(tokens[s].lower), !capitalizedMidSentence.contains(tokens[s].text),
                      typer.lookup(tokens[s...e].map(\.text).joined(separator: " ")) == nil {
                    s += 1
                }
            }
            while e >= s, facts.isNonEntity(e), !lexicon.companyHeads.contains(tokens[e].lower) { e -= 1 }
            // "AI Giant": a descriptor whose only remaining word is an ordinary one.
            if s == e, s > i, lexicon.commonWords.contains(tokens[s].lower), typer.lookup(tokens[s].text) == nil { i = end + 1; continue }
            i = end + 1
            guard s <= e else { continue }
            if (s...e).allSatisfy({ facts.isNonEntity($0) }) { continue }
            // "North American": an adjective phrase, not a name.
            if facts.isDemonym(e) && e == end { continue }
            // A capitalised first word of a sentence that the document also writes in lower case.
            if s == e, (0..<s).allSatisfy({ facts.isNonEntity($0) }) {
                let word = tokens[s].text
                let lower = tokens[s].lower
                let ordinary = commonWords.contains(lower) || lexicon.commonWords.contains(lower) || lower.hasSuffix("ing") && lower.count > 5
                if ordinary, !capitalizedMidSentence.contains(word), typer.lookup(word) == nil,
                   table.keys[NameFolding.key(word)] == nil { continue }
            }
            var range = tokens[s].range.lowerBound..<tokens[e].range.upperBound
            var text = chars.string(range)
            // "the Entity List": a list a state body keeps, named in the action, not an entity.
            if listNames.contains(NameFolding.fold(text)) { continue }
            var guess = table.classify(text, by: typer)
            // "U.S. government", "Chinese authorities": a country and the word for its state.
            if e + 1 < tokens.count, adjacent(tokens[e], tokens[e + 1], chars),
               Self.governmentTails.contains(tokens[e + 1].lower) {
                let extended = text + " " + tokens[e + 1].text
                if let g = table.classify(extended, by: typer), g.kind == .government {
                    range = range.lowerBound..<tokens[e + 1].range.upperBound
                    text = extended
                    guess = g
                    i = max(i, e + 2)
                }
            }
            if guess == nil, s == e, facts.isDemonym(s) { continue }
            let kind = guess?.kind ?? (personTitle && table.isPersonShaped(text, by: typer) ? .person : nil)
            let id = table.register(name: guess?.canonical ?? text, surface: text, kind: kind,
                                    evidence: guess?.evidence ?? (kind == nil ? nil : .shape),
                                    strength: guess?.evidence == .lexicon ? .canonical : .surface)
            out.append(Mention(range: range, entity: id, surface: text, possessive: tokens[e].possessive, linked: false))
        }
        return out
    }

    /// "[[Hong Kong Science and Technology Parks Corporation]] (HKSTP)": the acronym in
    /// parentheses is another name for the mention before it, not a mention of its own.
    private func absorbAcronyms(_ mentions: [Mention], chars: SentenceText, table: inout EntityTable) -> [Mention] {
        var out: [Mention] = []
        for m in mentions {
            if let prev = out.last, !prev.possessive, m.range.upperBound < chars.count, chars[m.range.upperBound] == ")",
               let inner = Self.parenthetical(after: prev.range.upperBound, in: chars), inner == m.range,
               Self.isAcronym(m.surface) || m.surface.unicodeScalars.contains(where: Tokenizer.isHan) {
                if table.find(m.entity) != table.find(prev.entity) {
                    if table.mentionCounts[table.find(m.entity)] <= 1 && table.entity(m.entity).kind == nil {
                        table.merge(m.entity, into: prev.entity)
                    } else {
                        table.addAlias(m.surface, to: prev.entity)
                    }
                }
                continue
            }
            out.append(m)
        }
        return out
    }

    /// "the United States [[Bureau of Industry and Security]]": the country qualifies the body.
    private func mergeQualifiers(_ mentions: [Mention], chars: SentenceText, table: inout EntityTable) -> [Mention] {
        var out: [Mention] = []
        var skip = false
        for (i, m) in mentions.enumerated() {
            if skip { skip = false; continue }
            if i + 1 < mentions.count, !m.possessive,
               mentions[i + 1].range.lowerBound == m.range.upperBound + 1, chars[m.range.upperBound] == " ",
               typer.country(m.surface) != nil, let k = table.entity(mentions[i + 1].entity).kind, k == .government || k == .organization {
                var next = mentions[i + 1]
                let combined = m.surface + " " + next.surface
                table.addAlias(combined, to: next.entity)
                next.range = m.range.lowerBound..<next.range.upperBound
                next.surface = combined
                out.append(next)
                skip = true
                continue
            }
            out.append(m)
        }
        return out
    }

    /// "[[Chinese University of Hong Kong]] (CUHK)": the parenthesis is another name for it.
    private func attachAcronyms(_ mentions: [Mention], chars: SentenceText, table: inout EntityTable) {
        for m in mentions {
            guard let inner = Self.parenthetical(after: m.range.upperBound, in: chars) else { continue }
            let text = chars.string(inner)
            if Self.isAcronym(text) || text.unicodeScalars.contains(where: Tokenizer.isHan) {
                table.addAlias(text, to: m.entity)
            }
        }
    }

    static func parenthetical(after end: Int, in chars: SentenceText) -> Range<Int>? {
        var i = end
        while i < chars.count, chars[i] == " " { i += 1 }
        guard i < chars.count, chars[i] == "(" else { return nil }
        guard let close = ((i + 1)..<min(chars.count, i + 41)).first(where: { chars[$0] == ")" }) else { return nil }
        return (i + 1)..<close
    }

    static func isAcronym(_ text: String) -> Bool {
        let utf8 = text.utf8
        // In ASCII (no "\r\n") a character is a byte.
        if utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
            guard (2...12).contains(utf8.count) else { return false }
            var upper = 0
            for b in utf8 {
                switch b {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): upper += 1
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "&"), UInt8(ascii: "."), UInt8(ascii: "-"): break
                default: return false
                }
            }
            return upper >= 2
        }
        guard (2...12).contains(text.count), !text.contains(" ") else { return false }
        let upper = text.filter(\.isUppercase).count
        return upper >= 2 && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "&" || $0 == "." || $0 == "-" }
    }
}
