import Foundation
import XCTest
@testable import KGExtraction

/// The entity table files names under key slots worked out once per name, and looks a name up
/// once per `register`. Over long random runs of registrations, aliases and merges it must end
/// in the same state as the table that hashed every key at every step (`ReferenceTable`).
final class EntityTableDifferentialTests: XCTestCase {
    static let lexicon = Lexicon.standard

    static let words: [String] = [
        "Acme", "ACME", "acme", "Acme Group", "Acme Inc.", "Acme Holdings Ltd", "Acme Robotics", "Acme Robotic", "The Acme",
        "Globex", "Globex Corporation", "Globex Corp", "Globex Corporatoin", "CVPR", "CVPR Conference", "CVPR Workshop",
        "Jane Roe", "Jane  Roe", " Jane Roe", "Jane Roe ", "Roe", "United States", "U.S.", "US", "the United States",
        "Ministry of Commerce", "Ministry of Commerce of China", "MOFCOM", "Bureau of Industry and Security", "BIS",
        "Hong Kong", "Tencent", "Tencent Holdings", "Tencent Holdings Limited", "腾讯", "Zürich Insurance", "Zurich Insurance",
        "Inc.", "Group", "AB", "AB Group", "Co", "", " ", "Larkspur Society", "Larkspur Societies", "Initech Systems",
        "Initech System", "Initech Sytems", "Xu Li (computer scientist)", "Xu Li",
    ]
    static let kinds: [EntityKind?] = [nil, nil, .company, .organization, .government, .person, .place, .topic]
    static let evidence: [KindEvidence?] = [nil, .slot, .shape, .lexicon, .infobox]
    static let strengths: [EntityTable.NameStrength] = [.surface, .linkTarget, .canonical]

    func testRandomRunsMatchReference() {
        var random = TestRandom(seed: 77)
        let suffixes = Self.lexicon.companySuffixes, heads = Self.lexicon.bodyHeadWords
        var merged = 0, found = 0
        for run in 0..<300 {
            var table = EntityTable(suffixes: suffixes, heads: heads)
            var reference = ReferenceTable(suffixes: suffixes, heads: heads)
            for _ in 0..<(5 + random.next(40)) {
                func word() -> String { Self.words[random.next(Self.words.count)] }
                switch random.next(10) {
                case 0..<6:
                    let name = word()
                    let surface: String? = random.next(3) == 0 ? nil : random.next(2) == 0 ? name : word()
                    let aliases = random.next(4) == 0 ? [word(), word()] : []
                    let kind = Self.kinds[random.next(Self.kinds.count)]
                    let ev = Self.evidence[random.next(Self.evidence.count)]
                    let strength = Self.strengths[random.next(Self.strengths.count)]
                    let linked = random.next(4) == 0, count = random.next(5) != 0
                    let a = table.register(name: name, surface: surface, aliases: aliases, kind: kind, evidence: ev, strength: strength,
                                           linked: linked, count: count)
                    let b = reference.register(name: name, surface: surface, aliases: aliases, kind: kind, evidence: ev, strength: strength,
                                               linked: linked, count: count)
                    XCTAssertEqual(a, b, "run \(run): register \(name)")
                    if a < table.entities.count - 1 { found += 1 }
                case 6, 7:
                    guard !table.entities.isEmpty else { continue }
                    let id = random.next(table.entities.count)
                    let alias = word()
                    table.addAlias(alias, to: id)
                    reference.addAlias(alias, to: id)
                case 8:
                    guard table.entities.count >= 2 else { continue }
                    let a = random.next(table.entities.count), b = random.next(table.entities.count)
                    table.merge(a, into: b)
                    reference.merge(a, into: b)
                    merged += 1
                default:
                    table.mergeTypos()
                    reference.mergeTypos()
                }
            }
            XCTAssertEqual(table.entities, reference.entities, "run \(run)")
            XCTAssertEqual(table.mentionCounts, reference.mentionCounts, "run \(run)")
            XCTAssertEqual(table.roots, reference.roots, "run \(run)")
            for (key, ids) in reference.keys { XCTAssertEqual(table.keys[key], ids, "run \(run): key \(key)") }
            for w in Self.words { XCTAssertEqual(table.keys[NameFolding.key(w)], reference.keys[NameFolding.key(w)], "run \(run): \(w)") }
        }
        XCTAssertGreaterThan(merged, 100)
        XCTAssertGreaterThan(found, 1000)
    }
}

/// `EntityTable` as first written: every key of every name hashed at every step.
private struct ReferenceTable {
    var entities: [ExtractedEntity] = []
    var strengths: [EntityTable.NameStrength] = []
    var mentionCounts: [Int] = []
    var parent: [Int] = []
    var keys: [String: [Int]] = [:]
    let suffixes: Set<String>
    let heads: Set<String>

    init(suffixes: Set<String>, heads: Set<String>) {
        self.suffixes = suffixes
        self.heads = heads
    }

    func find(_ i: Int) -> Int {
        var i = i
        while parent[i] != i { i = parent[i] }
        return i
    }

    var roots: [Int] { (0..<entities.count).filter { parent[$0] == $0 } }

    func keysFor(_ name: String, kind: EntityKind?) -> [String] {
        let key = NameFolding.key(name)
        let stripped = NameFolding.strippedCompanyKey(key: key, suffixes: suffixes).flatMap { $0.count >= 3 ? $0 : nil }
        let mayHaveLegalForm = kind == nil || kind == .company || kind == .organization
        return [key, mayHaveLegalForm ? stripped : nil, NameFolding.acronymKey(name, heads: heads)].compactMap { $0 }.filter { !$0.isEmpty }
    }

    func lookup(_ name: String, kind: EntityKind?) -> Int? {
        for key in keysFor(name, kind: kind) {
            for id in keys[key] ?? [] {
                if let k = kind, let ek = entities[find(id)].kind, !k.isCompatible(with: ek) { continue }
                return find(id)
            }
        }
        return nil
    }

    mutating func register(name: String, surface: String?, aliases: [String], kind: EntityKind?, evidence: KindEvidence?,
                           strength: EntityTable.NameStrength, linked: Bool, count: Bool) -> Int {
        let id: Int
        if let existing = lookup(name, kind: kind) ?? surface.flatMap({ lookup($0, kind: kind) }) {
            id = existing
            if strength > strengths[id] && entities[id].name != name {
                if !entities[id].aliases.contains(entities[id].name) { entities[id].aliases.append(entities[id].name) }
                entities[id].name = name
                strengths[id] = strength
            }
            if let kind, let evidence, entities[id].kind == nil || evidence > (entities[id].kindEvidence ?? .slot) {
                entities[id].kind = kind
                entities[id].kindEvidence = evidence
            }
            if linked { entities[id].isLinked = true }
        } else {
            id = entities.count
            entities.append(ExtractedEntity(name: name, kind: kind, kindEvidence: kind == nil ? nil : evidence, isLinked: linked))
            strengths.append(strength)
            mentionCounts.append(0)
            parent.append(id)
        }
        if count { mentionCounts[id] += 1 }
        if let surface { addAlias(surface, to: id) }
        for alias in aliases { addAlias(alias, to: id) }
        for key in keysFor(name, kind: kind) { file(key, id) }
        return id
    }

    mutating func addAlias(_ alias: String, to i: Int) {
        let id = find(i)
        let trimmed = alias.trimmedSpaces()
        guard !trimmed.isEmpty else { return }
        if trimmed != entities[id].name && !entities[id].aliases.contains(trimmed) { entities[id].aliases.append(trimmed) }
        for key in keysFor(trimmed, kind: entities[id].kind) { file(key, id) }
    }

    mutating func file(_ key: String, _ id: Int) {
        if keys[key]?.contains(id) != true { keys[key, default: []].append(id) }
    }

    mutating func mergeTypos(minimumLength: Int = 8) {
        let roots = (0..<entities.count).filter { parent[$0] == $0 && entities[$0].kind != .place }
        let folded = roots.map { NameFolding.key(entities[$0].name) }
        let lengths = folded.map(\.count)
        for a in 0..<roots.count where lengths[a] >= minimumLength {
            for b in (a + 1)..<roots.count {
                let (ka, kb) = (folded[a], folded[b])
                guard lengths[b] >= minimumLength, abs(lengths[a] - lengths[b]) <= 1, ka.first == kb.first, ka != kb else { continue }
                let (ia, ib) = (find(roots[a]), find(roots[b]))
                guard ia != ib else { continue }
                if let x = entities[ia].kind, let y = entities[ib].kind, !x.isCompatible(with: y) { continue }
                if entities[ia].isLinked && entities[ib].isLinked { continue }
                guard NameFolding.editDistance(ka, kb, limit: 1) <= 1 else { continue }
                let (keep, drop) = mentionCounts[ia] >= mentionCounts[ib] ? (ia, ib) : (ib, ia)
                merge(drop, into: keep)
            }
        }
    }

    mutating func merge(_ drop: Int, into keep: Int) {
        let (d, k) = (find(drop), find(keep))
        guard d != k else { return }
        parent[d] = k
        mentionCounts[k] += mentionCounts[d]
        let dropped = entities[d]
        for alias in [dropped.name] + dropped.aliases { addAlias(alias, to: k) }
        if entities[k].kind == nil, let kind = dropped.kind {
            entities[k].kind = kind
            entities[k].kindEvidence = dropped.kindEvidence
        }
        entities[k].isLinked = entities[k].isLinked || dropped.isLinked
        entities[k].isSubject = entities[k].isSubject || dropped.isSubject
    }
}
