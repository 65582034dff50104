import Foundation
import KGStore

/// What the shell reads from the open graph outside Cypher: the vocabulary for completion and
/// `.schema`, names for `.find`/`.show`, and a node's relationships for `.neighbors`/`.path`.
///
/// Nothing here runs at start-up: the vocabulary loads on first use and each look-up uses an
/// index of the triple table (see `Schema`), so a prompt appears at once on a large graph.
public final class GraphCatalog {
    public let store: GraphStore
    private var cachedLabels: [String]?
    private var cachedTypes: [String]?
    private var cachedKeys: [String]?

    public init(store: GraphStore) {
        self.store = store
    }

    /// Forget the vocabulary after a write: the next completion reads it again.
    public func invalidate() {
        cachedLabels = nil
        cachedTypes = nil
        cachedKeys = nil
    }

    public func labels() -> [String] {
        if let cachedLabels { return cachedLabels }
        let found = distinctPredicates(kind: .label)
        cachedLabels = found
        return found
    }

    public func relationshipTypes() -> [String] {
        if let cachedTypes { return cachedTypes }
        let found = distinctPredicates(kind: .relationship)
        cachedTypes = found
        return found
    }

    public func propertyKeys() -> [String] {
        if let cachedKeys { return cachedKeys }
        let found = distinctPredicates(kind: .property)
        cachedKeys = found
        return found
    }

    /// The distinct `p` of one kind, by hopping through the POS index (`k, p, …`) one value at a
    /// time: a few index seeks per distinct value instead of a scan over every triple of that kind.
    private func distinctPredicates(kind: Schema.Kind) -> [String] {
        let sql = """
            WITH RECURSIVE next(p) AS (
                SELECT (SELECT min(p) FROM triple WHERE k = ?1)
                UNION ALL
                SELECT (SELECT min(p) FROM triple WHERE k = ?1 AND p > next.p) FROM next WHERE next.p IS NOT NULL
            )
            SELECT p FROM next WHERE p IS NOT NULL
            """
        return ((try? store.db.rows(sql, [.integer(kind.rawValue)])) ?? []).compactMap { $0[0].string }
    }

    public struct SchemaSummary: Sendable {
        public var labels: [(String, Int)]
        public var relationshipTypes: [(String, Int)]
        public var propertyKeys: [(String, Int)]
    }

    /// Every label, relationship type and property key with how many triples carry it.
    public func schema() throws -> SchemaSummary {
        func counts(_ kind: Schema.Kind) throws -> [(String, Int)] {
            try store.db.rows("SELECT p, count(*) FROM triple WHERE k = ? GROUP BY p ORDER BY p", [.integer(kind.rawValue)])
                .map { ($0[0].string ?? "", Int($0[1].int ?? 0)) }
        }
        return SchemaSummary(labels: try counts(.label), relationshipTypes: try counts(.relationship), propertyKeys: try counts(.property))
    }

    /// Names starting with `prefix` (exact case, then with the first letter's case flipped), for completion.
    public func names(withPrefix prefix: String, limit: Int = 200) -> [String] {
        var found = namesInRange(prefix, limit: limit)
        if let first = prefix.first {
            let flipped = (first.isUppercase ? first.lowercased() : first.uppercased()) + prefix.dropFirst()
            if flipped != prefix { found += namesInRange(flipped, limit: limit) }
        }
        return Array(Set(found)).sorted()
    }

    private func namesInRange(_ prefix: String, limit: Int) -> [String] {
        let sql = """
            SELECT DISTINCT o FROM triple
            WHERE k = 1 AND p = 'name' AND o >= ?1 AND o < ?2 ORDER BY o LIMIT ?3
            """
        let upper = prefix + "\u{10FFFF}"
        return ((try? store.db.rows(sql, [.text(prefix), .text(upper), .integer(Int64(limit))])) ?? []).compactMap { $0[0].string }
    }

    /// The nodes a user means by `name`: its exact name; else a name or alias equal to it
    /// ignoring case.
    public func nodes(named name: String) throws -> [Int64] {
        let exact = try store.db.rows("SELECT s FROM triple WHERE k = 1 AND p = 'name' AND o = ? ORDER BY s", [.text(name)])
            .compactMap { $0[0].int }
        if !exact.isEmpty { return exact }
        let folded = name.lowercased()
        return try matches(of: name, limit: 50).filter { $0.score >= 1.0 && $0.matched.lowercased() == folded }.map(\.node)
    }

    public struct Match: Sendable {
        public var node: Int64
        public var name: String
        /// The name or alias that matched.
        public var matched: String
        /// 1 exact (ignoring case), then prefix, word, substring, and typo-level similarity below.
        public var score: Double
    }

    /// Fuzzy search over names and aliases: case-insensitive exact, prefix, substring and
    /// edit-distance matches, best first.
    public func matches(of text: String, limit: Int = 20) throws -> [Match] {
        let query = text.lowercased()
        guard !query.isEmpty else { return [] }
        var best: [Int64: Match] = [:]
        var names: [Int64: String] = [:]
        // SQLite narrows the rows in C before Swift scores them: names and alias lists holding the
        // text, and for typos names that start with the same letter and alias lists holding its
        // first two letters. (SQLite's lower() folds ASCII only; other scripts match as written.)
        let statement = try store.db.prepare("""
            SELECT s, p, o, dt FROM triple
            WHERE k = 1 AND p IN ('name', 'aliases') AND (
                instr(lower(CAST(o AS TEXT)), ?1) > 0
                OR (p = 'name' AND lower(substr(o, 1, 1)) = ?2)
                OR (p = 'aliases' AND instr(lower(CAST(o AS TEXT)), ?3) > 0))
            """)
        try statement.bind([.text(query), .text(String(query.prefix(1))), .text(String(query.prefix(2)))])
        while try statement.step() {
            let node = statement.int(at: 0)
            let key = statement.string(at: 1)
            guard let value = ValueCodec.decode(statement.value(at: 2), datatype: statement.string(at: 3)) else { continue }
            var candidates: [String] = []
            switch value {
            case .list(let items): candidates = items.map(\.displayText)
            default: candidates = [value.displayText]
            }
            if key == "name", let name = candidates.first { names[node] = name }
            for candidate in candidates {
                let score = Self.similarity(query, candidate.lowercased())
                guard score > 0 else { continue }
                if (best[node]?.score ?? 0) < score {
                    best[node] = Match(node: node, name: "", matched: candidate, score: score)
                }
            }
        }
        var found: [Match] = []
        for var match in best.values {
            // A node found through an alias may not have had its name row among the candidates.
            match.name = try names[match.node] ?? store.property("name", of: match.node)?.displayText ?? match.matched
            found.append(match)
        }
        return found.sorted { ($0.score, $1.name) > ($1.score, $0.name) }.prefix(limit).map { $0 }
    }

    /// 0 for no match; higher is better.
    static func similarity(_ query: String, _ candidate: String) -> Double {
        if candidate == query { return 1.0 }
        if candidate.hasPrefix(query) { return 0.9 }
        if candidate.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).contains(where: { $0.hasPrefix(query) }) { return 0.8 }
        if candidate.contains(query) { return 0.7 }
        // Typos: edit distance against the whole candidate, or against its start when the
        // candidate is longer (a misspelled first word of a long name).
        let q = Array(query), c = Array(candidate)
        guard q.count >= 3 else { return 0 }
        let allowed = max(1, q.count / 4)
        var distance = allowed + 1
        if abs(c.count - q.count) <= allowed { distance = editDistance(q, c, limit: allowed) }
        // A misspelled start of a longer name ("sensetiime" for "SenseTime Group Limited").
        for length in [q.count - 1, q.count, q.count + 1] where length > 0 && length < c.count {
            distance = min(distance, editDistance(q, Array(c.prefix(length)), limit: allowed))
        }
        guard distance <= allowed else { return 0 }
        return 0.6 - Double(distance) / Double(q.count + 1) * 0.5
    }

    /// Levenshtein distance, giving up (returning `limit + 1`) once it must exceed `limit`.
    static func editDistance(_ a: [Character], _ b: [Character], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            current[0] = i
            var rowMin = current[0]
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMin = min(rowMin, current[j])
            }
            if rowMin > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return a.isEmpty ? b.count : (b.isEmpty ? a.count : previous[b.count])
    }

    /// A node's relationships in both directions (outgoing first), in id order.
    public func relationships(of node: Int64) throws -> (outgoing: [RelationshipRecord], incoming: [RelationshipRecord]) {
        let columns = GraphStore.relationshipColumns, from = GraphStore.relationshipFrom
        let outgoing = try store.db.rows("SELECT \(columns) FROM \(from) WHERE t.s = ? AND t.k = 2 ORDER BY t.p, t.id", [.integer(node)])
            .map(GraphStore.relationshipRecord)
        let incoming = try store.db.rows("SELECT \(columns) FROM \(from) WHERE t.o = ? AND t.k = 2 ORDER BY t.p, t.id", [.integer(node)])
            .map(GraphStore.relationshipRecord)
        return (outgoing, incoming)
    }
}
