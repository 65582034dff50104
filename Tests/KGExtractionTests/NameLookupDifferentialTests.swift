import Foundation
import XCTest
@testable import KGExtraction

/// The typer answers `country`, `classify` and `isPersonShaped` with fewer look-ups (one table
/// for countries and demonyms, a first-word test before trying country prefixes, each word
/// folded once). On many name-shaped texts each answer must equal the straightforward
/// definition, written here with the typer's public look-ups.
final class NameLookupDifferentialTests: XCTestCase {
    static let typer = EntityTyper(lexicon: .standard)

    /// Words that reach every branch: countries and demonyms (with "the"), bodies, head words,
    /// connectors, legal forms, roles in parentheses, punctuation that folding drops or splits on.
    static let tokens: [String] = [
        "United", "States", "U.S.", "US", "China", "Chinese", "People's", "Republic", "of", "the", "The", "THE", "Netherlands",
        "Hong", "Kong", "UK", "British", "American", "North", "South", "Korea", "Korean", "Japan", "Taiwan", "Germany", "German",
        "Department", "Commerce", "Treasury", "Ministry", "Bureau", "Industry", "and", "&", "Security", "Government", "government",
        "authorities", "administration", "regulators", "Commission", "Exchange", "Stock", "Nasdaq", "University", "Institute",
        "for", "on", "Center", "Inc.", "Ltd", "Corp.", "Group", "Holdings", "Co.", "AI", "Tech", "Technology", "Cloud", "Media",
        "Acme", "Globex", "Jane", "Roe", "Xu", "Li", "Zhang", "Wei", "Vance", "O'Brien", "Xiao'ou", "Austin,", "Texas", "Beijing",
        "Shanghai", "California", "(company)", "(website)", "(computer scientist)", "(born 1970)", "(", ")", "3M", "2020", "NASA",
        "A.I.", "I.B.M.", "-", "U.S.-China", "Sino-US", "/", "é", "Zürich", "名", "商汤科技", "\u{00A0}", ".", ",", "Mr.", "Dr.",
        "the-Netherlands", "THE NETHERLANDS", "Of", "FOR",
    ]
    static let separators: [String] = [" ", " ", " ", "  ", ", ", "-", ""]

    static func names() -> [String] {
        var random = TestRandom(seed: 1207)
        var names: [String] = []
        for _ in 0..<6000 { names.append(random.joined(tokens, separators: separators, most: 5)) }
        let lexicon = typer.lexicon
        // Every country name and alias, alone and in front of a body and a tail word.
        for entry in lexicon.countries {
            for n in [entry.canonical] + entry.aliases {
                names += [n, "the " + n, n + " government", n + " Department of Commerce", n + " Treasury", n + " Acme Group"]
            }
        }
        for d in lexicon.demonyms.keys.prefix(200) { names += [d, d.capitalized + " authorities", d.capitalized + " Jane Roe"] }
        return names
    }

    func testCountryIsCountryNameThenDemonym() {
        let lexicon = Self.typer.lexicon
        var countryKeys: [String: String] = [:]
        for entry in lexicon.countries {
            for n in [entry.canonical] + entry.aliases { countryKeys[NameFolding.key(n)] = entry.canonical }
        }
        var found = 0
        for name in Self.names() {
            let k = NameFolding.key(name)
            let expected = countryKeys[k] ?? lexicon.demonyms[k]
            XCTAssertEqual(Self.typer.country(name), expected, name.debugDescription)
            if expected != nil { found += 1 }
        }
        XCTAssertGreaterThan(found, 500)
    }

    func testClassifyMatchesDefinition() {
        var typed = 0, governments = 0
        for name in Self.names() {
            let expected = Self.classify(name)
            XCTAssertEqual(Self.typer.classify(name), expected, name.debugDescription)
            if expected != nil { typed += 1 }
            if expected?.kind == .government { governments += 1 }
        }
        // The generator must reach the country-prefix rule, or the comparison proves nothing.
        XCTAssertGreaterThan(typed, 1500)
        XCTAssertGreaterThan(governments, 500)
    }

    func testPersonShapeMatchesDefinition() {
        var shaped = 0
        for name in Self.names() {
            let expected = Self.isPersonShaped(name)
            XCTAssertEqual(Self.typer.isPersonShaped(name), expected, name.debugDescription)
            if expected { shaped += 1 }
        }
        XCTAssertGreaterThan(shaped, 300)
    }

    func testFoldingWithoutNormalisingMatchesDefinition() {
        var random = TestRandom(seed: 3141)
        let pieces = ["商汤科技", "腾讯", "阿里巴巴", "㐀", "鿿", "中国科学院", "Acme", "AI", "&", "-", " ", "  ", "(", ")", "'", "’", "é", "Ｆ",
                      "ﬁ", "が", "한국", "Å", "\u{301}", "\u{20DD}", "K", "Σ", "İ", "\u{00A0}", "—", "1", "²", "THE"]
        var names = Self.names()
        for _ in 0..<4000 { names.append(random.joined(pieces, separators: ["", " ", "-"], most: 6)) }
        for name in names {
            XCTAssertEqual(NameFolding.fold(name), Self.fold(name), name.debugDescription)
        }
    }

    func testAcronymKeyMatchesDefinition() {
        let heads = Lexicon.standard.bodyHeadWords
        var random = TestRandom(seed: 5)
        let pieces = ["CVPR", "IEEE", "3GPP", "Cvpr", "cvpr", "A", "AB", "É", "ÉCOLE", "Conference", "conference", "Workshop", "Institute",
                      "Group", " ", "  ", "商汤", "\u{301}", "x"]
        var keyed = 0
        for _ in 0..<12000 {
            let name = random.joined(pieces, separators: [" ", "  ", ""], most: 4)
            let expected = Self.acronymKey(name, heads: heads)
            XCTAssertEqual(NameFolding.acronymKey(name, heads: heads), expected, name.debugDescription)
            if expected != nil { keyed += 1 }
        }
        XCTAssertGreaterThan(keyed, 100)
    }

    func testIsAcronymMatchesDefinition() {
        var random = TestRandom(seed: 8)
        let pieces = ["C", "U", "H", "K", "k", "3", "&", ".", "-", " ", "É", "é", "商", "\r\n", "_", "(", "Σ"]
        var acronyms = 0
        for _ in 0..<8000 {
            let text = random.string(pieces.map { Character($0) }, count: 1 + random.next(14))
            let expected = Self.isAcronym(text)
            XCTAssertEqual(MentionFinder.isAcronym(text), expected, text.debugDescription)
            if expected { acronyms += 1 }
        }
        XCTAssertGreaterThan(acronyms, 300)
    }

    /// `NameFolding.fold` as first written: every non-ASCII name normalised.
    static func fold(_ name: String) -> String {
        var out = ""
        var pendingSpace = false
        for scalar in name.decomposedStringWithCompatibilityMapping.unicodeScalars {
            let props = scalar.properties
            if props.generalCategory == .nonspacingMark || props.generalCategory == .enclosingMark { continue }
            switch scalar {
            case "\u{2018}", "\u{2019}", "'", "`", "\"", ".", ",", "(", ")", "[", "]", "\u{201C}", "\u{201D}":
                continue
            case "&":
                pendingSpace = true
                if !out.isEmpty { out.unicodeScalars.append(" ") }
                out += "and"
                continue
            case " ", "\t", "\n", "-", "_", "/", "\u{2013}", "\u{2014}", "\u{00A0}":
                pendingSpace = true
                continue
            default:
                break
            }
            if pendingSpace && !out.isEmpty { out.unicodeScalars.append(" ") }
            pendingSpace = false
            for lowered in String(scalar).lowercased().unicodeScalars { out.unicodeScalars.append(lowered) }
        }
        return out
    }

    /// `NameFolding.acronymKey` as first written.
    static func acronymKey(_ name: String, heads: Set<String>) -> String? {
        guard name.contains(" ") else { return nil }
        let words = name.split(separator: " ")
        guard words.count == 2, words[0].count >= 2, words[0].allSatisfy({ $0.isUppercase || $0.isNumber }),
              heads.contains(words[1].lowercased()) else { return nil }
        return NameFolding.key(String(words[0]))
    }

    /// `MentionFinder.isAcronym` as first written.
    static func isAcronym(_ text: String) -> Bool {
        guard (2...12).contains(text.count), !text.contains(" ") else { return false }
        let upper = text.filter(\.isUppercase).count
        return upper >= 2 && text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "&" || $0 == "." || $0 == "-" }
    }

    /// `EntityTyper.classify` as first written: every country prefix tried.
    static func classify(_ rawName: String) -> EntityTyper.Guess? {
        let name = rawName.trimmedSpaces()
        if name.isEmpty { return nil }
        if let g = typer.lookup(name) { return g }
        if name.hasSuffix(")"), let open = name.lastIndex(of: "(") {
            let inner = name[name.index(after: open)..<name.index(before: name.endIndex)].lowercased()
            let base = name[..<open].trimmedSpaces()
            if inner == "company" || inner == "corporation" || inner.hasSuffix(" company") {
                return .init(canonical: name, kind: .company, evidence: .lexicon)
            }
            if ["website", "magazine", "newspaper", "news agency", "publisher", "organization", "organisation",
                "university", "think tank", "agency"].contains(inner) {
                return .init(canonical: name, kind: .organization, evidence: .lexicon)
            }
            if typer.isRole(inner) || inner.split(separator: " ").last.map({ typer.isRole(String($0)) }) == true {
                return .init(canonical: name, kind: .person, evidence: .lexicon)
            }
            if var g = classify(base) { g.canonical = name; return g }
            return nil
        }
        if let comma = name.firstIndex(of: ",") {
            let head = name[..<comma].trimmedSpaces()
            let tail = name[name.index(after: comma)...].trimmedSpaces()
            let headWords = head.split(separator: " ")
            if !head.isEmpty, (1...3).contains(headWords.count), headWords.allSatisfy({ $0.first?.isUppercase == true && !$0.contains(where: \.isNumber) }),
               typer.lookup(head) == nil || typer.lookup(head)?.kind == .place,
               typer.lookup(tail)?.kind == .place || typer.country(tail) != nil {
                return .init(canonical: name, kind: .place, evidence: .lexicon)
            }
        }
        let words = name.split(separator: " ").map(String.init)
        if words.count >= 2, let last = words.last?.lowercased(), MentionFinder.governmentTails.contains(last),
           let c = typer.country(words.dropLast().joined(separator: " ")) {
            var g = typer.government(of: c)
            g.aliases.append(name)
            return g
        }
        for cut in 1..<min(words.count, 4) {
            guard typer.country(words[..<cut].joined(separator: " ")) != nil else { continue }
            if let g = typer.lookup(words[cut...].joined(separator: " ")), g.kind == .government { return g }
        }
        return typer.classifyByHead(words)
    }

    /// `EntityTyper.isPersonShaped` as first written: each word's tests in turn.
    static func isPersonShaped(_ name: String) -> Bool {
        let base = name.hasSuffix(")") ? name[..<(name.lastIndex(of: "(") ?? name.endIndex)].trimmedSpaces() : name
        let words = base.split(separator: " ")
        guard (2...4).contains(words.count) else { return false }
        if typer.lookup(base) != nil || typer.classifyByHead(words.map(String.init)) != nil { return false }
        for w in words {
            guard let first = w.first, first.isUppercase else { return false }
            if w.contains(where: \.isNumber) { return false }
            if w.count > 2 && w.allSatisfy({ $0.isUppercase || $0 == "." }) { return false }
            if typer.lexicon.nonEntities.contains(NameFolding.fold(String(w))) { return false }
            if typer.country(String(w)) != nil { return false }
            if let g = typer.lookup(String(w)), g.kind == .place { return false }
        }
        return true
    }
}
