import Foundation
import KGQuery
import KGStore

/// Runs Cypher text against a graph. The shell asks for a new one when `.open` switches graphs.
public typealias QueryRunner = (String) throws -> QueryResult
public typealias QueryRunnerFactory = (GraphStore) throws -> QueryRunner

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

    private var runner: QueryRunner
    private let makeRunner: QueryRunnerFactory
    let output = OutputChannel()
    private(set) var shouldQuit = false
    /// Scripts being read (`.read` inside `.read`), to refuse a file that reads itself forever.
    private var readDepth = 0
    /// Whether Ctrl-C is wired to stop statements (the interactive shell).
    private var interruptible = false

    public init(store: GraphStore, options: Options = Options(), makeRunner: @escaping QueryRunnerFactory) throws {
        self.store = store
        self.catalog = GraphCatalog(store: store)
        self.options = options
        self.makeRunner = makeRunner
        self.runner = try makeRunner(store)
    }

    // MARK: Scripts

    /// Runs a script's text; `source` names it in error messages (`file.cypher:12: …`).
    /// Returns whether every statement and command succeeded.
    @discardableResult
    public func runScript(_ text: String, source: String) -> Bool {
        var scanner = StatementScanner()
        var ok = true
        var lineNumber = 0
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        for line in lines {
            lineNumber += 1
            for input in scanner.feed(String(line.hasSuffix("\r") ? line.dropLast() : line), lineNumber: lineNumber) {
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

    /// Reads a script from standard input line by line, so a producer feeding a pipe sees results
    /// as its statements complete.
    @discardableResult
    public func runStandardInput(source: String = "<stdin>") -> Bool {
        var scanner = StatementScanner()
        var ok = true
        var lineNumber = 0
        while !shouldQuit, let line = Swift.readLine(strippingNewline: true) {
            lineNumber += 1
            for input in scanner.feed(line.hasSuffix("\r") ? String(line.dropLast()) : line, lineNumber: lineNumber) {
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
            Console.error("\(error)\n")
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
        interruptible = signals != nil
        defer {
            interruptible = false
            if let signals { Interrupts.uninstall(signals) }
        }
        let editor = LineEditor(historyPath: historyPath, signals: signals) { [unowned self] prefix, word, quote in
            Completer(vocabulary: catalog, dotCommands: DotCommand.names).complete(prefix: prefix, word: word, quote: quote)
        }
        defer { editor.close() }
        if banner {
            Console.out("kg: a knowledge graph in \(store.path)\n"
                + "Enter Cypher ending in ';' or a blank line, or .help for commands. Ctrl-D quits.\n")
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
                Console.out("\n")
                break loop
            case .terminate(let signal):
                return 128 + signal
            }
        }
        return 0
    }

    // MARK: Running one input

    /// Runs one statement or dot-command, reporting any error on stderr. Returns success.
    @discardableResult
    public func execute(_ input: ShellInput, source: String?) -> Bool {
        do {
            switch input.kind {
            case .statement: try runStatement(input.text)
            case .dotCommand: try runDotCommand(input.text)
            }
            return true
        } catch {
            report(error, input: input, source: source)
            return false
        }
    }

    private func runStatement(_ text: String) throws {
        let start = ContinuousClock.now
        let result: QueryResult
        do {
            result = try Interrupts.whileRunning(on: interruptible ? store.db : nil) { try runner(text) }
        } catch {
            // A failed write may still have changed the vocabulary in part of a script.
            catalog.invalidate()
            throw error
        }
        let elapsed = start.duration(to: .now)
        if !result.statistics.isEmpty || result.columns.isEmpty { catalog.invalidate() }
        if !result.columns.isEmpty { lastResult = result }
        try emit(result, elapsed: elapsed)
    }

    /// Writes a result in the current mode to the current output.
    func emit(_ result: QueryResult, elapsed: Duration? = nil, footer: Bool = true) throws {
        let toTerminal = output.isStandardOutput
        var formatter = ResultFormatter(mode: options.mode, headers: options.headers,
                                        color: toTerminal && ResultFormatter.wantsColor(fileDescriptor: STDOUT_FILENO),
                                        footer: footer,
                                        terminalWidth: toTerminal ? ResultFormatter.terminalColumns(fileDescriptor: STDOUT_FILENO) : nil)
        if options.mode == .json && result.columns.isEmpty && !result.statistics.isEmpty {
            Console.error(ResultFormatter.summary(statistics: result.statistics, elapsed: nil) + "\n")
        }
        let shownTime = options.timer ? elapsed : nil
        formatter.footer = footer
        try output.write(formatter.format(result, elapsed: shownTime))
        if options.timer, let elapsed, options.mode != .table {
            Console.error("Run Time: \(ResultFormatter.duration(elapsed))\n")
        }
    }

    /// Writes plain text (for `.show`, `.stats`, `.help`) to the current output.
    func emitText(_ text: String) throws {
        try output.write(text)
    }

    private func report(_ error: Error, input: ShellInput, source: String?) {
        if error is SilentFailure { return }
        var message = String(describing: error)
        var line = input.line
        if let sqlite = error as? SQLiteError, sqlite.isInterrupt { message = "Interrupted." }
        if error is InterruptedError { message = "Interrupted." }
        if let source {
            Console.error("\(source):\(line): \(message)\n")
        } else {
            Console.error(message + "\n")
        }
    }

    // MARK: State changes for dot-commands

    func quit() { shouldQuit = true }

    func open(_ path: String) throws {
        let newStore = try GraphStore(path: FileAccess.expand(path))
        let newRunner = try makeRunner(newStore)
        store = newStore
        runner = newRunner
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
        if interruptible && Interrupts.pending { throw InterruptedError() }
    }
}

/// A mistake in how a dot-command was used, in words the user can act on.
public struct ShellError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

