import Foundation
import XCTest
import KGExport
import KGIngest
import KGStore

/// `graphs/` holds what kg makes from `seeds/`, so a visitor sees it without running anything.
/// These tests rebuild the DOT files exactly as `graphs/generate.sh` does and fail when the
/// committed ones are stale (after a change to the extractors, say): run the script again.
final class GraphsFolderTests: ExportTestCase {
    /// The package root: this file is Tests/KGExportTests/GraphsFolderTests.swift.
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The sample graph, ingested from `seeds` relative to the package root as the script does.
    func seedsGraph() throws -> GraphStore {
        let store = try newStore("seeds.db")
        let previous = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(root.path))
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        let summary = Ingestor(store: store).ingest(paths: ["seeds"], progress: nil)
        XCTAssertEqual(summary.failures, [])
        XCTAssertGreaterThan(summary.documents, 0)
        return store
    }

    /// The options `kg export --format dot --rankdir LR` uses.
    let options = DOTWriter.Options(rankDirection: .leftToRight, maxNodes: 2000)

    func assertCommitted(_ name: String, equals generated: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let committed = try String(contentsOf: root.appendingPathComponent("graphs/\(name)"), encoding: .utf8)
        if committed != generated {
            let generatedLines = generated.split(separator: "\n", omittingEmptySubsequences: false)
            let committedLines = committed.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(generatedLines, committedLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(generatedLines.count, committedLines.count)
            XCTFail("""
                graphs/\(name) is stale (first difference on line \(first + 1)); run graphs/generate.sh
                  committed: \(first < committedLines.count ? String(committedLines[first]) : "<end>")
                  now:       \(first < generatedLines.count ? String(generatedLines[first]) : "<end>")
                """, file: file, line: line)
        }
    }

    func testSeedsDOTIsUpToDate() throws {
        let store = try seedsGraph()
        let sink = ByteSink.memory()
        try DOTWriter(options: options).write(store: store, to: sink)
        try assertCommitted("seeds.dot", equals: sink.text)
    }

    func testMainCompanyNeighbourhoodIsUpToDate() throws {
        let store = try seedsGraph()
        let subgraph = try Subgraph.neighbourhood(of: "SenseTime", depth: 1, in: store, maxNodes: 2001)
        let sink = ByteSink.memory()
        try DOTWriter(options: options).write(subgraph, to: sink)
        try assertCommitted("sensetime.dot", equals: sink.text)
    }

    func testCommittedPicturesAreValidDOTWithTheirSVGs() throws {
        for name in ["seeds", "sensetime"] {
            let svg = root.appendingPathComponent("graphs/\(name).svg")
            XCTAssertTrue(FileManager.default.fileExists(atPath: svg.path), "graphs/\(name).svg is missing")
            guard let dot = which("dot") else { throw XCTSkip("Graphviz is not installed") }
            let result = try run(dot, ["-Tsvg", root.appendingPathComponent("graphs/\(name).dot").path])
            XCTAssertEqual(result.status, 0, result.stderr)
        }
    }
}
