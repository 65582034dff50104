import Foundation
import KGDocuments

/// Turns a `Document` into candidate facts with their evidence: infobox fields, sentence
/// patterns, categories, and a news item's front matter. Pure: a document in, values out.
public struct Extractor: Sendable {
    public let lexicon: Lexicon
    let typer: EntityTyper
    let finder: MentionFinder
    let boundaries: MentionBoundaries
    let appositives: AppositiveTyping
    let dateFinder: DateFinder
    let rules: SentenceRules
    let infobox: InfoboxRules
    /// Folded publisher names and aliases → canonical name (the first entry wins).
    let publisherByKey: [String: String]
    /// The lexicon's anaphoric phrases, as text and characters.
    let anaphora: [Anaphor]
    /// The lexicon's body nouns, each with its phrase "the <noun>".
    let bodyAnaphora: [(noun: String, phrase: Anaphor)]

    struct Anaphor {
        var bytes: [UInt8]
        var chars: [Character]
        /// `BytePairs` hashes of the phrase's byte pairs.
        var pairs: [Int]

        init(_ phrase: String) {
            bytes = Array(phrase.utf8)
            chars = Array(phrase)
            pairs = BytePairs.hashes(bytes)
        }
    }

    public init(lexicon: Lexicon = .standard) {
        self.lexicon = lexicon
        typer = EntityTyper(lexicon: lexicon)
        finder = MentionFinder(typer: typer)
        boundaries = MentionBoundaries(typer: typer)
        appositives = AppositiveTyping(lexicon: lexicon)
        dateFinder = DateFinder()
        rules = SentenceRules(typer: typer)
        infobox = InfoboxRules(typer: typer, dateFinder: dateFinder)
        var publishers: [String: String] = [:]
        for p in lexicon.publishers {
            for name in [p.canonical] + p.aliases where publishers[NameFolding.key(name)] == nil { publishers[NameFolding.key(name)] = p.canonical }
        }
        publisherByKey = publishers
        anaphora = lexicon.anaphora.filter { !$0.isEmpty }.map(Anaphor.init)
        bodyAnaphora = lexicon.bodyAnaphora.map { ($0, Anaphor("the " + $0)) }
    }

    /// A sentence after the first pass.
    struct Pass1 {
        var sentence: Sentence
        var chars: SentenceText
        var tokens: [Token]
        var titleCase: Bool
        var mentions: [Mention]
    }

    public func extract(_ document: Document) -> Extraction {
        var table = EntityTable(suffixes: lexicon.companySuffixes, heads: lexicon.bodyHeadWords)
        var out = Extraction(path: document.path, format: document.format)
        var relations: [ExtractedRelation] = []
        var properties: [ExtractedProperty] = []
        var events: [ExtractedEvent] = []

        // The article's subject, from its title and infobox.
        var subject: Int?
        if document.format == .wikitext, let title = document.title ?? document.infoboxes.first?["name"]?.text, !title.isEmpty {
            let kind = subjectKind(document)
            subject = table.register(name: title, kind: kind, evidence: kind == nil ? nil : .infobox, strength: .canonical,
                                     subject: true)
            for t in document.templates where t.name == "chinese" || t.name == "zh" || t.name == "chinese name" {
                for key in ["s", "t", "c", "p", "j", "tr"] { if let v = t[key]?.text, !v.isEmpty { table.addAlias(v, to: subject!) } }
            }
            if let box = document.infoboxes.first, let n = box["name"]?.text, !n.isEmpty, n != title { table.addAlias(n, to: subject!) }
            if let short = shortName(table.entity(subject!).name, kind: kind) { table.addAlias(short, to: subject!) }
        }
        if let s = subject {
            let facts = infobox.extract(document, subject: s, table: &table)
            relations += facts.relations
            properties += facts.properties
            events += facts.events
        }

        // News items: the front matter's text is the document's text.
        var sentences = document.sentences
        if document.format == .news, let news = document.news, !sentences.contains(where: { $0.origin == .title }) {
            sentences = Self.frontMatterSentences(news) + sentences
        }

        // Pass 1: names.
        var pass: [Pass1] = []
        var suppressed = Set<Int>()
        // Words the document writes in lower case: a capitalised sentence opener among them is
        // an ordinary word ("Innovation drives …"), not a name.
        var commonWords = Set<String>(minimumCapacity: 512)
        var capitalizedMidSentence = Set<String>(minimumCapacity: 128)
        var tokenized: [(chars: SentenceText, tokens: [Token], titleCase: Bool)] = []
        tokenized.reserveCapacity(sentences.count)
        for sentence in sentences {
            let chars = SentenceText(sentence.text)
            let tokens = Tokenizer.tokenize(chars)
            let headline = MentionFinder.isTitleCase(tokens, headline: sentence.origin != .body)
            for (i, t) in tokens.enumerated() {
                if t.first.contains(.lower) { commonWords.insert(t.text) }
                else if i > 0, !headline, t.isCapitalized { capitalizedMidSentence.insert(t.text) }
            }
            tokenized.append((chars, tokens, headline))
        }
        for (sentence, t) in zip(sentences, tokenized) {
            let (chars, tokens, titleCase) = t
            let found = finder.mentions(in: sentence, chars: chars, tokens: tokens, titleCase: titleCase, commonWords: commonWords,
                                        capitalizedMidSentence: capitalizedMidSentence, table: &table)
            let mentions = boundaries.adjust(found, chars: chars, capitalizedMidSentence: capitalizedMidSentence, table: &table)
            appositives.apply(mentions, chars: chars, table: &table)
            suppressed.formUnion(partOfMentions(mentions, chars: chars, table: table))
            pass.append(Pass1(sentence: sentence, chars: chars, tokens: tokens, titleCase: titleCase, mentions: mentions))
        }
        table.mergeTypos()
        for i in pass.indices where pass[i].titleCase {
            pass[i].mentions = boundaries.coordinated(gazetteerMentions(pass[i], table: &table), tokens: pass[i].tokens, chars: pass[i].chars, table: &table)
        }

        // Pass 2: facts.
        let published = document.news?.published
        var previousDate: String? = published.map { String($0.prefix(10)) }
        var lastSection: [String] = []
        var sectionYear: String?
        var lastSubject: Int?
        var lastOrigin: Int = -1
        var mentionsByOrigin: [Int: [Int]] = [:]   // -1: the document itself; i: related article i
        for p in pass {
            let originGroup: Int
            switch p.sentence.origin {
            case .relatedTitle(let i), .relatedExcerpt(let i): originGroup = i
            default: originGroup = -1
            }
            // A related article is dated by its own publication day, not the main item's.
            let originPublished = originGroup >= 0 ? (document.news?.related[originGroup].published ?? published) : published
            if originGroup != lastOrigin {
                lastSubject = nil
                lastOrigin = originGroup
                if let d = originPublished { previousDate = String(d.prefix(10)) }
            }
            if p.sentence.sections != lastSection {
                lastSection = p.sentence.sections
                sectionYear = p.sentence.sections.reversed().lazy.compactMap(DateFinder.headingYear).first
                if let y = sectionYear { previousDate = y }
            }
            let headingYear = sectionYear
            let contextYear = headingYear ?? previousDate.map { String($0.prefix(4)) } ?? originPublished.map { String($0.prefix(4)) }
            var analyzed = analyze(p, table: &table, documentSubject: subject, lastSubject: lastSubject)
            analyzed.dates = dateFinder.dates(in: analyzed.masked, contextYear: contextYear, previous: previousDate, published: originPublished)
            analyzed.fallbackDate = headingYear
            analyzed.published = originPublished
            analyzed.isNews = document.format == .news
            analyzed.excluded = Set(suppressed.map(table.find))
            let found = rules.apply(analyzed, table: &table)
            relations += found.relations
            events += found.events
            if let last = analyzed.dates.last?.iso { previousDate = last }
            let ids = analyzed.mentions.filter { !$0.isAnaphor }.map { table.find($0.entity) }
            mentionsByOrigin[originGroup, default: []] += ids
            if let first = analyzed.mentions.map({ table.find($0.entity) }).first(where: {
                let k = table.entity($0).kind
                return k == .company || k == .organization || (k == nil && !table.isPersonShaped(table.entity($0).name, by: typer))
            }) { lastSubject = first }
        }

        // Categories.
        if let s = subject {
            let cat = infobox.categories(document, subject: s, table: &table, haveFounded: properties.contains { $0.key == "founded" })
            relations += cat.relations
            properties += cat.properties
            events += cat.events.filter { e in !events.contains { $0.kind == e.kind && ($0.date ?? "").hasPrefix(e.date ?? "-") } }
        }

        // The document as a node.
        var docFacts = DocumentFacts(title: document.title ?? document.news?.title, url: document.news?.url,
                                     published: document.news?.published)
        var related: [DocumentFacts] = []
        if let news = document.news {
            if let publisher = news.publisher, !publisher.isEmpty { docFacts.publisher = publisherEntity(publisher, table: &table) }
            docFacts.topics = news.topics.filter { !$0.isEmpty }.map {
                table.register(name: $0, kind: .topic, evidence: .lexicon, strength: .canonical, count: false)
            }
            for (i, r) in news.related.enumerated() {
                var facts = DocumentFacts(title: r.title, url: r.url, published: r.published)
                if let p = r.publisher, !p.isEmpty { facts.publisher = publisherEntity(p, table: &table) }
                facts.mentions = mentionsByOrigin[i] ?? []
                related.append(facts)
            }
        }
        docFacts.mentions = mentionsByOrigin[-1] ?? []

        // Keep what the facts use, and named things whose kind is known.
        var keep = Set<Int>()
        for r in relations { keep.insert(table.find(r.subject)); keep.insert(table.find(r.object)) }
        for e in events { e.participants.forEach { keep.insert(table.find($0)) } }
        for p in properties { keep.insert(table.find(p.entity)) }
        if let s = subject { keep.insert(table.find(s)) }
        for d in [docFacts] + related {
            if let publisher = d.publisher { keep.insert(table.find(publisher)) }
            d.topics.forEach { keep.insert(table.find($0)) }
        }
        let suppressedRoots = Set(suppressed.map(table.find))
        for id in (mentionsByOrigin.values.flatMap { $0 }) {
            let root = table.find(id)
            let e = table.entity(root)
            guard let kind = e.kind, !suppressedRoots.contains(root) else { continue }
            if kind == .place && !e.isLinked { continue }
            keep.insert(root)
        }
        var newIndex: [Int: Int] = [:]
        for root in table.roots where keep.contains(root) {
            newIndex[root] = out.entities.count
            out.entities.append(table.entities[root])
        }
        func map(_ i: Int) -> Int? { newIndex[table.find(i)] }
        func dedupe(_ ids: [Int]) -> [Int] {
            var seen: [Int] = []
            for id in ids.compactMap(map) where !seen.contains(id) { seen.append(id) }
            return seen
        }
        var seenRelations = Set<String>()
        for var r in relations {
            guard let s = map(r.subject), let o = map(r.object), s != o else { continue }
            r.subject = s
            r.object = o
            let key = "\(s)|\(r.type)|\(o)|\(r.qualifiers["action"] ?? "")|\(r.evidence.extractor)|\(r.date ?? "")"
            if seenRelations.insert(key).inserted { out.relations.append(r) }
        }
        for var p in properties {
            guard let e = map(p.entity) else { continue }
            p.entity = e
            out.properties.append(p)
        }
        for var e in EventMerging.merge(events, find: { table.find($0) }) {
            e.participants = dedupe(e.participants)
            if !e.participants.isEmpty { out.events.append(e) }
        }
        docFacts.publisher = docFacts.publisher.flatMap(map)
        docFacts.topics = dedupe(docFacts.topics)
        docFacts.mentions = dedupe(docFacts.mentions)
        out.document = docFacts
        out.related = related.map { r in
            var r = r
            r.publisher = r.publisher.flatMap(map)
            r.mentions = dedupe(r.mentions)
            return r
        }
        out.subject = subject.flatMap(map)
        return out
    }

    // MARK: Pieces

    func subjectKind(_ document: Document) -> EntityKind? {
        for box in document.infoboxes {
            if let k = lexicon.infoboxKinds[box.kind.lowercased()] { return k }
            let words = box.kind.lowercased().split(separator: " ")
            if let last = words.last, let k = lexicon.infoboxKinds[String(last)] { return k }
        }
        if let box = document.infoboxes.first, box["traded_as"] != nil || box["founder"] != nil || box["industry"] != nil { return .company }
        return nil
    }

    /// "Acme Robotics" is "Acme" in its own article: the name without trailing company head
    /// words, when what is left is one distinctive word (not a common word or a place).
    func shortName(_ name: String, kind: EntityKind?) -> String? {
        // A person's article calls its subject by the surname: "Harold Vance" is "Vance".
        if kind == .person {
            let base = name.split(separator: "(").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? name
            let words = base.split(separator: " ").map(String.init).filter { !["jr.", "sr.", "jr", "sr", "ii", "iii"].contains($0.lowercased()) }
            guard words.count >= 2, let last = words.last, last.count >= 3, last.first?.isUppercase == true, !last.hasSuffix("."),
                  (lexicon.commonWordRank[last.lowercased()] ?? Int.max) > 3000, typer.lookup(last) == nil, typer.country(last) == nil else { return nil }
            return last
        }
        guard kind == .company || kind == nil else { return nil }
        var words = name.split(separator: " ").map(String.init)
        guard words.count >= 2, !name.contains("(") else { return nil }
        let heads = lexicon.companyHeads.union(lexicon.companySuffixes)
        // "Acme Analytics, Inc.": the comma and period are no part of the head words.
        words = words.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ",")) }
        while words.count > 1, heads.contains(words.last!.lowercased()) || heads.contains(words.last!.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "."))) { words.removeLast() }
        // "Corvane Data": a two-word company name whose first word is no ordinary word, place or
        // nationality is called by that word alone.
        if words.count == 2, kind == .company, words[1].first?.isUppercase == true, !words[1].contains(where: \.isNumber) {
            words.removeLast()
        }
        guard words.count == 1, let w = words.first, w != name, w.count >= 4, w.first?.isUppercase == true,
              !w.contains(where: \.isNumber), !w.hasSuffix("."),
              !lexicon.commonWords.contains(w.lowercased()), typer.lookup(w) == nil, typer.country(w) == nil,
              lexicon.demonyms[NameFolding.fold(w)] == nil else { return nil }
        return w
    }

    func publisherEntity(_ written: String, table: inout EntityTable) -> Int {
        let canonical = publisherByKey[NameFolding.key(written)]
        let id = table.register(name: canonical ?? written, surface: written, kind: nil, evidence: nil,
                                strength: .canonical, count: false)
        table.addLabel(.publisher, to: id)
        return id
    }

    /// A news item's title, excerpt and related articles, as sentences (when the reader gave none).
    static func frontMatterSentences(_ news: NewsMetadata) -> [Sentence] {
        var out: [Sentence] = []
        if let t = news.title, !t.isEmpty { out.append(Sentence(text: t, line: 1, origin: .title)) }
        if let e = news.excerpt, !e.isEmpty { out += split(e).map { Sentence(text: $0, line: 1, origin: .excerpt) } }
        for (i, r) in news.related.enumerated() {
            if let t = r.title, !t.isEmpty { out.append(Sentence(text: t, line: 1, origin: .relatedTitle(index: i))) }
            if let e = r.excerpt, !e.isEmpty { out += split(e).map { Sentence(text: $0, line: 1, origin: .relatedExcerpt(index: i)) } }
        }
        return out
    }

    static func split(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        let chars = Array(text)
        for (i, c) in chars.enumerated() {
            current.append(c)
            if c == "." || c == "!" || c == "?", i + 2 < chars.count, chars[i + 1] == " ", chars[i + 2].isUppercase,
               !(current.count >= 2 && current.dropLast().last?.isUppercase == true && (current.count < 3 || current.dropLast(2).last == "." || current.dropLast(2).last == " ")) {
                out.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            }
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { out.append(current.trimmingCharacters(in: .whitespaces)) }
        return out
    }

    /// "the Department of Information Engineering at the [[Chinese University of Hong Kong]]": a
    /// part of an institution, not a body to file on its own.
    static let institutionParts: Set<String> = ["department", "school", "faculty", "laboratory", "lab", "college", "division", "unit", "centre", "center", "institute"]

    func partOfMentions(_ mentions: [Mention], chars: SentenceText, table: EntityTable) -> Set<Int> {
        var out = Set<Int>()
        for (i, m) in mentions.enumerated() where i + 1 < mentions.count && !m.linked {
            let first = NameFolding.spaceSeparated(NameFolding.key(m.surface)).first.map(String.init) ?? ""
            guard Self.institutionParts.contains(first) else { continue }
            let gap = chars.lowercased(m.range.upperBound..<mentions[i + 1].range.lowerBound)
            if Self.isAtOrOfGap(gap),
               let k = table.entity(mentions[i + 1].entity).kind, k == .organization || k == .company {
                out.insert(table.find(m.entity))
            }
        }
        return out
    }

    /// `^\s*(?:at|of)\s+(?:the\s+)?$` (ICU's `\s` is Unicode White_Space, which holds every
    /// line terminator `$` could stop before), without compiling a regular expression for
    /// every pair of mentions.
    static func isAtOrOfGap(_ gap: String) -> Bool {
        func isSpace(_ s: Unicode.Scalar) -> Bool { s.properties.isWhitespace }
        let u = Array(gap.unicodeScalars)
        var i = 0
        while i < u.count, isSpace(u[i]) { i += 1 }
        guard i + 2 <= u.count, (u[i] == "a" && u[i + 1] == "t") || (u[i] == "o" && u[i + 1] == "f") else { return false }
        i += 2
        var start = i
        while i < u.count, isSpace(u[i]) { i += 1 }
        guard i > start else { return false }
        if i == u.count { return true }
        guard i + 3 <= u.count, u[i] == "t", u[i + 1] == "h", u[i + 2] == "e" else { return false }
        i += 3
        start = i
        while i < u.count, isSpace(u[i]) { i += 1 }
        return i > start && i == u.count
    }

    /// A Title Case headline: only names the document or the word lists already know.
    func gazetteerMentions(_ p: Pass1, table: inout EntityTable) -> [Mention] {
        var out = p.mentions
        let occupied = out.map(\.range)
        func free(_ r: Range<Int>) -> Bool { !occupied.contains { $0.overlaps(r) } && !out.contains { $0.range.overlaps(r) } }
        var i = 0
        let tokens = p.tokens
        while i < tokens.count {
            var matched = false
            guard tokens[i].isCapitalized else { i += 1; continue }
            for n in stride(from: min(6, tokens.count - i), through: 1, by: -1) {
                let slice = tokens[i..<(i + n)]
                // Words of a name are separated by single spaces; a possessive ends it.
                var contiguous = true
                for j in slice.indices.dropLast() where tokens[j].possessive || tokens[j + 1].range.lowerBound != tokens[j].range.upperBound + 1 { contiguous = false }
                guard contiguous else { continue }
                let range = slice.first!.range.lowerBound..<slice.last!.range.upperBound
                guard free(range) else { continue }
                let text = p.chars.string(range)
                let key = NameFolding.key(text)
                if n == 1 && lexicon.nonEntities.contains(key) { continue }
                var id: Int?
                if let ids = table.keys[key], let first = ids.map(table.find).first(where: {
                    let k = table.entity($0).kind
                    return k != .topic && (table.mentionCounts[$0] > 0 || table.entity($0).isSubject)
                }) {
                    id = first
                } else if let g = typer.lookup(text), text.first?.isUppercase == true, text.count > 2 || text == text.uppercased() {
                    id = table.register(name: g.canonical, surface: text, kind: g.kind, evidence: g.evidence, strength: .canonical)
                }
                if let id {
                    out.append(Mention(range: range, entity: id, surface: text, possessive: slice.last!.possessive, linked: false))
                    i += n
                    matched = true
                    break
                }
            }
            if !matched { i += 1 }
        }
        return out.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// Runs of spaces as one, and no space before `,.;:`.
    static func tidySpaces(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: " ") {
                var j = i
                while j < bytes.count && bytes[j] == UInt8(ascii: " ") { j += 1 }
                // " {2,}" → " " first, then " ([,.;:])" → "$1".
                if j < bytes.count, [UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: ";"), UInt8(ascii: ":")].contains(bytes[j]) {
                    i = j
                    continue
                }
                out.append(b)
                i = j
                continue
            }
            out.append(b)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    static let maskOpen = Array("⟦".utf8), maskClose = Array("⟧".utf8)

    /// Second pass: anaphora resolved, mentions masked.
    func analyze(_ p: Pass1, table: inout EntityTable, documentSubject: Int?, lastSubject: Int?) -> AnalyzedSentence {
        var mentions = p.mentions
        let chars = p.chars
        // The sentence lower-cased: in ASCII text byte for byte, so positions stay character positions.
        let lowerText = chars.isASCII ? nil : p.sentence.text.lowercased()
        let lowerBytes = lowerText.map { Array($0.utf8) } ?? chars.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
        let pairs = BytePairs(lowerBytes)
        var present = anaphora.filter { pairs.mayContain($0.pairs) && RuleText.contains(lowerBytes, $0.bytes) }
        // "the society" in the Larkspur Society's article: the subject, named by the same noun.
        var subjectPhrases: [String] = []
        if let d = documentSubject {
            var words: Set<String>?
            for (noun, phrase) in bodyAnaphora where pairs.mayContain(phrase.pairs) && RuleText.contains(lowerBytes, phrase.bytes) {
                if words == nil { words = Set(NameFolding.fold(table.entity(d).name).split(separator: " ").map(String.init)) }
                if words!.contains(noun) {
                    subjectPhrases.append(String(phrase.chars))
                    present.append(phrase)
                }
            }
        }
        let lowerChars = present.isEmpty ? [] : lowerText.map(Array.init) ?? []
        let lowerCount = lowerText == nil ? lowerBytes.count : lowerChars.count
        func lowerIsLetter(_ i: Int) -> Bool {
            guard lowerText != nil else { return CharFlags.ascii[Int(lowerBytes[i])].contains(.letter) }
            return lowerChars[i].isLetter
        }
        func lowerString(_ r: Range<Int>) -> String {
            lowerText == nil ? String(decoding: lowerBytes[r], as: UTF8.self) : String(lowerChars[r])
        }
        func phrase(_ pc: Anaphor, at i: Int) -> Bool {
            guard lowerText != nil else { return pc.bytes.count == pc.chars.count && lowerBytes[i..<(i + pc.bytes.count)].elementsEqual(pc.bytes) }
            return lowerChars[i] == pc.chars[0] && lowerChars[i..<(i + pc.chars.count)].elementsEqual(pc.chars)
        }
        func isFree(_ r: Range<Int>) -> Bool { !mentions.contains { $0.range.overlaps(r) } }
        func wordBoundary(_ r: Range<Int>) -> Bool {
            (r.lowerBound == 0 || !lowerIsLetter(r.lowerBound - 1)) && (r.upperBound >= lowerCount || !lowerIsLetter(r.upperBound))
        }
        // Phrases like "the company" and the pronoun "it".
        var anaphors: [(Range<Int>, Bool, Bool)] = []   // range, companyOnly, possessive
        for pc in present {
            var i = 0
            while i + pc.chars.count <= lowerCount {
                if phrase(pc, at: i), wordBoundary(i..<(i + pc.chars.count)) {
                    let r = i..<(i + pc.chars.count)
                    let poss = r.upperBound + 1 < chars.count && (chars[r.upperBound] == "'" || chars[r.upperBound] == "’") && chars[r.upperBound + 1] == "s"
                    if isFree(r) && !anaphors.contains(where: { $0.0.overlaps(r) }) { anaphors.append((r, true, poss)) }
                    i += pc.chars.count
                } else { i += 1 }
            }
        }
        for t in p.tokens where t.text.utf8.count <= 3 && (t.lower == "it" || t.lower == "its") && isFree(t.range) && !anaphors.contains(where: { $0.0.overlaps(t.range) }) {
            anaphors.append((t.range, false, t.lower == "its"))
        }
        for (range, companyOnly, possessive) in anaphors.sorted(by: { $0.0.lowerBound < $1.0.lowerBound }) {
            var referent: Int?
            if let d = documentSubject, !subjectPhrases.isEmpty, range.upperBound <= lowerCount, subjectPhrases.contains(lowerString(range)) {
                mentions.append(Mention(range: range, entity: d, surface: chars.string(range), possessive: possessive, linked: false, isAnaphor: true))
                continue
            }
            // "A and its subsidiary B": "its" is A, the name right before "and".
            if !companyOnly, possessive, range.lowerBound >= 5, chars.string((range.lowerBound - 5)..<range.lowerBound) == " and ",
               let m = mentions.last(where: { $0.range.upperBound == range.lowerBound - 5 && !$0.isAnaphor }) {
                let id = table.find(m.entity)
                let k = table.kind(of: id).kind
                if k == .company || k == .organization || k == .government || (k == nil && !table.isPersonShaped(table.entities[id].name, by: typer)) {
                    mentions.append(Mention(range: range, entity: id, surface: chars.string(range), possessive: possessive, linked: false, isAnaphor: true))
                    continue
                }
            }
            for m in mentions where m.range.upperBound <= range.lowerBound && !m.isAnaphor {
                let id = table.find(m.entity)
                let k = table.kind(of: id).kind
                if companyOnly ? (k == .company || (k == nil && !table.isPersonShaped(table.entities[id].name, by: typer))) : (k == .company || k == .organization || k == .government || k == nil && !table.isPersonShaped(table.entities[id].name, by: typer)) {
                    referent = id
                    break
                }
            }
            if referent == nil { referent = documentSubject ?? lastSubject }
            guard let r = referent else { continue }
            mentions.append(Mention(range: range, entity: r, surface: chars.string(range), possessive: possessive, linked: false, isAnaphor: true))
        }
        mentions.sort { $0.range.lowerBound < $1.range.lowerBound }

        // Mask: "⟦k⟧" for each mention; asides in parentheses that name nothing are dropped.
        var masked: [UInt8] = []
        masked.reserveCapacity(chars.utf8.count + 8 * mentions.count)
        var i = 0
        var k = 0
        while i < chars.count {
            if k < mentions.count, mentions[k].range.lowerBound == i {
                masked.append(contentsOf: Self.maskOpen)
                masked.append(contentsOf: String(k).utf8)
                masked.append(contentsOf: Self.maskClose)
                let r = mentions[k].range
                if mentions[k].isAnaphor && mentions[k].possessive && !r.isEmpty && chars[r.upperBound - 1] == "s" && chars.lowercased(r) == "its" {
                    masked.append(contentsOf: "'s".utf8)
                }
                i = r.upperBound
                k += 1
                continue
            }
            let c = chars[i]
            if c == "(", let close = (i..<min(chars.count, i + 80)).first(where: { chars[$0] == ")" }),
               !mentions.contains(where: { $0.range.lowerBound > i && $0.range.lowerBound < close }) {
                i = close + 1
                continue
            }
            switch c {
            case let a? where a.isASCII: masked.append(a == "\t" || a == "\n" ? 0x20 : UInt8(a.value))
            case "\u{2019}"?, "\u{2018}"?: masked.append(UInt8(ascii: "'"))
            case "\u{201C}"?, "\u{201D}"?: masked.append(UInt8(ascii: "\""))
            case "\u{00A0}"?: masked.append(UInt8(ascii: " "))
            default: masked.append(contentsOf: chars.utf8[chars.byteRange(i..<(i + 1))])
            }
            i += 1
        }
        return AnalyzedSentence(sentence: p.sentence, masked: Self.tidySpaces(masked), mentions: mentions, dates: [], fallbackDate: nil,
                                documentSubject: documentSubject, published: nil, isNews: false)
    }
}

