import ArgumentParser
import Foundation
import KGQuery
import KGShell
import KGStore

/// `kg`: the command line. Thin by design: parse arguments, call the library, print.
@main
struct KG: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kg",
        abstract: "Build a knowledge graph from documents and explore it with Cypher.",
        subcommands: [StatsCommand.self, ImportCommand.self, ExportCommand.self, IngestCommand.self, QueryCommand.self]
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var session: SessionOptions

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
            // A subcommand parses its own arguments: the root's session flags (`-f`, `-c`, …)
            // must not shadow a subcommand's flags of the same name (`kg query -f FILE`).
            if let first = arguments.first,
               let subcommand = configuration.subcommands.first(where: { $0._commandName == first }) {
                var command: ParsableCommand
                do {
                    command = try subcommand.parseAsRoot(Array(arguments.dropFirst()))
                } catch {
                    subcommand.exit(withError: error)
                }
                try command.run()
                return
            }
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

/// `--param NAME=JSON` options, as `kg query` and `kg export --query` take them.
enum QueryParameters {
    static func parse(_ options: [String]) throws -> [String: CypherValue] {
        var out: [String: CypherValue] = [:]
        for option in options {
            guard let eq = option.firstIndex(of: "=") else { throw CLIError("--param expects NAME=JSON, got '\(option)'") }
            let name = String(option[..<eq]), text = String(option[option.index(after: eq)...])
            do { out[name] = CypherValue(json: try JSONValue.parse(text)) } catch {
                throw CLIError("--param \(name): not JSON (\(error)): \(text)")
            }
        }
        return out
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

/// The root command's own flags: with no subcommand, `kg` is the REPL (or runs a script).
struct SessionOptions: ParsableArguments {
    @Option(name: .customLong("ingest"), help: ArgumentHelp("Ingest documents (a file or a folder) first, then go on as usual.", valueName: "PATH"))
    var ingest: [String] = []

    @Option(name: [.customShort("f"), .customLong("file")], help: ArgumentHelp("Run the statements and dot-commands in FILE, then exit.", valueName: "FILE"))
    var file: [String] = []

    @Option(name: [.customShort("c"), .customLong("command")], help: ArgumentHelp("Run QUERY (statements or a dot-command), then exit.", valueName: "QUERY"))
    var command: [String] = []

    @Flag(name: .long, help: "Stop a script at its first error.")
    var bail = false

    @Option(name: .long, help: ArgumentHelp("Output mode: table, csv, tsv, json, jsonl or line.", valueName: "MODE"))
    var mode: String?

    @Option(name: .long, help: ArgumentHelp("Stop any statement that runs longer than this.", valueName: "SECONDS"))
    var timeout: Double?

    @Option(name: .customLong("max-rows"), help: ArgumentHelp("Stop a result after this many rows.", valueName: "N"))
    var maxRows: Int?
}

extension KG {
    /// `kg` with no subcommand: standard input on a terminal opens the REPL; otherwise standard
    /// input, `-f` files and `-c` queries are scripts, and the exit status says whether every
    /// statement in them succeeded.
    mutating func run() throws {
        if let timeout = session.timeout, !(timeout > 0) { throw ValidationError("--timeout must be a positive number of seconds") }
        if let maxRows = session.maxRows, maxRows < 0 { throw ValidationError("--max-rows must not be negative") }
        var options = Shell.Options(bail: session.bail, limits: ExecutionLimits(timeout: session.timeout, maxRows: session.maxRows))
        if let name = session.mode {
            guard let mode = ResultFormatter.Mode(rawValue: name.lowercased()) else {
                throw ValidationError("unknown mode '\(name)'; choose one of: \(ResultFormatter.Mode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            options.mode = mode
        }
        let interactive = session.file.isEmpty && session.command.isEmpty && isatty(STDIN_FILENO) != 0
        options.timer = interactive
        let store = try global.openStore()
        let shell: Shell
        do {
            shell = try Shell(store: store, options: options)
        } catch {
            throw CLIError(String(describing: error))
        }
        var ok = true
        if !session.ingest.isEmpty {
            ok = shell.ingest(session.ingest)
        }
        if interactive {
            let code = shell.runInteractive(historyPath: Self.historyPath())
            if code != 0 { throw ExitCode(code) }
            return
        }
        if session.file.isEmpty && session.command.isEmpty {
            ok = shell.runStandardInput() && ok
        }
        for path in session.file {
            ok = shell.runFile(path) && ok
            if !ok && session.bail { break }
        }
        for text in session.command where ok || !session.bail {
            ok = shell.runScript(text, source: "<command>") && ok
        }
        if !ok { throw ExitCode(1) }
    }

    /// `KG_HISTORY` names the history file (empty: no history); the default is `~/.kg_history`.
    static func historyPath() -> String? {
        if let path = ProcessInfo.processInfo.environment["KG_HISTORY"] { return path.isEmpty ? nil : path }
        return (NSHomeDirectory() as NSString).appendingPathComponent(".kg_history")
    }
}
