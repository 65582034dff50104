import Foundation
import KGQuery
import KGStore

/// The shell's dot-commands, in the sqlite3 shell's spirit plus the ones a knowledge graph needs.
enum DotCommand {
    struct Entry {
        let name: String
        let arguments: String
        let summary: String
    }

    static let entries: [Entry] = [
        Entry(name: ".help", arguments: "[COMMAND]", summary: "Show the commands, or one command's help"),
        Entry(name: ".schema", arguments: "", summary: "Labels, relationship types and property keys, with counts"),
        Entry(name: ".stats", arguments: "", summary: "Counts of nodes, relationships, triples and documents"),
        Entry(name: ".mode", arguments: "[table|csv|tsv|json|jsonl|line]", summary: "Set (or show) the output mode"),
        Entry(name: ".headers", arguments: "on|off", summary: "Column names in table, csv, tsv and line output"),
        Entry(name: ".output", arguments: "[FILE]", summary: "Write results to FILE (no FILE: back to the terminal)"),
        Entry(name: ".once", arguments: "FILE", summary: "Write the next result only to FILE"),
        Entry(name: ".read", arguments: "FILE", summary: "Run the statements and commands in FILE"),
        Entry(name: ".timer", arguments: "on|off", summary: "Show how long each statement takes"),
        Entry(name: ".open", arguments: "FILE", summary: "Close this graph and open (or create) FILE"),
        Entry(name: ".ingest", arguments: "PATH...", summary: "Read documents (files or folders) into the graph"),
        Entry(name: ".find", arguments: "TEXT", summary: "Entities whose name or alias matches TEXT (fuzzy)"),
        Entry(name: ".show", arguments: "NAME", summary: "An entity: labels, properties, aliases, relationships in and out"),
        Entry(name: ".neighbors", arguments: "NAME [DEPTH]", summary: "Entities within DEPTH relationships of NAME (default 1)"),
        Entry(name: ".path", arguments: "A B", summary: "A shortest path between two entities"),
        Entry(name: ".why", arguments: "", summary: "The evidence behind each relationship in the last result"),
        Entry(name: ".dot", arguments: "[FILE]", summary: "The last result as Graphviz DOT (to FILE, or shown)"),
        Entry(name: ".quit", arguments: "", summary: "Leave kg (also .exit, Ctrl-D)"),
    ]

    static var names: [String] { entries.map(\.name) + [".exit"] }

    static func help(for name: String? = nil) -> String {
        if let name {
            let wanted = name.hasPrefix(".") ? name : "." + name
            guard let entry = entries.first(where: { $0.name == wanted }) else { return "No command \(wanted). Try .help\n" }
            return "\(entry.name) \(entry.arguments)\n    \(entry.summary)\n"
        }
        let width = entries.map { DisplayWidth.columns($0.name + " " + $0.arguments) }.max() ?? 0
        var out = ""
        for entry in entries {
            out += DisplayWidth.pad(entry.name + (entry.arguments.isEmpty ? "" : " " + entry.arguments), toColumns: width)
            out += "  " + entry.summary + "\n"
        }
        out += """

            Cypher statements end with ';' or a blank line. Quote names that hold spaces or quotes:
            .show 'SenseTime Group' or .show "Tang Xiao'ou". Tab completes keywords, labels,
            relationship types, property keys, names and file paths.

            """
        return out
    }

    /// Splits a dot-command's arguments like a shell: blanks separate, quotes group, `\` escapes.
    static func arguments(_ text: String) throws -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for c in text {
            if escaped {
                current.append(c)
                escaped = false
                continue
            }
            if c == "\\" {
                escaped = true
                inWord = true
                continue
            }
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
                continue
            }
            if c == "'" || c == "\"" {
                quote = c
                inWord = true
            } else if c == " " || c == "\t" {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(c)
                inWord = true
            }
        }
        if let quote { throw ShellError("unclosed \(quote) in: \(text)") }
        if escaped { current.append("\\") }
        if inWord { words.append(current) }
        return words
    }
}

extension Shell {
    func runDotCommand(_ text: String) throws {
        let words = try DotCommand.arguments(text)
        guard let name = words.first else { return }
        let args = Array(words.dropFirst())
        func one(_ usage: String) throws -> String {
            guard args.count == 1 else { throw ShellError("usage: \(name) \(usage)") }
            return args[0]
        }
        func onOff(_ usage: String) throws -> Bool {
            switch try one(usage).lowercased() {
            case "on", "yes", "true", "1": return true
            case "off", "no", "false", "0": return false
            default: throw ShellError("usage: \(name) \(usage)")
            }
        }
        switch name {
        case ".help":
            guard args.count <= 1 else { throw ShellError("usage: .help [COMMAND]") }
            try emitText(DotCommand.help(for: args.first))
        case ".quit", ".exit", ".q":
            quit()
        case ".mode":
            if args.isEmpty {
                try emitText("current output mode: \(options.mode.rawValue)\n")
                return
            }
            let value = try one("table|csv|tsv|json|jsonl|line")
            guard let mode = ResultFormatter.Mode(rawValue: value.lowercased()) else {
                throw ShellError("unknown mode '\(value)'; choose one of: \(ResultFormatter.Mode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            options.mode = mode
        case ".headers", ".header":
            options.headers = try onOff("on|off")
        case ".timer":
            options.timer = try onOff("on|off")
        case ".output":
            guard args.count <= 1 else { throw ShellError("usage: .output [FILE]") }
            let target = args.first.flatMap { $0 == "stdout" || $0 == "-" ? nil : $0 }
            try output.redirect(to: target)
        case ".once":
            try output.redirectOnce(to: try one("FILE"))
        case ".read":
            if !(try read(try one("FILE"))) { throw SilentFailure() }
        case ".open":
            try open(try one("FILE"))
        case ".ingest":
            guard !args.isEmpty else { throw ShellError("usage: .ingest PATH...") }
            if !ingest(args) { throw SilentFailure() }
        case ".dot":
            guard args.count <= 1 else { throw ShellError("usage: .dot [FILE]") }
            try dot(to: args.first)
        case ".schema":
            guard args.isEmpty else { throw ShellError("usage: .schema") }
            try showSchema()
        case ".stats":
            guard args.isEmpty else { throw ShellError("usage: .stats") }
            try showStats()
        case ".find":
            guard !args.isEmpty else { throw ShellError("usage: .find TEXT") }
            try find(args.joined(separator: " "))
        case ".show":
            try show(try one("NAME   (quote a name with spaces: .show 'Tang Xiaoou')"))
        case ".neighbors", ".neighbours":
            guard args.count == 1 || args.count == 2 else { throw ShellError("usage: .neighbors NAME [DEPTH]") }
            var depth = 1
            if args.count == 2 {
                guard let d = Int(args[1]), d >= 1, d <= 6 else { throw ShellError("DEPTH must be a number from 1 to 6, not '\(args[1])'") }
                depth = d
            }
            try neighbors(args[0], depth: depth)
        case ".path":
            guard args.count == 2 else { throw ShellError("usage: .path A B   (quote names with spaces)") }
            try path(from: args[0], to: args[1])
        case ".why":
            guard args.isEmpty else { throw ShellError("usage: .why") }
            try why()
        default:
            throw ShellError("unknown command \(name); enter .help for the list")
        }
    }
}

/// A failure already reported (a `.read` script's own errors): only the status is left to pass on.
struct SilentFailure: Error, CustomStringConvertible {
    var description: String { "" }
}
