import ArgumentParser
import Foundation
import KGStore

/// `kg`: the command line. Thin by design: parse arguments, call the library, print.
@main
struct KG: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kg",
        abstract: "Build a knowledge graph from documents and explore it with Cypher.",
        subcommands: [StatsCommand.self, QueryCommand.self]
    )

    @OptionGroup var global: GlobalOptions

    /// `--db` may come before the subcommand (`kg --db g.db stats`) as well as after it;
    /// ArgumentParser reads options after the subcommand's name, so move it there.
    static func normalizedArguments(_ arguments: [String]) -> [String] {
        let subcommandNames = Set(configuration.subcommands.map { $0._commandName })
        guard let subIndex = arguments.firstIndex(where: { subcommandNames.contains($0) }) else { return arguments }
        var before = Array(arguments[..<subIndex])
        var moved: [String] = []
        var i = 0
        while i < before.count {
            if before[i] == "--db", i + 1 < before.count {
                moved += [before[i], before[i + 1]]
                before.removeSubrange(i...i + 1)
            } else if before[i].hasPrefix("--db=") {
                moved.append(before.remove(at: i))
            } else {
                i += 1
            }
        }
        return before + [arguments[subIndex]] + moved + arguments[(subIndex + 1)...]
    }

    static func main() {
        let arguments = normalizedArguments(Array(CommandLine.arguments.dropFirst()))
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}

struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The graph file (created on first use).", valueName: "FILE"))
    var db: String = ProcessInfo.processInfo.environment["KG_DB"] ?? "kg.db"

    /// Opens the graph, turning store errors into one-line messages and a non-zero exit.
    func openStore(create: Bool = true, readOnly: Bool = false) throws -> GraphStore {
        do {
            return try GraphStore(path: db, create: create, readOnly: readOnly)
        } catch let error as StoreError {
            throw CLIError(error.description)
        }
    }
}

/// An error whose message is already what the user should read.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    let exitCode: Int32
    init(_ message: String, exitCode: Int32 = 1) {
        self.description = message
        self.exitCode = exitCode
    }
}

extension KG {
    /// Prints `kg: message` on stderr and exits non-zero; ArgumentParser's own errors keep its formatting.
    static func exit(withError error: Error) -> Never {
        if let cli = error as? CLIError {
            FileHandle.standardError.write(Data("kg: \(cli.description)\n".utf8))
            Foundation.exit(cli.exitCode)
        }
        if let store = error as? StoreError {
            FileHandle.standardError.write(Data("kg: \(store.description)\n".utf8))
            Foundation.exit(1)
        }
        KG.exit(withError: error as Error?)
    }
}
