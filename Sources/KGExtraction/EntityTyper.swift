import Foundation

/// What a name alone says about the thing it names: its canonical form and kind, from the word
/// lists first, then from its head word ("… University", "Ministry of …", "… Inc.").
/// A class: built once per extractor and shared, never copied.
public final class EntityTyper: Sendable {
    public struct Guess: Hashable, Sendable {
        public var canonical: String
        public var kind: EntityKind
        public var evidence: KindEvidence
        public var extraLabels: [EntityKind] = []
        /// Other names the word list gives for it.
        public var aliases: [String] = []
    }

    public let lexicon: Lexicon
    private let known: [String: Guess]
    /// Folded country names (→ canonical) and demonyms (→ country): what `country` answers.
    private let countryByKey: [String: String]
    /// The first words of `countryByKey`'s keys, and "the" (which a key drops): a name whose
    /// first word is none of them starts with no country.
    private let countryFirstWords: Set<String>
    /// Head phrases by their last word, longer phrases first.
    private let endHeadsByLast: [String: [(words: [String], kind: EntityKind)]]
    private let ofHeads: [String: EntityKind]       // head word before "of"/"for"
    /// Single words after which "of"/"for" continues a name.
    public let connectorHeads: Set<String>
    private let exchangeByTemplate: [String: Exchange]
    /// Folded exchange names and aliases.
    private let exchangeByKey: [String: Exchange]
    private let roleWords: Set<String>

    public init(lexicon: Lexicon) {
        self.lexicon = lexicon
        var known: [String: Guess] = [:]
        var countryKeys: [String: String] = [:]
        var ofHeads: [String: EntityKind] = [:]
        var exchangeByTemplate: [String: Exchange] = [:]
        var exchangeByKey: [String: Exchange] = [:]
        func add(_ name: String, _ guess: Guess) {
            let k = NameFolding.key(name)
            if known[k] == nil { known[k] = guess }
        }
        for entry in lexicon.governmentBodies {
            let g = Guess(canonical: entry.canonical, kind: .government, evidence: .lexicon, aliases: entry.aliases)
            for n in [entry.canonical] + entry.aliases { add(n, g) }
        }
        for (_, gov) in lexicon.countryGovernments {
            let g = Guess(canonical: gov.canonical, kind: .government, evidence: .lexicon, aliases: gov.aliases)
            for n in [gov.canonical] + gov.aliases { add(n, g) }
        }
        for entry in lexicon.exchanges {
            let g = Guess(canonical: entry.name, kind: .organization, evidence: .lexicon, aliases: entry.aliases)
            for n in [entry.name] + entry.aliases {
                add(n, g)
                let k = NameFolding.key(n)
                if exchangeByKey[k] == nil { exchangeByKey[k] = entry }
            }
            for t in entry.templateNames { exchangeByTemplate[t] = entry }
        }
        for entry in lexicon.publishers {
            // In running text a newspaper is an institution; as a news item's provider it is
            // also a Publisher (the news rules add that label).
            let g = Guess(canonical: entry.canonical, kind: .organization, evidence: .lexicon, aliases: entry.aliases)
            for n in [entry.canonical] + entry.aliases { add(n, g) }
        }
        for entry in lexicon.countries {
            let g = Guess(canonical: entry.canonical, kind: .place, evidence: .lexicon, aliases: entry.aliases)
            for n in [entry.canonical] + entry.aliases {
                add(n, g)
                countryKeys[NameFolding.key(n)] = entry.canonical
            }
        }
        for entry in lexicon.places {
            let g = Guess(canonical: entry.canonical, kind: .place, evidence: .lexicon, aliases: entry.aliases)
            for n in [entry.canonical] + entry.aliases { add(n, g) }
        }
        var heads: [(words: [String], kind: EntityKind)] = []
        var connectors = Set<String>()
        func register(_ list: [String], _ kind: EntityKind) {
            for h in list {
                if h.hasSuffix(" of") || h.hasSuffix(" for") {
                    let word = String(h.split(separator: " ").dropLast().joined(separator: " ")).lowercased()
                    if ofHeads[word] == nil { ofHeads[word] = kind }
                    connectors.insert(word)
                } else {
                    heads.append((h.lowercased().split(separator: " ").map(String.init), kind))
                    if !h.contains(" ") {
                        connectors.insert(h.lowercased())
                        if ofHeads[h.lowercased()] == nil { ofHeads[h.lowercased()] = kind }
                    }
                }
            }
        }
        register(lexicon.governmentHeads, .government)
        register(lexicon.organizationHeads, .organization)
        register(lexicon.companyHeads.sorted(), .company)
        // Longer heads first, so "Parks Corporation" beats "Corporation".
        let endHeads = heads.sorted { $0.words.count > $1.words.count }
        var byLast: [String: [(words: [String], kind: EntityKind)]] = [:]
        for h in endHeads { if let last = h.words.last { byLast[last, default: []].append(h) } }
        endHeadsByLast = byLast
        connectorHeads = connectors.filter { !lexicon.nonEntities.contains($0) }
        roleWords = Set(lexicon.personRoles.map { $0.lowercased() })
        self.known = known
        // A country's own name wins over a demonym written the same way.
        let countryByKey = lexicon.demonyms.merging(countryKeys) { _, country in country }
        self.countryByKey = countryByKey
        countryFirstWords = Set(countryByKey.keys.map { k in k.utf8.firstIndex(of: UInt8(ascii: " ")).map { String(k[..<$0]) } ?? k } + ["the"])
        self.ofHeads = ofHeads
        self.exchangeByTemplate = exchangeByTemplate
        self.exchangeByKey = exchangeByKey
    }

    /// The country a name or demonym stands for ("U.S." → "United States", "Chinese" → "China").
    public func country(_ name: String) -> String? { countryByKey[NameFolding.key(name)] }

    /// `country(name)` when `NameFolding.fold(name)` is `folded`.
    private func country(folded: String) -> String? { countryByKey[NameFolding.key(folded: folded)] }

    /// Whether a run of words starting with `word` may be a country's name: false when no
    /// country key starts with its folded first word.
    private func mayStartCountry(_ word: String) -> Bool {
        let f = NameFolding.fold(word)
        // Folded text has no leading space: a prefix of words folds to `f`, then a space and more.
        guard let space = f.utf8.firstIndex(of: UInt8(ascii: " ")) else { return f.isEmpty || countryFirstWords.contains(f) }
        return countryFirstWords.contains(String(f[..<space]))
    }

    /// The government of a country, as the word lists name it.
    public func government(of country: String) -> Guess {
        if let gov = lexicon.countryGovernments[country] {
            return Guess(canonical: gov.canonical, kind: .government, evidence: .lexicon, aliases: gov.aliases)
        }
        return Guess(canonical: "Government of \(country)", kind: .government, evidence: .shape)
    }

    public func exchange(template name: String) -> Exchange? { exchangeByTemplate[name.lowercased()] }

    public func exchange(named name: String) -> Exchange? {
        exchangeByKey[NameFolding.key(name)]
    }

    public func isExchange(_ name: String) -> Bool {
        let key = NameFolding.key(name)
        if exchangeByKey[key] != nil { return true }
        let words = key.split(separator: " ")
        return words.last == "exchange" || words.contains("nasdaq")
    }

    /// A word list's entry for exactly this name.
    public func lookup(_ name: String) -> Guess? { known[NameFolding.key(name)] }

    /// Is this (lower-cased) word a person's role ("professor", "chief executive")?
    public func isRole(_ phrase: String) -> Bool { roleWords.contains(phrase.lowercased()) }

    public func classify(_ rawName: String) -> Guess? {
        let name = rawName.trimmedSpaces()
        if name.isEmpty { return nil }
        if let g = known[NameFolding.key(name)] { return g }
        // A link target's disambiguator: "Xu Li (computer scientist)", "Axios (website)".
        if name.utf8.last == UInt8(ascii: ")"), name.hasSuffix(")"), let open = name.lastIndex(of: "(") {
            let inner = name[name.index(after: open)..<name.index(before: name.endIndex)].lowercased()
            let base = name[..<open].trimmedSpaces()
            if inner == "company" || inner == "corporation" || inner.hasSuffix(" company") {
                return Guess(canonical: name, kind: .company, evidence: .lexicon)
            }
            if ["website", "magazine", "newspaper", "news agency", "publisher", "organization", "organisation",
                "university", "think tank", "agency"].contains(inner) {
                return Guess(canonical: name, kind: .organization, evidence: .lexicon)
            }
            if roleWords.contains(inner) || inner.split(separator: " ").last.map({ roleWords.contains(String($0)) }) == true {
                return Guess(canonical: name, kind: .person, evidence: .lexicon)
            }
            if var g = classify(base) { g.canonical = name; return g }
            return nil
        }
        // "Austin, Texas", "Menlo Park, California": a place qualified by its state or country.
        if name.utf8.contains(UInt8(ascii: ",")), let comma = name.firstIndex(of: ",") {
            let head = name[..<comma].trimmedSpaces()
            let tail = name[name.index(after: comma)...].trimmedSpaces()
            let headWords = head.split(separator: " ")
            if !head.isEmpty, (1...3).contains(headWords.count), headWords.allSatisfy({ $0.first?.isUppercase == true && !$0.contains(where: \.isNumber) }),
               known[NameFolding.key(String(head))] == nil || known[NameFolding.key(String(head))]?.kind == .place,
               (known[NameFolding.key(String(tail))]?.kind == .place || country(String(tail)) != nil) {
                return Guess(canonical: name, kind: .place, evidence: .lexicon)
            }
        }
        let words = NameFolding.spaceSeparated(name).map(String.init)
        // "<country> government", "Chinese authorities", "U.S. administration".
        // The tails are nine letters or more, and lower-casing never lengthens what becomes ASCII.
        if words.count >= 2, let last = words.last, last.utf8.count >= 9,
           MentionFinder.governmentTails.contains(last.lowercased()),
           let c = country(words.dropLast().joined(separator: " ")) {
            var g = government(of: c)
            g.aliases.append(name)
            return g
        }
        // A country qualifier in front of a known body: "US Treasury", "United States Bureau of …".
        if words.count >= 2, mayStartCountry(words[0]) {
            for cut in 1..<min(words.count, 4) {
                let prefix = words[..<cut].joined(separator: " ")
                guard country(prefix) != nil else { continue }
                let rest = words[cut...].joined(separator: " ")
                if let g = known[NameFolding.key(rest)], g.kind == .government { return g }
            }
        }
        return classifyByHead(words)
    }

    /// Kind from the head word alone.
    public func classifyByHead(_ words: [String]) -> Guess? {
        var name: String { words.joined(separator: " ") }
        // "Ministry of Commerce", "University of Sydney", "Center for a New American Security".
        if let ofIndex = words.firstIndex(where: Self.isConnector), ofIndex > 0 {
            if let kind = ofHeads[Self.headForm(words[ofIndex - 1])] { return Guess(canonical: name, kind: kind, evidence: .shape) }
        }
        // Most names end in no head word: only then are the other words' head forms needed.
        guard let last = words.last, let candidates = endHeadsByLast[Self.headForm(last)] else { return nil }
        let lower = words.map(Self.headForm)
        for (headWords, kind) in candidates where headWords.count <= lower.count {
            if lower.suffix(headWords.count).elementsEqual(headWords) && (lower.count > headWords.count || kind == .government) {
                // "Government" alone is the article's own government, not a name.
                if lower.count == headWords.count { continue }
                // "U.S. AI", "Chinese Tech": a generic head word used as an adjective needs a real
                // name in front of it.
                let rest = words.dropLast(headWords.count)
                if kind == .company, ["ai", "tech", "technology", "cloud", "media"].contains(headWords.last!), rest.allSatisfy({ w in
                    let f = NameFolding.fold(String(w))
                    return lexicon.nonEntities.contains(f) || country(String(w)) != nil || lexicon.commonWords.contains(f)
                }) { continue }
                return Guess(canonical: name, kind: kind, evidence: .shape)
            }
        }
        return nil
    }

    /// `headForm(word)` is "of", "for" or "on": in ASCII without making the head form.
    static func isConnector(_ word: String) -> Bool {
        let utf8 = word.utf8
        // Most words start with a letter no connector starts with.
        if let b = utf8.first, b < 0x80, b | 0x20 != UInt8(ascii: "o"), b | 0x20 != UInt8(ascii: "f"),
           b != UInt8(ascii: "."), b != UInt8(ascii: ",") { return false }
        guard utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else {
            let h = headForm(word)
            return h == "of" || h == "for" || h == "on"
        }
        let trim: (UInt8) -> Bool = { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ",") }
        guard let first = utf8.firstIndex(where: { !trim($0) }), let last = utf8.lastIndex(where: { !trim($0) }) else { return false }
        let core = utf8[first...last]
        // The words are letters: `| 0x20` lower-cases them and nothing else becomes them.
        return connectors.contains { core.elementsEqual($0, by: { $0 | 0x20 == $1 }) }
    }

    private static let connectors: [[UInt8]] = ["of", "for", "on"].map { Array($0.utf8) }

    /// A word lower-cased without the periods and commas around it ("Inc." → "inc").
    static func headForm(_ word: String) -> String {
        let utf8 = word.utf8
        // ASCII: a character is a byte.
        if utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
            let trim: (UInt8) -> Bool = { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ",") }
            guard let first = utf8.firstIndex(where: { !trim($0) }), let last = utf8.lastIndex(where: { !trim($0) }) else { return "" }
            return Tokenizer.asciiLowercased(ArraySlice(utf8[first...last]))
        }
        var w = Substring(word.lowercased())
        while let c = w.first, c == "." || c == "," { w = w.dropFirst() }
        while let c = w.last, c == "." || c == "," { w = w.dropLast() }
        return String(w)
    }

    /// A capital first, no digit, and not three or more capitals and periods alone ("NASA",
    /// "U.S.A."). In ASCII (no "\r\n") a character is a byte.
    static func isCapitalizedWord(_ w: Substring) -> Bool {
        let utf8 = w.utf8
        guard utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else {
            guard let first = w.first, first.isUppercase else { return false }
            if w.contains(where: \.isNumber) { return false }
            return !(w.count > 2 && w.allSatisfy({ $0.isUppercase || $0 == "." }))
        }
        func isUpper(_ b: UInt8) -> Bool { b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") }
        guard let first = utf8.first, isUpper(first) else { return false }
        if utf8.contains(where: { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) { return false }
        return !(utf8.count > 2 && utf8.allSatisfy({ isUpper($0) || $0 == UInt8(ascii: ".") }))
    }

    /// Looks like a person's name: two to four capitalised words, no head word, not a known name.
    public func isPersonShaped(_ name: String) -> Bool {
        let base = name.hasSuffix(")") ? name[..<(name.lastIndex(of: "(") ?? name.endIndex)].trimmedSpaces() : name
        let words = NameFolding.spaceSeparated(base)
        guard (2...4).contains(words.count) else { return false }
        // Every test must pass: the ones on characters first, then those that look words up.
        for w in words where !Self.isCapitalizedWord(w) { return false }
        if known[NameFolding.key(base)] != nil || classifyByHead(words.map(String.init)) != nil { return false }
        for w in words {
            let folded = NameFolding.fold(String(w))
            if lexicon.nonEntities.contains(folded) { return false }
            if country(folded: folded) != nil { return false }
            if let g = known[NameFolding.key(folded: folded)], g.kind == .place { return false }
        }
        return true
    }
}
