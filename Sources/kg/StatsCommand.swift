import ArgumentParser
import Foundation
import KGStore

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Counts of nodes per label, relationships per type, documents, file size.")

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let store = try global.openStore()
        let stats = try store.stats()
        var out = """
            graph        \(global.db)
            file size    \(ByteCountFormatter.string(fromByteCount: stats.fileBytes, countStyle: .file))
            documents    \(stats.documents)
            nodes        \(stats.nodes)
            relationships \(stats.relationships)
            triples      \(stats.triples)

            """
        if !stats.labels.isEmpty {
            out += "\nnodes per label\n"
            for (label, count) in stats.labels { out += "  \(label.padding(toLength: max(label.count, 24), withPad: " ", startingAt: 0)) \(count)\n" }
        }
        if !stats.relationshipTypes.isEmpty {
            out += "\nrelationships per type\n"
            for (type, count) in stats.relationshipTypes { out += "  \(type.padding(toLength: max(type.count, 24), withPad: " ", startingAt: 0)) \(count)\n" }
        }
        print(out, terminator: "")
    }
}
