import Foundation
import KGDocuments
@testable import KGFuzz
import XCTest

/// Short, time-boxed runs of the mutation fuzzer (the long runs are `swift run -c release KGFuzz`),
/// and the hostile shapes every parser must survive, run through the real `kg` so that a crash
/// shows as a signal instead of taking the test process down.
final class FuzzTests: XCTestCase {
    /// Seconds per parser; `KG_FUZZ_SECONDS` raises it for a longer local run.
    private var budget: Double { Double(ProcessInfo.processInfo.environment["KG_FUZZ_SECONDS"] ?? "") ?? 3 }

    private func seeds(for kind: FuzzTargetKind) -> [String] {
        FuzzRunner.seedFiles(in: [Fixtures.path("news"), Fixtures.path("wiki"), Fixtures.path("queries")], for: kind)
    }

    /// In process, a crash would end the whole test run, so the loops here stay at nesting
    /// depths the parsers are known to survive; `testDeep…` covers 10,000 levels in a child.
    /// Inputs stay small enough for a debug build to keep to the budget: queries under 64 KB,
    /// news under 16 KB (the Markdown body is quadratic in unmatched `[`, see
    /// `testDeepMarkdownLinksInNewsBody`; a 1 MB line of them runs for hours). `testHugeLines…`,
    /// `testLongQueries` and KGFuzz cover the megabyte inputs.
    private func fuzz(_ kind: FuzzTargetKind) throws {
        let target = try FuzzTarget(kind: kind, seedFiles: seeds(for: kind), queryTimeLimit: 1, maxDepth: 200,
                                    maxLength: [.query: 65_536, .frontmatter: 16_384, .wikitext: 262_144][kind])
        XCTAssertGreaterThan(target.corpus.count, 2)
        let seed = UInt64(ProcessInfo.processInfo.environment["KG_FUZZ_SEED"] ?? "") ?? UInt64(Date().timeIntervalSince1970)
        let budget = self.budget
        let report = Self.onLargeStack { FuzzRunner.run(target, seed: seed, seconds: budget) }
        print("fuzz (seed \(seed)): \(report)")
        XCTAssertGreaterThan(report.inputs, 10)
        // Clear errors and results both count; the loop itself proves no crash. A slow input
        // is a hang in waiting.
        XCTAssertLessThan(report.slowestSeconds, 10, "input #\(report.slowestIndex) of seed \(seed) is slow; KGFuzz --target \(kind.rawValue) --seed \(seed) --replay \(report.slowestIndex) --write FILE")
        if kind != .query {
            XCTAssertEqual(report.unclearErrors, [:], "documents fail with DocumentError only")
        }
    }

    /// Runs `body` on a thread with a 512 MB stack: the known unbounded recursions (see
    /// `testDeepQueryNesting`, `testDeepMarkdownLinksInNewsBody`) would otherwise end the test
    /// process on the first moderately nested input and hide every other finding.
    static func onLargeStack<T>(_ body: @escaping () -> T) -> T {
        let box = ResultBox<T>(body)
        let thread = Thread {
            box.value = box.body()
            box.done.signal()
        }
        thread.stackSize = 512 << 20
        thread.start()
        box.done.wait()
        return box.value!
    }

    func testFuzzWikitext() throws { try fuzz(.wikitext) }
    func testFuzzFrontMatter() throws { try fuzz(.frontmatter) }
    func testFuzzQuery() throws { try fuzz(.query) }

    func testInputsAreReproducible() throws {
        let target = try FuzzTarget(kind: .wikitext)
        for index in [0, 1, 17, 99_999] as [UInt64] {
            XCTAssertEqual(target.input(seed: 42, index: index), target.input(seed: 42, index: index))
        }
        XCTAssertNotEqual(target.input(seed: 42, index: 3), target.input(seed: 43, index: 3))
    }

    // MARK: Hostile shapes, through `kg`

    private static let depth = 10_000

    private func nest(_ open: String, _ middle: String, _ close: String, _ n: Int = depth) -> String {
        String(repeating: open, count: n) + middle + String(repeating: close, count: n)
    }

    /// `kg ingest` of one file ends with a result or a clear message within the time limit.
    private func ingestEnds(_ name: String, _ bytes: [UInt8], timeout: Double = 60) throws -> String? {
        let scratch = try Scratch()
        let path = try scratch.write(name, bytes: bytes)
        let result = try Run.kg(["ingest", "--db", scratch.file("g.db"), path], timeout: timeout)
        if result.signalled || result.timedOut { return result.summary }
        if result.status != 0 && !result.stderr.contains(name) { return "unclear failure: \(result.summary)" }
        let integrity = try GraphContent.integrity(of: scratch.file("g.db"))
        return integrity == "ok" ? nil : "integrity: \(integrity)"
    }

    func testDeepWikitextNesting() throws {
        let shapes: [(String, String)] = [
            ("templates", nest("{{", "x", "}}")), ("links", nest("[[", "x", "]]")), ("unclosed templates", String(repeating: "{{", count: Self.depth)),
            ("brackets", nest("[", "x", "]")), ("parentheses", nest("(", "x", ")")), ("refs", nest("<ref>", "x", "</ref>")),
            ("tables", String(repeating: "{|\n", count: Self.depth)), ("parameters", nest("{{{", "x", "}}}")),
            ("comments", String(repeating: "<!--", count: Self.depth)), ("template arguments", nest("{{a|", "x", "}}")),
        ]
        for (name, body) in shapes {
            XCTAssertNil(try ingestEnds("deep.wiki", Array("'''Acme''' is a company.\n\(body)\n".utf8)), name)
        }
    }

    func testDeepYAMLNesting() throws {
        let shapes: [(String, String)] = [
            ("flow sequences", "title: " + nest("[", "x", "]")), ("flow mappings", "title: " + nest("{a: ", "1", "}")),
            ("unclosed", "title: " + String(repeating: "[", count: Self.depth)),
            ("block sequences", (0..<2000).map { String(repeating: " ", count: $0) + "- " }.joined(separator: "\n")),
        ]
        for (name, yaml) in shapes {
            XCTAssertNil(try ingestEnds("deep.md", Array("---\n\(yaml)\n---\nBody.\n".utf8)), name)
        }
    }

    func testYAMLAliasBomb() throws {
        // "Billion laughs": ten levels of ten aliases. Read as text, never expanded.
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...10 {
            yaml += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        yaml += "title: T\nrelated: *a10\ntopics: *a10\n"
        XCTAssertNil(try ingestEnds("laughs.md", Array("---\n\(yaml)---\nBody.\n".utf8), timeout: 30))
    }

    func testHugeLinesAndOddBytes() throws {
        // One 256 KB word, and 20,000 words on one line: extraction reads each as one sentence and
        // grows faster than linearly with it (1 MB takes 16 s in a debug build), so the sizes
        // stay where a test run stays quick; KGFuzz runs the megabyte lines.
        let word = String(repeating: "x", count: 1 << 18)
        XCTAssertNil(try ingestEnds("word.wiki", Array("'''Acme''' \(word)\n".utf8)))
        XCTAssertNil(try ingestEnds("word.md", Array("---\ntitle: \(word)\n---\n\(word)\n".utf8)))
        let line = String(repeating: "word ", count: 20_000)
        XCTAssertNil(try ingestEnds("line.wiki", Array("'''Acme''' \(line)\n".utf8), timeout: 120))
        XCTAssertNil(try ingestEnds("nul.wiki", Array("'''Acme'''\u{0} is\n".utf8)))
        XCTAssertNil(try ingestEnds("latin1.wiki", Array("'''Acme''' caf".utf8) + [0xE9] + Array("\n".utf8)))
        let news = try Data(contentsOf: URL(fileURLWithPath: FuzzRunner.seedFiles(in: [Fixtures.path("news")], for: .frontmatter)[0]))
        for cut in [3, 10, news.count / 3, news.count - 1] {
            XCTAssertNil(try ingestEnds("cut.md", Array(news.prefix(cut))), "truncated at \(cut)")
        }
        var random = SplitMix64(seed: 7)
        XCTAssertNil(try ingestEnds("random.bin", (0..<100_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }))
    }

    func testDeepMarkdownLinksInNewsBody() throws {
        // MarkdownText.inline recurses into each link's text and rescans to the end for every
        // unmatched `[`.
        try regression("KGDocuments MarkdownText.inline/linkParts: nested links recurse without a bound, unmatched `[` rescan to the end (quadratic)") {
            try ingestEnds("links.md", Array("---\ntitle: T\n---\nText \(nest("[", "a", "](b)"))\n".utf8))
                ?? ingestEnds("brackets.md", Array("---\ntitle: T\n---\nText \(String(repeating: "[", count: 200_000))\n".utf8), timeout: 30)
        }
    }

    /// `kg query` ends with a result or a clear error.
    private func queryEnds(_ query: String) throws -> String? {
        let scratch = try Scratch()
        let result = try Run.kg(["query", "--db", scratch.file("g.db"), query], timeout: 60)
        if result.signalled || result.timedOut { return result.summary }
        if result.status != 0 && !result.stderr.contains("Error") { return "unclear failure: \(result.summary)" }
        return nil
    }

    func testDeepQueryNesting() throws {
        try knownBug("KGQuery Parser.expression/Compiler.visit recurse once per nesting level with no depth limit: stack overflow (SIGSEGV) from about 1,000 levels in a debug build") {
            let shapes = [
                "RETURN " + nest("(", "1", ")"), "RETURN " + nest("[", "1", "]"), "RETURN " + nest("{a: ", "1", "}"),
                "RETURN " + String(repeating: "-", count: Self.depth) + "1", "RETURN " + String(repeating: "NOT ", count: Self.depth) + "true",
                "RETURN 1" + String(repeating: " + 1", count: Self.depth), "RETURN " + String(repeating: "(", count: Self.depth),
                "MATCH " + nest("(", "n", ")") + " RETURN n",
            ]
            for query in shapes {
                if let symptom = try queryEnds(query) { return "\(query.prefix(12))…: \(symptom)" }
            }
            return nil
        }
    }

    func testLongQueries() throws {
        // A command-line argument holds at most 128 KB on Linux; KGFuzz covers megabyte queries.
        XCTAssertNil(try queryEnds("RETURN '" + String(repeating: "x", count: 120_000) + "'"))
        XCTAssertNil(try queryEnds("RETURN " + String(repeating: "1, ", count: 30_000) + "1"))
        XCTAssertNil(try queryEnds("RETURN '\u{0}', \"\\u0000\", '\u{FFFD}'"))
        XCTAssertNil(try queryEnds("MATCH (n) WHERE n.name = '" + String(repeating: "'", count: 10_001)))
        XCTAssertNil(try queryEnds(String(repeating: "/*", count: 30_000)))
    }

    /// Found by KGFuzz (query, seed 20261121, input 185): shortestPath corrupted the heap
    /// ("malloc(): unaligned tcache chunk detected"); fixed on main since.
    func testShortestPath() throws {
        let scratch = try Scratch()
        let db = scratch.file("g.db")
        let create = try Run.kg(["query", "--db", db, """
            CREATE (a:Company {name: 'SenseTime'}), (b:Company {name: 'Megvii'}), (c:Person {name: 'T'}),
                   (a)-[:PARTNERED_WITH]->(b), (b)-[:INVESTED_IN]->(a), (a)-[:PARTNERED_WITH]->(c), (c)-[:INVESTED_IN]->(b)
            """])
        XCTAssertEqual(create.status, 0, create.summary)
        for (query, expected) in [("MATCH p = shortestPath((a {name: 'SenseTime'})-[*]-(b {name: 'Megvii'})) RETURN length(p) AS n", "n\n1\n"),
                                  ("MATCH p = shortestPath((a {name: 'SenseTime'})-[*]->(b {name: 'Nobody'})) RETURN p", "p\n")] {
            let result = try Run.kg(["query", "--db", db, "--format", "csv", query], timeout: 60)
            XCTAssertFalse(result.signalled || result.timedOut, result.summary)
            XCTAssertEqual(result.text, expected, result.summary)
        }
    }

    func testManyTermsGiveAClearError() throws {
        // 200 additions is valid Cypher; SQLite's parser gives up on the nested calls it compiles to.
        try knownBug("KGQuery ExprCompiler: a long chain of + compiles to nested kg_add() calls and fails with SQLite's 'parser stack overflow' DatabaseError, showing the generated SQL") {
            let scratch = try Scratch()
            let result = try Run.kg(["query", "--db", scratch.file("g.db"), "RETURN 1" + String(repeating: " + 1", count: 200)], timeout: 60)
            return result.status == 0 && result.stdout.contains("201") ? nil : result.summary
        }
    }
}

final class ResultBox<T>: @unchecked Sendable {
    let body: () -> T
    var value: T?
    init(_ body: @escaping () -> T) { self.body = body }
    let done = DispatchSemaphore(value: 0)
}
