import Foundation
import XCTest
@testable import KGExport
import KGQuery
import KGStore

final class DOTWriterTests: ExportTestCase {
    /// Runs DOT text through Graphviz (`dot -Tsvg`) and returns the SVG; skips without Graphviz.
    func renderSVG(_ dot: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        guard let dotProgram = which("dot") else { throw XCTSkip("Graphviz is not installed") }
        let input = path("in-\(UUID().uuidString).dot")
        try dot.write(toFile: input, atomically: true, encoding: .utf8)
        let result = try run(dotProgram, ["-Tsvg", input])
        XCTAssertEqual(result.status, 0, "dot failed: \(result.stderr)", file: file, line: line)
        XCTAssertFalse(result.stderr.contains("Error"), result.stderr, file: file, line: line)
        return String(decoding: result.stdout, as: UTF8.self)
    }

    func dot(_ store: GraphStore, _ options: DOTWriter.Options = .init()) throws -> (String, DOTWriter.Summary) {
        let sink = ByteSink.memory()
        let summary = try DOTWriter(options: options).write(store: store, to: sink)
        return (sink.text, summary)
    }

    func testAdversarialNamesAreValidDOTAndSurviveIntoTheSVG() throws {
        let store = try newStore()
        try buildSampleGraph(store)
        for options in [DOTWriter.Options(), DOTWriter.Options(rankDirection: .leftToRight, clusterByLabel: true, title: "Title \"q\" \\")] {
            let (text, summary) = try dot(store, options)
            XCTAssertEqual(summary.nodes, try store.stats().nodes)
            XCTAssertEqual(summary.edges, try store.stats().relationships)
            let svg = try renderSVG(text)
            XCTAssertTrue(svg.contains("商汤科技"), "a non-Latin name reaches the picture")
            XCTAssertTrue(svg.contains("Quote &quot; inside") || svg.contains("Quote \" inside"))
            XCTAssertTrue(svg.contains("Angles &lt;b&gt;bold&lt;/b&gt; &amp; &lt;&lt;&gt;&gt;"))
            XCTAssertTrue(svg.contains("Back\\slash \\N \\\\"), "backslashes are drawn as written")
            XCTAssertTrue(svg.contains("Trailing backslash \\<"), "a final backslash does not swallow the closing quote")
            XCTAssertTrue(svg.contains("FOUNDED_BY"))
            XCTAssertTrue(svg.contains("2014&#45;10") || svg.contains("2014-10"), "edges show their date")
        }
    }

    func testQuotedEscapesPerTheDOTGrammar() {
        XCTAssertEqual(DOTWriter.quoted("plain"), "\"plain\"")
        XCTAssertEqual(DOTWriter.quoted("a\"b"), "\"a\\\"b\"")
        XCTAssertEqual(DOTWriter.quoted("a\\b"), "\"a\\\\b\"")
        XCTAssertEqual(DOTWriter.quoted("line\r\nnext\rlast\n"), "\"line\\nnext\\nlast\\n\"")
        XCTAssertEqual(DOTWriter.quoted("end\\"), "\"end\\\\\\n\"")
        XCTAssertEqual(DOTWriter.quoted("bell\u{07}"), "\"bell \"")
        XCTAssertEqual(DOTWriter.quoted("{<x>}"), "\"{<x>}\"")
    }

    func testOutputIsDeterministicWithLegendShapesAndEdgeLabels() throws {
        let store = try newStore()
        try buildSampleGraph(store)
        let (first, _) = try dot(store)
        let (second, _) = try dot(store)
        XCTAssertEqual(first, second)
        XCTAssertTrue(first.hasPrefix("digraph \"kg\" {\n"))
        XCTAssertTrue(first.contains("subgraph \"cluster_legend\""))
        XCTAssertTrue(first.contains("\"legend_0\" [label=\"Person\", shape=ellipse"))
        XCTAssertTrue(first.contains("\"n1\" [label=\"SenseTime\", tooltip=\":Company id 1\", shape=box, fillcolor=\"#a6cee3\"];"))
        XCTAssertTrue(first.contains("\"n4\" [label=\"Forbes\", tooltip=\":Organization:Publisher id 4\", shape=hexagon"), "several labels: the first in priority order")
        XCTAssertTrue(first.contains("\"n1\" -> \"n6\" [label=\"REGULATED_BY\\nEntity List, 2019-10\", tooltip=\"placed on the \\\"Entity List\\\"\\nin 2019\"];"))
        XCTAssertTrue(first.contains("\"n5\" [label=\"node 5\""), "a node without name or label still shows")
    }

    func testMaxNodesKeepsTheFirstNodesAndTheirEdges() throws {
        let store = try newStore()
        try buildSampleGraph(store)
        let total = try store.stats().nodes
        let (text, summary) = try dot(store, DOTWriter.Options(maxNodes: 3))
        XCTAssertEqual(summary.nodes, 3)
        XCTAssertEqual(summary.omittedNodes, total - 3)
        XCTAssertEqual(summary.edges, 2, "FOUNDED_BY and MENTIONS join nodes 1, 3 and 4")
        XCTAssertTrue(text.contains("more nodes left out"))
        _ = try renderSVG(text)
    }

    func testNeighbourhoodAroundANameWithDepth() throws {
        let store = try newStore()
        try buildSampleGraph(store)
        let one = try Subgraph.neighbourhood(of: "Tang Xiao'ou", depth: 1, in: store)
        XCTAssertEqual(one.nodes.map(\.id), [3, 1])
        XCTAssertEqual(one.relationships.map(\.type), ["FOUNDED_BY"])
        let two = try Subgraph.neighbourhood(of: "tang xiao'ou", depth: 2, in: store)
        XCTAssertEqual(two.nodes.count, try store.stats().nodes - 1, "everything but the unconnected node")
        let capped = try Subgraph.neighbourhood(of: "SenseTime", depth: 3, in: store, maxNodes: 4)
        XCTAssertEqual(capped.nodes.count, 4)
        XCTAssertEqual(capped.nodes.first?.id, 1, "the named node comes first")
        XCTAssertThrowsError(try Subgraph.neighbourhood(of: "Nobody", depth: 1, in: store)) { error in
            XCTAssertEqual("\(error)", "no node named \"Nobody\" in the graph")
        }
        let sink = ByteSink.memory()
        try DOTWriter(options: .init(clusterByLabel: true)).write(two, to: sink)
        _ = try renderSVG(sink.text)
    }

    func testQueryResultsBecomeGraphs() throws {
        let store = try newStore()
        try buildSampleGraph(store)
        let sensetime = try XCTUnwrap(try store.node(1))
        let tang = try XCTUnwrap(try store.node(3))
        var founded: RelationshipRecord?
        var regulated: RelationshipRecord?
        try store.forEachRelationship {
            if $0.type == "FOUNDED_BY" { founded = $0 }
            if $0.type == "REGULATED_BY" { regulated = $0 }
        }
        let result = QueryResult(columns: ["p", "r", "x"], rows: [
            [.path(nodes: [sensetime, tang], relationships: [try XCTUnwrap(founded)]), .relationship(try XCTUnwrap(regulated)), .integer(1)],
            [.list([.node(tang), .map(["n": .node(sensetime)])]), .null, .string("s")],
        ])
        let subgraph = try Subgraph(result: result, store: store)
        XCTAssertEqual(subgraph.nodes.map(\.id), [1, 3, 6], "the regulator is looked up for the edge's end")
        XCTAssertEqual(subgraph.relationships.map(\.type), ["FOUNDED_BY", "REGULATED_BY"])
        XCTAssertEqual(subgraph.nodes.last?.name, "Bureau of Industry and Security")
        let sink = ByteSink.memory()
        let summary = try DOTWriter().write(subgraph, to: sink)
        XCTAssertEqual(summary, .init(nodes: 3, edges: 2, omittedNodes: 0))
        _ = try renderSVG(sink.text)
    }

    func testRendererWritesAPictureOrSaysGraphvizIsMissing() throws {
        let store = try newStore()
        try buildSampleGraph(store)
        XCTAssertThrowsError(try GraphvizRenderer(environment: ["PATH": directory.path])) { error in
            XCTAssertTrue("\(error)".contains("Graphviz's `dot` is not installed"))
        }
        guard which("dot") != nil else { throw XCTSkip("Graphviz is not installed") }
        let output = path("g.svg")
        let summary = try GraphvizRenderer().render(format: .svg, output: output) { try DOTWriter().write(store: store, to: $0) }
        XCTAssertGreaterThan(summary.edges, 0)
        let svg = try String(contentsOfFile: output, encoding: .utf8)
        XCTAssertTrue(svg.contains("<svg"))
        XCTAssertThrowsError(try GraphvizRenderer().render(format: .svg, output: path("bad.svg")) { $0.write("digraph { \"a\" -> }") }) { error in
            XCTAssertTrue("\(error)".hasPrefix("Graphviz's dot failed"), "\(error)")
        }
    }
}
