import ArgumentParser
import Foundation
import KGExport
import KGStore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load a graph from JSON lines (the APOC shape that `kg export --format jsonl` writes).",
        discussion: """
            Node lines come before the relationships that use them. The whole file loads in one \
            transaction: a malformed line is reported as FILE:LINE: reason and nothing is imported.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("The JSON-lines file; - reads standard input.", valueName: "FILE"))
    var file: String

    @Flag(name: .shortAndLong, help: "Print nothing on success.")
    var quiet = false

    func run() throws {
        let store = try global.openStore()
        let start = Date()
        let summary: JSONLinesImporter.Summary
        do {
            summary = try JSONLinesImporter(store: store).importFile(file)
        } catch let error as ExportError {
            throw CLIError(error.description)
        } catch let error as SQLiteError {
            throw CLIError("\(file): \(error.description)")
        }
        if !quiet {
            let seconds = Date().timeIntervalSince(start)
            let rate = seconds > 0 ? Int(Double(summary.triples) / seconds) : 0
            FileHandle.standardError.write(Data("""
                imported \(summary.nodes) nodes, \(summary.relationships) relationships, \
                \(summary.triples) triples, \(summary.documents) new documents \
                in \(String(format: "%.2f", seconds)) s (\(rate) triples/s)\n
                """.utf8))
        }
    }
}
