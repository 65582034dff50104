import ArgumentParser
import Foundation
import KGQuery
import KGStore

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run Cypher statements against the graph.",
        discussion: "Errors go to standard error as `<ErrorType>: <detail>` and the exit status is 1.")

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Output format: table, csv, tsv, json or jsonl.")
    var format: String = "table"

    @Option(name: .customLong("param"), help: ArgumentHelp("A query parameter as NAME=JSON (repeatable).", valueName: "NAME=JSON"))
    var params: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("Read the statements from a file (`;`-separated).", valueName: "FILE"))
    var file: String?

    @Argument(help: "The Cypher statement.")
    var query: String?

    func validate() throws {
        guard ["table", "csv", "tsv", "json", "jsonl"].contains(format) else {
            throw ValidationError("unknown format '\(format)' (use table, csv, tsv, json or jsonl)")
        }
        if (query == nil) == (file == nil) { throw ValidationError("give either a QUERY or -f FILE") }
    }

    func parameters() throws -> [String: CypherValue] {
        var out: [String: CypherValue] = [:]
        for p in params {
            guard let eq = p.firstIndex(of: "=") else { throw CLIError("--param expects NAME=JSON, got '\(p)'") }
            let name = String(p[..<eq]), text = String(p[p.index(after: eq)...])
            do { out[name] = CypherValue(json: try JSONValue.parse(text)) } catch {
                throw CLIError("--param \(name): not JSON: \(text)")
            }
        }
        return out
    }

    func run() throws {
        let parameters = try parameters()
        let statements: [ScriptStatement]
        var source = "query"
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { throw CLIError("\(file): cannot read") }
            statements = QueryEngine.split(text)
            source = file
        } else {
            statements = [ScriptStatement(text: query!, line: 1)]
        }
        let store = try global.openStore()
        let engine: QueryEngine
        do { engine = try QueryEngine(store: store) } catch { throw CLIError("\(error)") }
        for statement in statements {
            do {
                let result = try engine.execute(statement.text, parameters: parameters)
                print(Self.render(result, format: format), terminator: "")
                if !result.statistics.isEmpty {
                    let summary = result.statistics.keys.sorted().map { "\($0): \(result.statistics[$0]!)" }.joined(separator: ", ")
                    FileHandle.standardError.write(Data((summary + "\n").utf8))
                }
            } catch let error as QueryError {
                var message = error.description
                if file != nil, let position = error.position {
                    message += "\n  (\(source):\(statement.line + position.line - 1))"
                }
                FileHandle.standardError.write(Data((message + "\n").utf8))
                Foundation.exit(1)
            }
        }
    }

    static func render(_ result: QueryResult, format: String) -> String {
        switch format {
        case "json":
            return result.contractJSON + "\n"
        case "jsonl":
            return result.rows.map { row in
                "{" + zip(result.columns, row).map { JSONText.string($0) + ": " + $1.contractJSON }.joined(separator: ", ") + "}\n"
            }.joined()
        case "csv", "tsv":
            let separator = format == "csv" ? "," : "\t"
            func field(_ s: String) -> String {
                if format == "tsv" {
                    return s.replacingOccurrences(of: "\t", with: "\\t").replacingOccurrences(of: "\n", with: "\\n")
                }
                if s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") {
                    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                }
                return s
            }
            var out = result.columns.map(field).joined(separator: separator) + "\n"
            for row in result.rows {
                out += row.map { $0 == .null ? "" : field($0.displayText) }.joined(separator: separator) + "\n"
            }
            return out
        default:
            if result.columns.isEmpty { return "" }
            let cells = result.rows.map { $0.map { $0.displayText } }
            var widths = result.columns.map(\.count)
            for row in cells { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
            func line(_ values: [String]) -> String {
                "| " + values.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: " | ") + " |\n"
            }
            let rule = "+" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "+\n"
            var out = rule + line(result.columns) + rule
            for row in cells { out += line(row) }
            out += rule
            out += "\(result.rows.count) row\(result.rows.count == 1 ? "" : "s")\n"
            return out
        }
    }
}
