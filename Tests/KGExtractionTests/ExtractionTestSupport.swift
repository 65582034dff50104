import Foundation
import XCTest
import KGDocuments
@testable import KGExtraction

/// Fixture loading and look-ups by name shared by the extraction tests.
enum Fixture {
    static func url(_ name: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(name)
    }

    static func document(_ name: String) throws -> Document {
        try DocumentReader.read(path: url(name).path)
    }

    /// The masked sentences of the rule fixtures, one per line.
    static func maskedSentences() throws -> [String] {
        try String(contentsOf: url("masked-sentences.txt"), encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// The masked sentences and every sentence of the three fixture documents: real text for
    /// the differential tests.
    static func sentenceTexts() throws -> [String] {
        var texts = try maskedSentences()
        for name in [wikipedia, news, corpusNews] {
            texts += try document(name).sentences.map(\.text)
        }
        return texts
    }

    static let wikipedia = "004_d5e4758e27dcb6f3.txt"
    static let news = "000_1da51eb296397a1a.txt"
    static let corpusNews = "2020-07-08-amazon-agrees-to-buy-self-driving-technology-startup-zoox.md"
}

/// Deterministic inputs for the differential tests (Knuth's MMIX linear congruential generator).
struct TestRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A number in 0..<n.
    mutating func next(_ n: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int(state >> 33) % n
    }

    /// `count` characters drawn from `alphabet`.
    mutating func string(_ alphabet: [Character], count: Int) -> String {
        var s = ""
        for _ in 0..<count { s.append(alphabet[next(alphabet.count)]) }
        return s
    }

    /// 1 to `most` tokens joined by separators, each drawn at random.
    mutating func joined(_ tokens: [String], separators: [String], most: Int) -> String {
        var s = ""
        for i in 0..<(1 + next(most)) {
            if i > 0 { s += separators[next(separators.count)] }
            s += tokens[next(tokens.count)]
        }
        return s
    }
}

extension Extraction {
    func entityIndex(_ name: String) -> Int? {
        let key = NameFolding.key(name)
        return entities.firstIndex { e in ([e.name] + e.aliases).contains { NameFolding.key($0) == key } }
    }

    func entity(_ name: String) -> ExtractedEntity? { entityIndex(name).map { entities[$0] } }

    /// Relations of a type between two named entities (either direction for `PARTNER_OF`).
    func relations(_ subject: String, _ type: String, _ object: String) -> [ExtractedRelation] {
        guard let s = entityIndex(subject), let o = entityIndex(object) else { return [] }
        return relations.filter {
            $0.type == type && (($0.subject == s && $0.object == o) || (type == "PARTNER_OF" && $0.subject == o && $0.object == s))
        }
    }

    func has(_ subject: String, _ type: String, _ object: String, date: String? = nil, action: String? = nil) -> Bool {
        relations(subject, type, object).contains { r in
            (date == nil || r.date == date) && (action == nil || r.qualifiers["action"] == action)
        }
    }

    func count(_ type: String) -> Int { relations.filter { $0.type == type }.count }
}

/// Rule tests read made-up documents: a whole wikitext article, or sentences with `[[links]]`.
protocol MadeUpDocuments {
    var extractor: Extractor { get }
}

extension MadeUpDocuments {
    func wiki(_ text: String) throws -> Extraction {
        extractor.extract(try DocumentReader.parse(text: text, path: "made-up.wiki"))
    }

    func sentences(_ s: [String], title: String? = nil) -> Extraction {
        extractor.extract(wikiDocument(s, title: title))
    }
}

/// A one-sentence wiki document, links given as `[[Target|text]]` in the string.
func wikiDocument(_ sentences: [String], sections: [String] = [], title: String? = nil, infoboxKind: String? = nil) -> Document {
    var out: [Sentence] = []
    for (i, raw) in sentences.enumerated() {
        var text = ""
        var links: [LinkSpan] = []
        var rest = Substring(raw)
        while let open = rest.range(of: "[[") {
            text += rest[..<open.lowerBound]
            guard let close = rest.range(of: "]]", range: open.upperBound..<rest.endIndex) else { break }
            let inner = rest[open.upperBound..<close.lowerBound]
            let parts = inner.split(separator: "|", maxSplits: 1).map(String.init)
            let shown = parts.count > 1 ? parts[1] : parts[0]
            let start = text.count
            text += shown
            links.append(LinkSpan(target: parts[0], text: shown, range: start..<(start + shown.count)))
            rest = rest[close.upperBound...]
        }
        text += rest
        out.append(Sentence(text: text, line: i + 1, sections: sections, links: links))
    }
    var infoboxes: [Infobox] = []
    if let kind = infoboxKind {
        infoboxes.append(Infobox(kind: kind, template: Template(name: "infobox \(kind)", parameters: [], line: 1)))
    }
    return Document(path: "test.wiki", format: .wikitext, title: title, infoboxes: infoboxes, sentences: out)
}
