import Foundation
import XCTest
@testable import KGExport
import KGStore

final class ExchangeFormatTests: ExportTestCase {
    func testNTriplesParseWithRDFLibAndHaveOneFactPerStoreTriple() throws {
        let store = try newStore()
        try buildSampleGraph(store)
        let sink = ByteSink.memory()
        let base = "https://kg.example/g1/"
        let summary = try NTriplesWriter(baseIRI: base).write(store: store, to: sink)
        let storeTriples = try store.stats().triples
        XCTAssertEqual(summary.factTriples, storeTriples)
        let text = sink.text
        XCTAssertTrue(text.contains("<\(base)node/1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <\(base)label/Company> .\n"))
        XCTAssertTrue(text.contains("<\(base)node/1> <\(base)property/founded> \"2014-10\"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> .\n"))
        XCTAssertTrue(text.contains("<\(base)node/1> <\(base)property/employees> \"5000\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n"))
        XCTAssertTrue(text.contains("\"3.0\"^^<http://www.w3.org/2001/XMLSchema#double>"))
        XCTAssertTrue(text.contains("\"true\"^^<http://www.w3.org/2001/XMLSchema#boolean>"))
        XCTAssertTrue(text.contains("<\(base)provenance/date> \"2021\"^^<http://www.w3.org/2001/XMLSchema#gYear> .\n"))
        XCTAssertTrue(text.contains("<\(base)qualifier/action> \"Entity List\" .\n"))

        let file = path("g.nt")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let python = try python(with: ["rdflib"])
        let script = """
            import sys, rdflib
            g = rdflib.Graph()
            g.parse(sys.argv[1], format="nt")
            base = sys.argv[2]
            facts = sum(1 for s, p, o in g if str(s).startswith(base + "node/"))
            statements = sum(1 for _ in g.subjects(rdflib.RDF.type, rdflib.RDF.Statement))
            print(len(g), facts, statements)
            """
        let result = try run(python, ["-c", script, file, base])
        XCTAssertEqual(result.status, 0, result.stderr)
        let counts = String(decoding: result.stdout, as: UTF8.self).split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        XCTAssertEqual(counts, [summary.triples, storeTriples, try reifiedRows(store)])
    }

    /// Rows with any provenance, each reified once.
    func reifiedRows(_ store: GraphStore) throws -> Int {
        Int(try store.db.scalar("""
            SELECT count(*) FROM triple WHERE doc IS NOT NULL OR evidence IS NOT NULL OR extractor IS NOT NULL
              OR date IS NOT NULL OR confidence IS NOT NULL OR qual IS NOT NULL
            """)?.int ?? -1)
    }

    func testBaseIRIMustBeAbsolute() throws {
        XCTAssertThrowsError(try NTriplesWriter(baseIRI: "not an iri"))
        XCTAssertThrowsError(try NTriplesWriter(baseIRI: "http://x/<y>"))
        XCTAssertEqual(try NTriplesWriter(baseIRI: "urn:kg").baseIRI, "urn:kg/")
        XCTAssertEqual(try NTriplesWriter(baseIRI: "http://x/ns#").baseIRI, "http://x/ns#")
        XCTAssertEqual(NTriplesWriter.encode("Weird Label \"x\"/é"), "Weird%20Label%20%22x%22%2F%C3%A9")
    }

    func testGraphMLLoadsInNetworkXWithTheSameCounts() throws {
        let store = try newStore()
        try buildSampleGraph(store)
        let sink = ByteSink.memory()
        let summary = try GraphMLWriter().write(store: store, to: sink)
        let stats = try store.stats()
        XCTAssertEqual(summary, .init(nodes: stats.nodes, edges: stats.relationships))
        let file = path("g.graphml")
        try sink.text.write(toFile: file, atomically: true, encoding: .utf8)
        let python = try python(with: ["networkx"])
        let script = """
            import sys, networkx as nx
            g = nx.read_graphml(sys.argv[1], force_multigraph=True)
            s = g.nodes["n1"]
            e = [d for _, _, d in g.edges(data=True) if d["type"] == "REGULATED_BY"][0]
            print(g.number_of_nodes(), g.number_of_edges(), s["name"], s["labels"], type(s["employees"]).__name__,
                  type(s["revenue"]).__name__, s["listed"], e["action"], e["count"], e["confidence"])
            names = {d.get("name") for _, d in g.nodes(data=True)}
            assert "Quote \\" inside" in names and "New\\nline and\\r\\nCRLF" in names and "商汤科技" in names, names
            """
        let result = try run(python, ["-c", script, file])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(String(decoding: result.stdout, as: UTF8.self),
                       "\(stats.nodes) \(stats.relationships) SenseTime :Company int float True Entity List 2 1.0\n")
    }

    func testNeo4jCSVHeadersAndRows() throws {
        let store = try newStore()
        try buildSampleGraph(store)
        let folder = path("csv")
        let summary = try Neo4jCSVWriter().write(store: store, toDirectory: folder)
        let stats = try store.stats()
        XCTAssertEqual(summary, .init(nodes: stats.nodes, relationships: stats.relationships))
        let nodes = try String(contentsOfFile: folder + "/nodes.csv", encoding: .utf8)
        let relationships = try String(contentsOfFile: folder + "/relationships.csv", encoding: .utf8)
        // The header holds keys with line breaks (quoted), so it ends where the first node starts.
        let nodeHeader = try XCTUnwrap(nodes.components(separatedBy: "\n1,Company,1,").first)
        XCTAssertTrue(nodeHeader.hasPrefix(":ID,:LABEL,kgId:long,"))
        XCTAssertTrue(nodeHeader.contains(",aliases:string[],"))
        XCTAssertTrue(nodeHeader.contains(",employees:long,"))
        XCTAssertTrue(nodeHeader.contains(",listed:boolean,"))
        XCTAssertTrue(nodeHeader.contains(",revenue:double"))
        XCTAssertTrue(nodeHeader.contains(",\"key New\nline and\r\nCRLF:string\","))
        XCTAssertTrue(relationships.hasPrefix(":START_ID,:END_ID,:TYPE,kgId:long,action:string,confidence:double,count:long,date:string,evidence:string,extractor:string,note:string,source:string,weight:double\n"))
        XCTAssertTrue(nodes.contains("\n4,Organization;Publisher,4,"), nodes)
        XCTAssertTrue(relationships.contains(",\"placed on the \"\"Entity List\"\"\nin 2019\","), relationships)

        // Python's csv module reads it back: one record per node and relationship.
        let python = try python(with: ["csv"])
        let script = """
            import csv, sys
            for name in ("nodes.csv", "relationships.csv"):
                with open(sys.argv[1] + "/" + name, newline="", encoding="utf-8") as f:
                    rows = list(csv.reader(f))
                    assert all(len(r) == len(rows[0]) for r in rows), name
                    print(len(rows) - 1, end=" ")
            """
        let result = try run(python, ["-c", script, folder])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(String(decoding: result.stdout, as: UTF8.self), "\(stats.nodes) \(stats.relationships) ")
    }
}
