import Foundation
import KGQuery
import KGStore

/// A kg session: the interactive REPL, or a script (standard input, `-f`, `-c`, `.read`).
/// It reads statements and dot-commands, runs them, and writes results in the chosen mode.
public final class Shell {
    public struct Options: Sendable {
        /// Stop a script at its first error.
        public var bail: Bool
        public var mode: ResultFormatter.Mode
        public var headers: Bool
        /// Show how long each statement took (on by default at the terminal).
        public var timer: Bool

        public init(bail: Bool = false, mode: ResultFormatter.Mode = .table, headers: Bool = true, timer: Bool = false) {
            self.bail = bail
            self.mode = mode
            self.headers = headers
            self.timer = timer
        }
    }

    public private(set) var store: GraphStore
    public private(set) var catalog: GraphCatalog
    public var options: Options
    /// The last query result with columns: what `.why` and `.dot` work on.
    public private(set) var lastResult: QueryResult?

    private(set) var engine: QueryEngine
    let output = OutputChannel()
    private(set) var shouldQuit = false
    /// Scripts being read (`.read` inside `.read`), to refuse a file that reads itself forever.
    private var readDepth = 0
    /// Whether Ctrl-C is wired to stop statements (the interactive shell).
    private(set) var isInterruptible = false

    /// Rows of a streamed result kept for `.why` and `.dot`; a bigger result is not kept.
    public static let lastResultRowLimit = 10_000

    public init(store: GraphStore, options: Options = Options()) throws {
        self.store = store
        self.catalog = GraphCatalog(store: store)
        self.options = options
        self.engine = try QueryEngine(store: store)
    }

    // MARK: Scripts

    /// Runs a script's text; `source` names it in error messages (`file.cypher:12: …`).
    /// Returns whether every statement and command succeeded.
    @discardableResult
    public func runScript(_ text: String, source: String) -> Bool {
        // Split on the scalar: "\r\n" is one Character, so a Character split would miss it.
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return run(lines: lines.lazy.map { String($0) }, source: source)
    }

    /// Reads a script from standard input line by line, so a producer feeding a pipe sees results
    /// as its statements complete.
    @discardableResult
    public func runStandardInput(source: String = "<stdin>") -> Bool {
        run(lines: AnySequence { AnyIterator { Swift.readLine(strippingNewline: true) } }, source: source)
    }

    private func run<Lines: Sequence>(lines: Lines, source: String) -> Bool where Lines.Element == String {
        var scanner = StatementScanner()
        var ok = true
        var lineNumber = 0
        for line in lines {
            lineNumber += 1
            let text = line.unicodeScalars.last == "\r" ? String(line.unicodeScalars.dropLast()) : line
            for input in scanner.feed(text, lineNumber: lineNumber) {
                if !execute(input, source: source) {
                    ok = false
                    if options.bail { return false }
                }
                if shouldQuit { return ok }
            }
        }
        for input in scanner.finish() where !shouldQuit {
            if !execute(input, source: source) { ok = false }
        }
        return ok
    }

    /// Reads and runs a script file (`kg -f`, `.read`).
    public func runFile(_ path: String) -> Bool {
        let text: String
        do {
            text = try FileAccess.readText(path)
        } catch {
            Console.error("kg: \(error)\n")
            return false
        }
        return runScript(text, source: path)
    }

    // MARK: Interactive

    public static let primaryPrompt = "kg> "
    public static let continuationPrompt = "...> "

    /// The REPL on the terminal. Returns the exit status (128 + the signal after SIGTERM/SIGHUP).
    public func runInteractive(historyPath: String?, banner: Bool = true) -> Int32 {
        let signals = Interrupts.install()
        isInterruptible = signals != nil
        defer {
            isInterruptible = false
            if let signals { Interrupts.uninstall(signals) }
        }
        let editor = LineEditor(historyPath: historyPath, signals: signals) { [unowned self] prefix, word, quote in
            Completer(vocabulary: catalog, dotCommands: DotCommand.names).complete(prefix: prefix, word: word, quote: quote)
        }
        defer { editor.close() }
        if banner {
            // With results redirected (`kg > out.txt`), the banner goes where the prompt goes.
            let text = "kg: a knowledge graph in \(store.path)\n"
                + "Enter Cypher ending in ';' or a blank line, or .help for commands. Ctrl-D quits.\n"
            Self.toPromptStream(text)
        }
        var scanner = StatementScanner()
        var lineNumber = 0
        loop: while !shouldQuit {
            switch editor.readLine(prompt: scanner.isPending ? Self.continuationPrompt : Self.primaryPrompt) {
            case .line(let line):
                lineNumber += 1
                for input in scanner.feed(line, lineNumber: lineNumber) {
                    editor.addHistory(input.kind == .dotCommand ? input.text : StatementScanner.singleLine(input.text) + ";")
                    execute(input, source: nil)
                    if let signal = editor.afterCommand() { return 128 + signal }
                    if shouldQuit { break loop }
                }
            case .interrupt:
                scanner.reset()
            case .endOfInput:
                Self.toPromptStream("\n")
                break loop
            case .terminate(let signal):
                return 128 + signal
            }
        }
        return 0
    }

    /// Terminal chatter goes where readline draws the prompt: stdout, or stderr when results
    /// are redirected (`kg > out.txt`).
    private static func toPromptStream(_ text: String) {
        if isatty(STDOUT_FILENO) != 0 { Console.out(text) } else { Console.error(text) }
    }

    // MARK: Running one input

    /// Runs one statement or dot-command, reporting any error on stderr. Returns success.
    @discardableResult
    public func execute(_ input: ShellInput, source: String?) -> Bool {
        do {
            switch input.kind {
            case .statement: try runStatement(input.text)
            case .dotCommand:
                // Ctrl-C stops a dot-command's SQL too (the scan behind .find, the counts of
                // .schema); the argument keeps this connection alive even if `.open` replaces it.
                try Interrupts.whileRunning(on: isInterruptible ? store.db : nil) { try runDotCommand(input.text) }
            }
            return true
        } catch {
            report(error, input: input, source: source)
            return false
        }
    }

    private func runStatement(_ text: String) throws {
        let start = ContinuousClock.now
        defer { catalog.invalidate() } // a write may have added labels, types or keys
        if ResultFormatter(mode: options.mode).streams {
            try streamStatement(text, start: start)
            return
        }
        let result = try Interrupts.whileRunning(on: isInterruptible ? store.db : nil) { try engine.execute(text) }
        let elapsed = start.duration(to: .now)
        if !result.columns.isEmpty { lastResult = result }
        try emit(result, elapsed: elapsed)
    }

    /// csv, tsv, json, jsonl and line output: each row is written as the engine yields it, so a
    /// large result costs no memory and the first rows show at once.
    private func streamStatement(_ text: String, start: ContinuousClock.Instant) throws {
        var stream = ResultFormatter.RowStream(formatter: formatter())
        var columns: [String] = []
        var kept: [[CypherValue]] = []
        var keep = true
        var began = false
        let statistics = try Interrupts.whileRunning(on: isInterruptible ? store.db : nil) {
            try engine.execute(text, columns: { names in
                columns = names
                began = true
                try output.write(stream.begin(columns: names))
            }, row: { values in
                if keep {
                    kept.append(values)
                    if kept.count > Self.lastResultRowLimit { keep = false; kept = [] }
                }
                try output.write(stream.row(values))
            })
        }
        if !began { try output.write(stream.begin(columns: [])) }
        try output.write(stream.end())
        output.endResult()
        let elapsed = start.duration(to: .now)
        if !columns.isEmpty { lastResult = keep ? QueryResult(columns: columns, rows: kept) : nil }
        if columns.isEmpty && statistics.contains(where: { $0.value != 0 }) {
            Console.error(ResultFormatter.summary(statistics: statistics, elapsed: nil) + "\n")
        }
        if options.timer { Console.error("Run Time: \(ResultFormatter.duration(elapsed))\n") }
    }

    /// The formatter for the current mode and output: colour and the terminal's width only when
    /// results go to the terminal.
    func formatter(footer: Bool = true) -> ResultFormatter {
        let toTerminal = output.isStandardOutput
        return ResultFormatter(mode: options.mode, headers: options.headers,
                               color: toTerminal && ResultFormatter.wantsColor(fileDescriptor: STDOUT_FILENO),
                               footer: footer,
                               terminalWidth: toTerminal ? ResultFormatter.terminalColumns(fileDescriptor: STDOUT_FILENO) : nil)
    }

    /// Writes a result in the current mode to the current output.
    func emit(_ result: QueryResult, elapsed: Duration? = nil, footer: Bool = true) throws {
        if options.mode == .json && result.columns.isEmpty && !result.statistics.isEmpty {
            Console.error(ResultFormatter.summary(statistics: result.statistics, elapsed: nil) + "\n")
        }
        try output.write(formatter(footer: footer).format(result, elapsed: options.timer ? elapsed : nil))
        output.endResult()
        if options.timer, let elapsed, options.mode != .table {
            Console.error("Run Time: \(ResultFormatter.duration(elapsed))\n")
        }
    }

    /// Writes plain text (for `.show`, `.stats`, `.help`) to the current output.
    func emitText(_ text: String) throws {
        try output.write(text)
        output.endResult()
    }

    private func report(_ error: Error, input: ShellInput, source: String?) {
        if error is SilentFailure { return }
        var message = String(describing: error)
        var line = input.line
        if let query = error as? QueryError {
            if query.kind == .interrupted { message = "Interrupted." }
            else {
                message = Self.describe(query, showLine: source == nil && input.text.contains("\n"))
                if let position = query.position { line += position.line - 1 }
            }
        }
        if let sqlite = error as? SQLiteError, sqlite.isInterrupt { message = "Interrupted." }
        if error is InterruptedError { message = "Interrupted." }
        if let source {
            Console.error("\(source):\(line): \(message)\n")
        } else {
            Console.error(message + "\n")
        }
    }

    /// `SyntaxError: detail: message`, then the statement's line with a caret under the column
    /// (the line number is the script's, given before the message).
    static func describe(_ error: QueryError, showLine: Bool = false) -> String {
        var head = error.kind.rawValue + ": " + (error.code.map { $0 + ": " } ?? "") + error.message
        guard let position = error.position else { return head }
        head += showLine ? " (line \(position.line), column \(position.column))" : " (column \(position.column))"
        if let query = error.query {
            let lines = query.split(separator: "\n", omittingEmptySubsequences: false)
            if position.line >= 1 && position.line <= lines.count {
                let text = String(lines[position.line - 1])
                var before = ""
                before.unicodeScalars.append(contentsOf: text.unicodeScalars.prefix(max(0, position.column - 1)))
                head += "\n  " + text + "\n  " + String(repeating: " ", count: DisplayWidth.columns(before)) + "^"
            }
        }
        return head
    }

    // MARK: State changes for dot-commands

    func quit() { shouldQuit = true }

    func open(_ path: String) throws {
        let newStore = try GraphStore(path: FileAccess.expand(path))
        let newEngine = try QueryEngine(store: newStore)
        store = newStore
        engine = newEngine
        catalog = GraphCatalog(store: newStore)
        lastResult = nil
    }

    func setLastResult(_ result: QueryResult) { lastResult = result }

    /// Reads a script from a dot-command, with a depth limit against files that read themselves.
    func read(_ path: String) throws -> Bool {
        guard readDepth < 16 else { throw ShellError("'.read \(path)': scripts nested more than 16 deep") }
        readDepth += 1
        defer { readDepth -= 1 }
        let text = try FileAccess.readText(path)
        return runScript(text, source: path)
    }

    /// Throws when Ctrl-C was pressed during a long loop outside SQLite.
    func checkInterrupt() throws {
        if isInterruptible && Interrupts.pending { throw InterruptedError() }
    }
}

/// A mistake in how a dot-command was used, in words the user can act on.
public struct ShellError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

