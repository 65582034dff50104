import ArgumentParser
import Foundation
import KGQuery
import KGShell
import KGStore

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run Cypher statements against the graph.",
        discussion: """
            Errors go to standard error as `<ErrorType>: <detail>` and the exit status is 1; so do a \
            timeout (--timeout) and a result cut at --max-rows (the rows before the cut are printed).
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Output format: table, csv, tsv, json or jsonl.")
    var format: String = "table"

    @Option(name: .customLong("param"), help: ArgumentHelp("A query parameter as NAME=JSON (repeatable).", valueName: "NAME=JSON"))
    var params: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("Read the statements from a file (`;`-separated).", valueName: "FILE"))
    var file: String?

    @Option(name: .long, help: ArgumentHelp("Stop a statement that runs longer than this.", valueName: "SECONDS"))
    var timeout: Double?

    @Option(name: .customLong("max-rows"), help: ArgumentHelp("Stop a result after this many rows.", valueName: "N"))
    var maxRows: Int?

    @Argument(help: "The Cypher statement.")
    var query: String?

    func validate() throws {
        guard ["table", "csv", "tsv", "json", "jsonl"].contains(format) else {
            throw ValidationError("unknown format '\(format)' (use table, csv, tsv, json or jsonl)")
        }
        if (query == nil) == (file == nil) { throw ValidationError("give either a QUERY or -f FILE") }
        if let timeout, !(timeout > 0) { throw ValidationError("--timeout must be a positive number of seconds") }
        if let maxRows, maxRows < 0 { throw ValidationError("--max-rows must not be negative") }
    }

    func run() throws {
        let parameters = try QueryParameters.parse(params)
        let statements: [ScriptStatement]
        var source = "query"
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { throw CLIError("\(file): cannot read") }
            statements = QueryEngine.split(text)
            source = file
        } else {
            // Several `;`-separated statements run in order, as from a file; nothing but blanks
            // and comments still goes to the parser, for its error.
            let split = QueryEngine.split(query!)
            statements = split.isEmpty ? [ScriptStatement(text: query!, line: 1)] : split
        }
        let store = try global.openStore()
        let engine: QueryEngine
        do { engine = try QueryEngine(store: store) } catch { throw CLIError("\(error)") }
        let limits = ExecutionLimits(timeout: timeout, maxRows: maxRows)
        var out = StandardOutput()
        for statement in statements {
            do {
                let statistics = try Self.run(statement.text, engine: engine, parameters: parameters, limits: limits,
                                              format: format, to: &out)
                out.flush()
                if !statistics.isEmpty {
                    FileHandle.standardError.write(Data((ResultFormatter.summary(statistics: statistics, elapsed: nil) + "\n").utf8))
                }
            } catch let error as QueryError {
                out.flush()
                var message = error.description
                if file != nil, let position = error.position {
                    message += "\n  (\(source):\(statement.line + position.line - 1))"
                }
                FileHandle.standardError.write(Data((message + "\n").utf8))
                Foundation.exit(1)
            }
        }
        out.flush()
    }

    /// Runs one statement and writes its result. csv, tsv and jsonl stream in batches, so a large
    /// result needs little memory; a table needs every row for its column widths, and json is
    /// one document (the CLI contract's encoder), so those two collect the rows first.
    static func run(_ text: String, engine: QueryEngine, parameters: [String: CypherValue], limits: ExecutionLimits,
                    format: String, to out: inout StandardOutput) throws -> [String: Int] {
        if format == "json" {
            let result = try engine.execute(text, parameters: parameters, limits: limits)
            out.write(result.contractJSON + "\n")
            return result.statistics
        }
        let mode = ResultFormatter.Mode(rawValue: format) ?? .table
        let toTerminal = isatty(STDOUT_FILENO) != 0
        var formatter = ResultFormatter(mode: mode, color: toTerminal && ResultFormatter.wantsColor(fileDescriptor: STDOUT_FILENO),
                                        terminalWidth: toTerminal ? ResultFormatter.terminalColumns(fileDescriptor: STDOUT_FILENO) : nil)
        let streaming = mode != .table
        var columns: [String] = []
        var batch: [[CypherValue]] = []
        var wroteHeader = false
        func flushBatch(_ out: inout StandardOutput) {
            guard !columns.isEmpty, !batch.isEmpty || !wroteHeader else { return }
            formatter.headers = !wroteHeader
            formatter.write(QueryResult(columns: columns, rows: batch, statistics: [:]), to: &out)
            wroteHeader = true
            batch.removeAll(keepingCapacity: true)
        }
        do {
            let statistics = try engine.execute(text, parameters: parameters, limits: limits, columns: { columns = $0 }) { row in
                batch.append(row)
                if streaming && batch.count >= 512 { flushBatch(&out) }
            }
            // A writing statement without RETURN has no table; its counts go to standard error.
            if streaming { flushBatch(&out) } else if !columns.isEmpty {
                formatter.write(QueryResult(columns: columns, rows: batch, statistics: statistics), to: &out)
            }
            return statistics
        } catch let error as QueryError where error.kind == .rowLimitExceeded {
            // The rows before the limit are part of the answer the user sees.
            if streaming { flushBatch(&out) } else {
                formatter.write(QueryResult(columns: columns, rows: batch, statistics: [:]), to: &out)
            }
            throw error
        }
    }
}

/// Standard output with a buffer, written through in large pieces.
struct StandardOutput: TextOutputStream {
    private var buffer: [UInt8] = []

    mutating func write(_ string: String) {
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Foundation.write(STDOUT_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if n <= 0 { break }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
