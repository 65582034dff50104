import Foundation
import KGQuery
import KGStore

/// Renders a query result as text in one of the shell's output modes. Used by the REPL, by batch
/// scripts and by `kg query --format`.
public struct ResultFormatter: Sendable {
    public enum Mode: String, CaseIterable, Sendable {
        /// Aligned columns in a box, measured in display columns, with a footer.
        case table
        /// RFC 4180: fields quoted when needed, CRLF line ends.
        case csv
        /// Tab-separated; tabs, newlines and backslashes in values escaped as `\t`, `\n`, `\\`.
        case tsv
        /// One document: `{"columns": […], "rows": [[…], …]}` (the CLI contract).
        case json
        /// One JSON object per row, keyed by column name.
        case jsonl
        /// One `column = value` line per cell, a blank line between rows.
        case line
    }

    public var mode: Mode
    public var headers: Bool
    /// ANSI colour (bold headers, dim nulls and footer). Callers decide: a terminal, no NO_COLOR.
    public var color: Bool
    /// The row count and time under a table.
    public var footer: Bool
    /// Widest a table cell may be before it is cut with an ellipsis.
    public var maxCellWidth: Int
    /// When known, table columns shrink (widest first) so a row fits the terminal.
    public var terminalWidth: Int?

    public init(mode: Mode = .table, headers: Bool = true, color: Bool = false, footer: Bool = true,
                maxCellWidth: Int = 60, terminalWidth: Int? = nil) {
        self.mode = mode
        self.headers = headers
        self.color = color
        self.footer = footer
        self.maxCellWidth = maxCellWidth
        self.terminalWidth = terminalWidth
    }

    /// Whether colour suits this output: a terminal and no `NO_COLOR` (https://no-color.org).
    public static func wantsColor(fileDescriptor: Int32, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isatty(fileDescriptor) != 0
    }

    /// The terminal's width in columns, or nil when `fileDescriptor` is not a terminal.
    public static func terminalColumns(fileDescriptor: Int32) -> Int? {
        var size = winsize()
        guard isatty(fileDescriptor) != 0, ioctl(fileDescriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    public func format(_ result: QueryResult, elapsed: Duration? = nil) -> String {
        var out = ""
        write(result, elapsed: elapsed, to: &out)
        return out
    }

    public func write<Out: TextOutputStream>(_ result: QueryResult, elapsed: Duration? = nil, to out: inout Out) {
        if mode == .table {
            writeTable(result, elapsed: elapsed, to: &out)
            return
        }
        var stream = RowStream(formatter: self)
        out.write(stream.begin(columns: result.columns))
        for row in result.rows { out.write(stream.row(row)) }
        out.write(stream.end())
    }

    /// Whether rows can be written as they arrive (every mode but `table`, which measures all
    /// rows before drawing the first).
    public var streams: Bool { mode != .table }

    /// Writes a result row by row, so a large result needs no memory of its own.
    public struct RowStream {
        let formatter: ResultFormatter
        private var columns: [String] = []
        private var count = 0
        private var nameWidth = 0

        public init(formatter: ResultFormatter) {
            self.formatter = formatter
        }

        public mutating func begin(columns: [String]) -> String {
            self.columns = columns
            nameWidth = columns.map(DisplayWidth.columns).max() ?? 0
            switch formatter.mode {
            case .csv: return formatter.headers && !columns.isEmpty ? columns.map(ResultFormatter.csvField).joined(separator: ",") + "\r\n" : ""
            case .tsv: return formatter.headers && !columns.isEmpty ? columns.map(ResultFormatter.tsvField).joined(separator: "\t") + "\n" : ""
            case .json: return "{\"columns\": [" + columns.map(JSONText.string).joined(separator: ", ") + "], \"rows\": ["
            case .jsonl, .line, .table: return ""
            }
        }

        public mutating func row(_ values: [CypherValue]) -> String {
            defer { count += 1 }
            switch formatter.mode {
            case .csv:
                return values.map { $0 == .null ? "" : ResultFormatter.csvField(ValueText.cell($0)) }.joined(separator: ",") + "\r\n"
            case .tsv:
                return values.map { $0 == .null ? "" : ResultFormatter.tsvField(ValueText.cell($0)) }.joined(separator: "\t") + "\n"
            case .json:
                return (count > 0 ? ", " : "") + "[" + values.map(\.contractJSON).joined(separator: ", ") + "]"
            case .jsonl:
                return "{" + zip(columns, values).map { JSONText.string($0) + ": " + $1.contractJSON }.joined(separator: ", ") + "}" + "\n"
            case .line:
                var out = count > 0 ? "\n" : ""
                for (c, value) in values.enumerated() where c < columns.count {
                    let name = DisplayWidth.pad(columns[c], toColumns: nameWidth, rightAligned: true)
                    out += (formatter.headers ? formatter.bold(name) + " = " : "") + ValueText.cell(value) + "\n"
                }
                return out
            case .table:
                return ""
            }
        }

        public mutating func end() -> String {
            formatter.mode == .json ? "]}\n" : ""
        }
    }

    // MARK: Table

    private func writeTable<Out: TextOutputStream>(_ result: QueryResult, elapsed: Duration?, to out: inout Out) {
        if result.columns.isEmpty {
            // A writing statement: no table, just what it changed.
            if footer { out.write(dim(Self.summary(statistics: result.statistics, elapsed: elapsed)) + "\n") }
            return
        }
        let cells = result.rows.map { $0.map { Self.tableCell($0) } }
        let numeric = result.columns.indices.map { c in
            !result.rows.isEmpty && result.rows.allSatisfy { row in
                switch row[c] { case .integer, .float, .null: return true; default: return false }
            }
        }
        var widths = result.columns.indices.map { c -> Int in
            var w = headers ? DisplayWidth.columns(result.columns[c]) : 1
            for row in cells { w = max(w, DisplayWidth.columns(row[c])) }
            return min(max(w, 1), max(maxCellWidth, 1))
        }
        if let terminalWidth { Self.shrink(&widths, toFit: terminalWidth) }

        func rule(_ left: String, _ middle: String, _ right: String) -> String {
            dim(left + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: middle) + right) + "\n"
        }
        let bar = dim("│")
        out.write(rule("┌", "┬", "┐"))
        if headers {
            let names = result.columns.indices.map { c in
                bold(DisplayWidth.pad(DisplayWidth.truncate(Self.sanitized(result.columns[c]), toColumns: widths[c]), toColumns: widths[c]))
            }
            out.write(bar + " " + names.joined(separator: " " + bar + " ") + " " + bar + "\n")
            out.write(rule("├", "┼", "┤"))
        }
        for (r, row) in cells.enumerated() {
            var line = bar
            for c in row.indices {
                let text = DisplayWidth.pad(DisplayWidth.truncate(row[c], toColumns: widths[c]), toColumns: widths[c], rightAligned: numeric[c])
                line += " " + (result.rows[r][c] == .null ? dim(text) : text) + " " + bar
            }
            out.write(line + "\n")
        }
        out.write(rule("└", "┴", "┘"))
        if footer {
            var summary = result.rows.count == 1 ? "1 row" : "\(result.rows.count) rows"
            if let elapsed { summary += " (\(Self.duration(elapsed)))" }
            out.write(dim(summary) + "\n")
        }
    }

    /// Narrows the widest columns one column at a time until `1 + Σ(width + 3)` fits.
    static func shrink(_ widths: inout [Int], toFit total: Int, minimum: Int = 6) {
        var used = 1 + widths.reduce(0) { $0 + $1 + 3 }
        while used > total, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > minimum {
            widths[widest] -= 1
            used -= 1
        }
    }

    static func tableCell(_ value: CypherValue) -> String {
        sanitized(ValueText.cell(value))
    }

    /// One line per row: line breaks and other controls become visible escapes.
    static func sanitized(_ text: String) -> String {
        TextEscaping.escape(text) { scalar in
            switch scalar {
            case "\n": "\\n"
            case "\r": "\\r"
            case "\t": "\\t"
            default: scalar.value < 0x20 || scalar.value == 0x7F ? "\\x" + String(format: "%02X", scalar.value) : nil
            }
        }
    }

    public static func duration(_ d: Duration) -> String {
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        if seconds < 1 { return String(format: "%.1f ms", seconds * 1000) }
        return String(format: "%.2f s", seconds)
    }

    /// What a writing statement did, from its counters: "2 nodes created, 3 properties set (1.2 ms)".
    public static func summary(statistics: [String: Int], elapsed: Duration?) -> String {
        let parts = statistics.filter { $0.value != 0 }.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
        var text = parts.isEmpty ? "no changes, no rows" : parts.joined(separator: ", ")
        if let elapsed { text += " (\(duration(elapsed)))" }
        return text
    }

    // MARK: CSV, TSV

    static func csvField(_ text: String) -> String {
        let needsQuotes = text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
            || text.first == " " || text.last == " "
        return needsQuotes ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    static func tsvField(_ text: String) -> String {
        TextEscaping.escape(text) { scalar in
            switch scalar {
            case "\t": "\\t"
            case "\n": "\\n"
            case "\r": "\\r"
            case "\\": "\\\\"
            default: nil
            }
        }
    }

    // MARK: Colour

    func bold(_ s: String) -> String { color ? "\u{1B}[1m" + s + "\u{1B}[0m" : s }
    func dim(_ s: String) -> String { color ? "\u{1B}[2m" + s + "\u{1B}[0m" : s }
}
