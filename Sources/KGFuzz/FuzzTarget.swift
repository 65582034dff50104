import Foundation
import KGDocuments
import KGQuery
import KGStore

/// The three parsers that take outside text.
public enum FuzzTargetKind: String, CaseIterable, Sendable {
    /// Wikipedia wikitext through `DocumentReader.parse` (format forced to wikitext, and detected).
    case wikitext
    /// News documents: YAML front matter and Markdown body.
    case frontmatter
    /// Cypher: lexer, parser, binder, compiler, and running against a small graph.
    case query
}

/// How one input ended. A crash or a hang never gets here: the supervisor sees those.
public enum FuzzOutcome: Sendable, Equatable {
    case result
    /// An error a user can act on.
    case error(String)
    /// An error that leaks internals (SQL text, "internal error"): not a crash, but worth a report.
    case unclearError(String)
}

/// Runs inputs through one parser. Not thread-safe: one per thread.
public final class FuzzTarget {
    public let kind: FuzzTargetKind
    /// The inputs mutations start from (documents or query texts).
    public let corpus: [[UInt8]]
    var mutator: Mutator
    private let queryGraph: QueryGraph?

    /// `seedFiles` are read once; a target with no seed files still has its built-in seeds.
    /// `maxDepth` caps the nesting depths and repeat counts the mutator tries (10,000 and more by default).
    /// `maxLength` caps input sizes (4 MB for documents, 1 MB for queries by default).
    public init(kind: FuzzTargetKind, seedFiles: [String] = [], queryTimeLimit: Double = 2, maxDepth: Int? = nil,
                maxLength: Int? = nil) throws {
        self.kind = kind
        var corpus: [[UInt8]] = []
        for path in seedFiles {
            if let data = FileManager.default.contents(atPath: path) { corpus.append([UInt8](data)) }
        }
        let (seeds, tokens, nesting, limit): ([String], [String], [(String, String)], Int) = switch kind {
        case .wikitext: (Seeds.wikitext, Seeds.wikitextTokens, Seeds.wikitextNesting, 4 << 20)
        case .frontmatter: (Seeds.frontMatter, Seeds.yamlTokens, Seeds.yamlNesting, 4 << 20)
        case .query: (Seeds.queries, Seeds.cypherTokens, Seeds.cypherNesting, 1 << 20)
        }
        corpus += seeds.map { Array($0.utf8) }
        mutator = Mutator(dictionary: tokens.map { Array($0.utf8) },
                          nesting: nesting.map { (Array($0.0.utf8), Array($0.1.utf8)) },
                          maxLength: limit)
        queryGraph = kind == .query ? try QueryGraph(timeLimit: queryTimeLimit) : nil
        self.corpus = corpus
        if let maxLength { mutator.maxLength = maxLength }
        if let maxDepth {
            mutator.depths = mutator.depths.filter { $0 <= maxDepth }
            if mutator.depths.isEmpty { mutator.depths = [maxDepth] }
        }
    }

    /// Input number `index` of the run with `seed`: a mutated seed, a generated input, or for
    /// queries a grammar-generated statement.
    public func input(seed: UInt64, index: UInt64) -> [UInt8] {
        var rng = SplitMix64(seed: seed, index: index)
        let roll = rng.below(100)
        if kind == .query && roll < 25 {
            var generator = CypherGenerator(rng: rng)
            let text = Array(generator.statement().utf8)
            rng = generator.rng
            return rng.chance(50) ? text : mutator.mutate(text, corpus: corpus, rng: &rng)
        }
        if roll < 85 || corpus.isEmpty {
            if corpus.isEmpty || roll >= 85 { return mutator.generate(rng: &rng) }
            return mutator.mutate(rng.pick(corpus), corpus: corpus, rng: &rng)
        }
        return mutator.generate(rng: &rng)
    }

    /// Runs one input to its end.
    public func run(_ input: [UInt8]) -> FuzzOutcome {
        switch kind {
        case .wikitext:
            // Forced to wikitext so every input reaches the parser, then detected as kg would.
            let forced = Self.parse(input, format: .wikitext)
            if case .result = forced { return Self.parse(input, format: nil) }
            return forced
        case .frontmatter:
            // Documents that do not start with `---` are not news; make most of them so.
            var bytes = input
            if !bytes.starts(with: Array("---".utf8)) { bytes = Array("---\n".utf8) + bytes }
            return Self.parse(bytes, format: .news)
        case .query:
            return queryGraph!.run(String(decoding: input, as: UTF8.self))
        }
    }

    private static func parse(_ bytes: [UInt8], format: Document.Format?) -> FuzzOutcome {
        do {
            let document = try DocumentReader.parse(bytes: bytes, path: "fuzz.txt", format: format)
            // Touch what later stages read, so a malformed value fails here rather than there.
            var total = 0
            for sentence in document.sentences { total &+= sentence.text.utf8.count }
            _ = total
            return .result
        } catch {
            return .error(error.description)
        }
    }
}

/// A small graph to run fuzzed queries against: a few labelled nodes with properties and a
/// dense clique, so variable-length patterns have real work to do. Writes are rolled back, so
/// every input sees the same graph.
final class QueryGraph {
    let directory: String
    let store: GraphStore
    let engine: QueryEngine
    let watchdog: Watchdog
    /// Results are read row by row and cut off here, so `UNWIND range(1, 1e12)` ends.
    static let maxRows = 10_000

    private struct RowLimit: Error {}
    private struct Rollback: Error {}

    init(timeLimit: Double) throws {
        directory = NSTemporaryDirectory() + "kgfuzz-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        store = try GraphStore(path: directory + "/graph.db")
        try Self.populate(store)
        engine = try QueryEngine(store: store)
        watchdog = Watchdog(limit: timeLimit) { [weak engine] in engine?.interrupt() }
    }

    deinit {
        watchdog.stop()
        try? FileManager.default.removeItem(atPath: directory)
    }

    static func populate(_ store: GraphStore) throws {
        try store.db.transaction {
            let doc = try store.addDocument(path: "seed.wiki", format: "wikitext", hash: "0", bytes: 1)
            var ids: [Int64] = []
            let names = ["SenseTime", "Tang Xiao'ou", "Megvii", "Hong Kong", "Treasury", "商汤科技", "O'Brien \"Q\"", "`x`", "'); DROP TABLE triple; --"]
            for (i, name) in names.enumerated() {
                let id = try store.createNode()
                try store.addLabel(["Company", "Person", "Company", "Place", "GovernmentBody", "Company", "Person", "Thing", "Thing"][i], to: id,
                                   provenance: Provenance(document: doc))
                try store.setProperty("name", .string(name), on: id, provenance: Provenance(document: doc))
                try store.setProperty("rank", .integer(Int64(i)), on: id)
                try store.setProperty("score", .float(Double(i) / 3), on: id)
                try store.setProperty("founded", .date("20\(10 + i)-0\(1 + i % 9)"), on: id)
                try store.setProperty("tags", .list([.string("a"), .integer(Int64(i)), .boolean(i % 2 == 0)]), on: id)
                ids.append(id)
            }
            // A clique of six: paths of every length, so `*` patterns cost something.
            for a in ids.prefix(6) {
                for b in ids.prefix(6) where a != b {
                    try store.addRelationship(from: a, type: a < b ? "PARTNERED_WITH" : "INVESTED_IN", to: b,
                                              provenance: Provenance(document: doc, evidence: "e", extractor: "fuzz", date: "2021-12-10", confidence: 0.5),
                                              qualifiers: ["action": .string("x")])
                }
            }
            try store.addRelationship(from: ids[4], type: "SANCTIONED", to: ids[0], provenance: Provenance(document: doc))
        }
    }

    func run(_ text: String) -> FuzzOutcome {
        watchdog.arm()
        defer { watchdog.disarm() }
        var rows = 0
        do {
            try store.db.transaction {
                do {
                    try engine.execute(text, parameters: ["p": .integer(1), "name": .string("SenseTime"), "list": .list([.integer(1), .string("a")])],
                                       columns: { _ in }, row: { _ in
                                           rows += 1
                                           if rows >= Self.maxRows { throw RowLimit() }
                                       })
                } catch is RowLimit {}
                throw Rollback()
            }
            return .result
        } catch is Rollback {
            return .result
        } catch let error as QueryError {
            if error.kind == .databaseError { return .unclearError(error.description) }
            return .error(error.description)
        } catch {
            return .unclearError("\(type(of: error)): \(error)")
        }
    }
}

/// Interrupts a query that runs past its time limit, from a thread of its own.
final class Watchdog: @unchecked Sendable {
    private let lock = NSCondition()
    private var deadline: Date?
    private var stopped = false
    private let limit: Double
    private let onTimeout: @Sendable () -> Void

    init(limit: Double, onTimeout: @escaping @Sendable () -> Void) {
        self.limit = limit
        self.onTimeout = onTimeout
        let thread = Thread { [self] in self.loop() }
        thread.stackSize = 1 << 18
        thread.start()
    }

    func arm() {
        lock.lock()
        deadline = Date(timeIntervalSinceNow: limit)
        lock.signal()
        lock.unlock()
    }

    func disarm() {
        lock.lock()
        deadline = nil
        lock.unlock()
    }

    /// Ends the thread; the owner calls it before closing what `onTimeout` touches.
    func stop() {
        lock.lock()
        stopped = true
        deadline = nil
        lock.signal()
        lock.unlock()
    }

    private func loop() {
        lock.lock()
        defer { lock.unlock() }
        while !stopped {
            if let d = deadline {
                if d <= Date() {
                    deadline = nil
                    onTimeout()
                } else {
                    _ = lock.wait(until: d)
                }
            } else {
                lock.wait()
            }
        }
    }
}
