import Foundation

/// A name with the other names it goes by, as the lexicon's `Canonical | alias | …` lines give it.
public struct LexiconName: Hashable, Sendable {
    public var canonical: String
    public var aliases: [String]
}

/// A stock exchange: how infobox ticker templates and text refer to it.
public struct Exchange: Hashable, Sendable {
    public var name: String
    /// Ticker prefix, e.g. "HKEX" in "HKEX: 0020".
    public var prefix: String
    /// Digits-only symbols are zero-padded to this width (0: as written).
    public var symbolWidth: Int
    public var templateNames: [String]
    public var aliases: [String]
}

/// A phrase that names a regulatory action, the label written to the edge's `action`, and the
/// event kind it makes.
public struct ActionTrigger: Hashable, Sendable {
    public var phrase: String
    public var action: String
    public var eventKind: String
}

/// Why the lexicon could not be loaded: a packaging error, reported with the file at fault.
public enum LexiconError: Error, CustomStringConvertible, Sendable {
    case missingDirectory
    case unreadable(file: String, reason: String)
    case malformed(file: String, line: Int, text: String)

    public var description: String {
        switch self {
        case .missingDirectory: return "the Lexicon resource folder is missing from the KGExtraction bundle"
        case .unreadable(let f, let r): return "Lexicon/\(f): \(r)"
        case .malformed(let f, let l, let t): return "Lexicon/\(f):\(l): cannot read \"\(t)\""
        }
    }
}

/// The word lists the rules read (see `Lexicon/README.md`). Loaded once; immutable. A class, so
/// that the many values holding it share one copy instead of retaining every list on each copy.
public final class Lexicon: Sendable {
    public let companySuffixes: Set<String>
    public let companyHeads: Set<String>
    public let organizationHeads: [String]
    public let governmentHeads: [String]
    public let governmentBodies: [LexiconName]
    public let countries: [LexiconName]
    /// Folded demonym → country canonical name.
    public let demonyms: [String: String]
    /// Country canonical name → its government's names.
    public let countryGovernments: [String: LexiconName]
    public let places: [LexiconName]
    public let publishers: [LexiconName]
    public let exchanges: [Exchange]
    /// Folded list name → keeper's canonical name.
    public let sanctionListKeepers: [String: String]
    public let personRoles: [String]
    public let personTitles: Set<String>
    public let nonEntities: Set<String>
    public let anaphora: [String]
    /// Nouns for bodies ("society", "club"): "the society" is the article's subject when its
    /// name holds the noun.
    public let bodyAnaphora: [String]
    /// "X's CEO", "X's shares": what follows a company's name in the possessive.
    public let companyPossessions: [String]
    /// "shares of X", "a stake in X": what comes before a company's name.
    public let companyPreceders: [String]
    public let partnershipNouns: [String]
    public let partnershipVerbs: [String]
    public let agreementVerbs: [String]
    public let jointBodies: [String]
    public let regulatoryActions: [ActionTrigger]
    public let regulatoryVerbs: [ActionTrigger]
    public let regulatoryNouns: [ActionTrigger]
    public let acquisitionVerbs: [String]
    public let investmentVerbs: [String]
    public let membershipPhrases: [String]
    public let foundingVerbs: [String]
    /// Event kind → trigger phrases, in file order.
    public let eventTriggers: [(kind: String, phrases: [String])]
    /// Infobox kind ("company") → the label of the article's subject.
    public let infoboxKinds: [String: EntityKind]
    /// Common English words, lower case (see common-words.txt).
    public let commonWords: Set<String>
    /// Frequency rank of each common word (0 = most frequent): rarer ones ("morris") are
    /// often surnames as well.
    public let commonWordRank: [String: Int]
    /// Infobox field name → its role (see infobox-fields.txt).
    public let infoboxFields: [String: String]
    /// Section title (lower case) → what its list items and table rows name: `acquisition`,
    /// `people`, `partner`, `subsidiary`.
    public let sectionKinds: [String: String]
    /// Section kind → the table column headers (lower case) that name a row's subject.
    public let tableColumns: [String: Set<String>]

    /// Single head words of organisations and state bodies ("conference", "university").
    public let bodyHeadWords: Set<String>
    /// Words of job titles that are never part of a name ("Corporate", "VP", "Directors"), folded.
    public let titleWords: Set<String>
    /// Descriptor nouns a capitalised run may swallow before a name ("MSP X", "Startup X"), folded.
    public let leadingDescriptors: Set<String>
    /// Head nouns of an appositive or copula that say what a name is: "startup" → company.
    public let descriptiveNouns: [(noun: String, kind: EntityKind)]
    /// Folded capital → country whose government it stands for in a regulator's slot.
    public let seatsOfGovernment: [String: String]

    /// The lexicon shipped in the package.
    public static let standard: Lexicon = {
        do { return try Lexicon.loadBundled() } catch { fatalError("kg: \(error)") }
    }()

    static func loadBundled() throws -> Lexicon {
        guard let url = Bundle.module.url(forResource: "Lexicon", withExtension: nil) else {
            throw LexiconError.missingDirectory
        }
        return try Lexicon(directory: url)
    }

    /// Each line (numbered from 1) with its comment cut and its spaces trimmed, the empty ones
    /// left out, where a line ends at each `Character` "\n" and a comment starts at the first
    /// `Character` "#" when it opens the line or follows a space. Read on bytes: the word list
    /// of common words split by `Character` was a tenth of a short ingest. A line feed byte is
    /// that `Character` unless a carriage return comes before it ("\r\n" is one `Character`); a
    /// line of ASCII bytes other than those has one `Character` a byte, and any other line is
    /// read by `Character` as before (a "#" followed by a combining mark is no "#").
    static func contentLines(_ bytes: UnsafeBufferPointer<UInt8>) -> [(Int, String)] {
        var out: [(Int, String)] = []
        var number = 0
        var start = 0
        for end in 0...bytes.count where end == bytes.count || (bytes[end] == 0x0A && (end == 0 || bytes[end - 1] != 0x0D)) {
            number += 1
            let raw = UnsafeBufferPointer(rebasing: bytes[start..<end])
            start = end + 1
            let line: String
            if raw.allSatisfy({ $0 < 0x80 }) {
                var cut = raw.count
                if let hash = raw.firstIndex(of: UInt8(ascii: "#")), hash == 0 || raw[hash - 1] == 0x20 { cut = hash }
                let isSpace = { (b: UInt8) in b == 0x20 || b == 0x09 }
                var (from, to) = (0, cut)
                while from < to, isSpace(raw[from]) { from += 1 }
                while to > from, isSpace(raw[to - 1]) { to -= 1 }
                line = String(decoding: UnsafeBufferPointer(rebasing: raw[from..<to]), as: UTF8.self)
            } else {
                var text = Substring(String(decoding: raw, as: UTF8.self))
                if let hash = text.firstIndex(of: "#"), hash == text.startIndex || text[text.index(before: hash)] == " " {
                    text = text[..<hash]
                }
                line = text.trimmedSpaces()
            }
            if !line.isEmpty { out.append((number, line)) }
        }
        return out
    }

    public init(directory: URL) throws {
        func lines(_ file: String) throws -> [(Int, String)] {
            let url = directory.appendingPathComponent(file)
            var text: String
            do { text = try String(contentsOf: url, encoding: .utf8) } catch {
                throw LexiconError.unreadable(file: file, reason: error.localizedDescription)
            }
            return text.withUTF8(Self.contentLines)
        }
        func words(_ file: String) throws -> [String] { try lines(file).map(\.1) }
        func names(_ file: String) throws -> [LexiconName] {
            try lines(file).map { _, line in
                let parts = line.split(separator: "|").map { $0.trimmedSpaces() }.filter { !$0.isEmpty }
                return LexiconName(canonical: parts[0], aliases: Array(parts.dropFirst()))
            }
        }
        func pairs(_ file: String) throws -> [(String, String)] {
            try lines(file).map { n, line in
                guard let eq = line.range(of: " = ") else { throw LexiconError.malformed(file: file, line: n, text: line) }
                return (String(line[..<eq.lowerBound]).trimmedSpaces(),
                        String(line[eq.upperBound...]).trimmedSpaces())
            }
        }
        func actions(_ file: String, splitKeys: Bool) throws -> [ActionTrigger] {
            var out: [ActionTrigger] = []
            for (key, value) in try pairs(file) {
                let parts = value.split(separator: ";").map { $0.trimmedSpaces() }
                let action = parts[0], kind = parts.count > 1 ? parts[1] : "other"
                let keys = splitKeys ? key.split(separator: ",").map { $0.trimmedSpaces() } : [key]
                for k in keys where !k.isEmpty { out.append(ActionTrigger(phrase: k, action: action, eventKind: kind)) }
            }
            return out.sorted { $0.phrase.count > $1.phrase.count }
        }

        companySuffixes = Set(try words("company-suffixes.txt").map { $0.lowercased() })
        companyHeads = Set(try words("company-heads.txt").map { $0.lowercased() })
        let organizationHeads = try words("organization-heads.txt")
        let governmentHeads = try words("government-heads.txt")
        self.organizationHeads = organizationHeads
        self.governmentHeads = governmentHeads
        bodyHeadWords = Set((organizationHeads + governmentHeads).filter { !$0.contains(" ") }.map { $0.lowercased() })
        governmentBodies = try names("government-bodies.txt")
        countries = try names("countries.txt")
        demonyms = Dictionary(try pairs("demonyms.txt").map { (NameFolding.fold($0.0), $0.1) }, uniquingKeysWith: { a, _ in a })
        var governments: [String: LexiconName] = [:]
        for (country, value) in try pairs("country-governments.txt") {
            let parts = value.split(separator: "|").map { $0.trimmedSpaces() }.filter { !$0.isEmpty }
            governments[country] = LexiconName(canonical: parts[0], aliases: Array(parts.dropFirst()))
        }
        countryGovernments = governments
        places = try names("places.txt")
        publishers = try names("publishers.txt")
        exchanges = try lines("exchanges.txt").map { n, line in
            let cols = line.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmedSpaces() }
            guard cols.count >= 3 else { throw LexiconError.malformed(file: "exchanges.txt", line: n, text: line) }
            let prefixParts = cols[1].split(separator: ":")
            let list: (String) -> [String] = { $0.split(separator: ",").map { $0.trimmedSpaces() }.filter { !$0.isEmpty } }
            return Exchange(name: cols[0], prefix: String(prefixParts[0]),
                            symbolWidth: prefixParts.count > 1 ? Int(prefixParts[1]) ?? 0 : 0,
                            templateNames: list(cols[2]).map { $0.lowercased() },
                            aliases: cols.count > 3 ? list(cols[3]) : [])
        }
        sanctionListKeepers = Dictionary(try pairs("sanction-lists.txt").map { (NameFolding.fold($0.0), $0.1) }, uniquingKeysWith: { a, _ in a })
        personRoles = try words("person-roles.txt").sorted { $0.count > $1.count }
        personTitles = Set(try words("person-titles.txt"))
        nonEntities = Set(try words("non-entities.txt").map { NameFolding.fold($0) })
        anaphora = try words("anaphora.txt").map { $0.lowercased() }.sorted { $0.count > $1.count }
        bodyAnaphora = try words("body-anaphora.txt").map { $0.lowercased() }
        companyPossessions = try words("company-possessions.txt").map { $0.lowercased() }.sorted { $0.count > $1.count }
        companyPreceders = try words("company-preceders.txt").map { $0.lowercased() }.sorted { $0.count > $1.count }
        partnershipNouns = try words("partnership-nouns.txt").sorted { $0.count > $1.count }
        partnershipVerbs = try words("partnership-verbs.txt").sorted { $0.count > $1.count }
        agreementVerbs = try words("agreement-verbs.txt").sorted { $0.count > $1.count }
        jointBodies = try words("joint-bodies.txt").sorted { $0.count > $1.count }
        regulatoryActions = try actions("regulatory-actions.txt", splitKeys: false)
        regulatoryVerbs = try actions("regulatory-verbs.txt", splitKeys: true)
        regulatoryNouns = try actions("regulatory-nouns.txt", splitKeys: false)
        acquisitionVerbs = try words("acquisition-verbs.txt").sorted { $0.count > $1.count }
        investmentVerbs = try words("investment-verbs.txt").sorted { $0.count > $1.count }
        membershipPhrases = try words("membership-phrases.txt").sorted { $0.count > $1.count }
        foundingVerbs = try words("founding-verbs.txt").sorted { $0.count > $1.count }
        let commonList = try words("common-words.txt")
        commonWords = Set(commonList)
        commonWordRank = Dictionary(commonList.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        titleWords = Set(try words("title-words.txt").map { NameFolding.fold($0) })
        leadingDescriptors = Set(try words("leading-descriptors.txt").map { NameFolding.fold($0) })
        seatsOfGovernment = Dictionary(try pairs("seats-of-government.txt").map { (NameFolding.fold($0.0), $0.1) }, uniquingKeysWith: { a, _ in a })
        descriptiveNouns = try pairs("descriptive-nouns.txt").compactMap { noun, kind in
            EntityKind.allCases.first { $0.rawValue.lowercased() == kind.lowercased() }.map { (noun.lowercased(), $0) }
        }.sorted { $0.noun.count > $1.noun.count }
        infoboxKinds = try pairs("infobox-kinds.txt").reduce(into: [:]) { out, pair in
            if let kind = EntityKind(rawValue: pair.1) { out[pair.0.lowercased()] = kind }
        }
        sectionKinds = Dictionary(try pairs("section-kinds.txt").map { ($0.0.lowercased(), $0.1) }, uniquingKeysWith: { a, _ in a })
        tableColumns = try pairs("table-columns.txt").reduce(into: [:]) { out, pair in
            out[pair.0, default: []].formUnion(pair.1.split(separator: ",").map { $0.trimmedSpaces().lowercased() }.filter { !$0.isEmpty })
        }
        infoboxFields = Dictionary(try pairs("infobox-fields.txt").map { ($0.0.lowercased(), $0.1) }, uniquingKeysWith: { a, _ in a })
        eventTriggers = try pairs("event-triggers.txt").map { kind, list in
            (kind, list.split(separator: ",").map { $0.trimmedSpaces() }.filter { !$0.isEmpty })
        }
    }
}
