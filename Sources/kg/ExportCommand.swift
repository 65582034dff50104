import ArgumentParser
import Foundation
import KGExport
import KGStore

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the graph as JSON lines."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case jsonl
    }

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: Format = .jsonl

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "FILE"))
    var output: String?

    func run() throws {
        let store = try global.openStore(create: false, readOnly: true)
        do {
            let sink = try ByteSink(path: output)
            switch format {
            case .jsonl:
                try JSONLinesWriter().write(store: store, to: sink)
            }
            try sink.close()
        } catch let error as ExportError {
            throw CLIError(error.description)
        } catch let error as SQLiteError {
            throw CLIError(error.description)
        }
    }
}
