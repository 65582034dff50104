import ArgumentParser
import Foundation
import KGExport
import KGQuery
import KGStore

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the graph, a neighbourhood or a query's result as JSON lines, DOT, N-Triples, CSV or GraphML.",
        discussion: """
            jsonl     JSON lines in Neo4j APOC's shape; `kg import` reads them back.
            dot       Graphviz DOT of the whole graph, a neighbourhood (--around NAME) or what a
                      query returns (--query 'MATCH p=(:Company)-[*1..2]-() RETURN p'); --render
                      runs Graphviz for a picture.
            ntriples  RDF N-Triples under --base-iri; provenance as RDF reification.
            csv       nodes.csv and relationships.csv for neo4j-admin database import (-o DIR).
            graphml   GraphML for Gephi, yEd and NetworkX.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case jsonl, dot, ntriples, csv, graphml
    }

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: Format = .jsonl

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to FILE (a folder for csv) instead of standard output.", valueName: "FILE"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("dot: draw the nodes, relationships and paths this Cypher query returns.", valueName: "QUERY"))
    var query: String?

    @Option(name: .customLong("param"), help: ArgumentHelp("dot: a --query parameter as NAME=JSON (repeatable).", valueName: "NAME=JSON"))
    var params: [String] = []

    @Option(name: .long, help: ArgumentHelp("dot: draw the nodes within --depth of the node with this name.", valueName: "NAME"))
    var around: String?

    @Option(name: .long, help: "dot: how many relationships away from --around to go.")
    var depth: Int = 1

    @Option(name: .long, help: "dot: draw at most this many nodes (0: no limit); a warning says what was left out.")
    var maxNodes: Int = 2000

    @Option(name: .long, help: ArgumentHelp("dot: layout direction (TB, LR, BT, RL).", valueName: "DIR"))
    var rankdir: String?

    @Flag(name: .long, help: "dot: group nodes into one box per label.")
    var cluster = false

    @Flag(name: .long, help: "dot: leave out the legend.")
    var noLegend = false

    @Option(name: .long, help: ArgumentHelp("dot: run Graphviz and write a picture (svg, png or pdf) instead of DOT.", valueName: "FORMAT"))
    var render: String?

    @Option(name: .long, help: ArgumentHelp("ntriples: the IRI that node, label, type and key IRIs are minted under.", valueName: "IRI"))
    var baseIRI: String = NTriplesWriter.defaultBaseIRI

    func validate() throws {
        if format != .dot {
            for (given, name) in [(query != nil, "--query"), (around != nil, "--around"), (render != nil, "--render"), (cluster, "--cluster"), (rankdir != nil, "--rankdir")] where given {
                throw ValidationError("\(name) applies to --format dot")
            }
        }
        if query != nil && around != nil { throw ValidationError("give --query or --around, not both") }
        if !params.isEmpty && query == nil { throw ValidationError("--param applies to --query") }
        if depth < 0 { throw ValidationError("--depth must be 0 or more") }
        if maxNodes < 0 { throw ValidationError("--max-nodes must be 0 (no limit) or more") }
        if let rankdir, DOTWriter.RankDirection(rawValue: rankdir.uppercased()) == nil {
            throw ValidationError("--rankdir must be one of TB, LR, BT, RL")
        }
        if let render, GraphvizRenderer.Format(rawValue: render.lowercased()) == nil {
            throw ValidationError("--render must be one of svg, png, pdf")
        }
        if format == .csv && (output == nil || output == "-") {
            throw ValidationError("--format csv writes two files: give a folder with -o DIR")
        }
    }

    func run() throws {
        let store = try global.openStore(create: false, readOnly: true)
        do {
            switch format {
            case .jsonl:
                try writeFile { try JSONLinesWriter().write(store: store, to: $0) }
            case .dot:
                try exportDOT(store)
            case .ntriples:
                try writeFile { try NTriplesWriter(baseIRI: baseIRI).write(store: store, to: $0) }
            case .csv:
                try Neo4jCSVWriter().write(store: store, toDirectory: output!)
            case .graphml:
                try writeFile { try GraphMLWriter().write(store: store, to: $0) }
            }
        } catch let error as ExportError {
            throw CLIError(error.description)
        } catch let error as SQLiteError {
            throw CLIError(error.description)
        }
    }

    private func writeFile<T>(_ body: (ByteSink) throws -> T) throws {
        let sink = try ByteSink(path: output)
        _ = try body(sink)
        try sink.close()
    }

    private func exportDOT(_ store: GraphStore) throws {
        var options = DOTWriter.Options()
        options.rankDirection = rankdir.flatMap { DOTWriter.RankDirection(rawValue: $0.uppercased()) }
        options.clusterByLabel = cluster
        options.maxNodes = maxNodes == 0 ? nil : maxNodes
        options.legend = !noLegend
        let writer = DOTWriter(options: options)
        // A neighbourhood or a query's result is collected first (small by construction, or
        // as big as the result the user asked for); the whole graph streams.
        var subgraph = try around.map { try Subgraph.neighbourhood(of: $0, depth: depth, in: store, maxNodes: options.maxNodes.map { $0 + 1 }) }
        if let query {
            let result: QueryResult
            do {
                result = try QueryEngine(store: store).execute(query, parameters: try QueryParameters.parse(params))
            } catch let error as QueryError {
                throw CLIError(error.description)
            }
            subgraph = try Subgraph(result: result, store: store)
        }
        let draw: (ByteSink) throws -> DOTWriter.Summary = { sink in
            if let subgraph { return try writer.write(subgraph, to: sink) }
            return try writer.write(store: store, to: sink)
        }
        let summary: DOTWriter.Summary
        if let render, let renderFormat = GraphvizRenderer.Format(rawValue: render.lowercased()) {
            summary = try GraphvizRenderer().render(format: renderFormat, output: output, write: draw)
        } else {
            let sink = try ByteSink(path: output)
            summary = try draw(sink)
            try sink.close()
        }
        if summary.omittedNodes > 0 {
            // A neighbourhood stops collecting one node past the limit, so it knows only that more exist.
            let leftOut = around == nil ? "left out \(summary.omittedNodes) more" : "left out more within --depth \(depth)"
            FileHandle.standardError.write(Data("""
                kg: warning: drew \(summary.nodes) nodes and \(leftOut) \
                (--max-nodes \(maxNodes); --max-nodes 0 draws them all)\n
                """.utf8))
        }
    }
}
