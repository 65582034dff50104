import CReadline
import Foundation

/// The terminal line editor, on GNU readline. Every readline call in kg is in this type.
///
/// Readline runs in its callback mode: the prompt loop polls standard input and the signal pipe,
/// so Ctrl-C at the prompt cancels the line cleanly (no longjmp, no work in a signal handler) and a
/// window resize is passed on. The terminal is put back to how it was whenever the loop hands
/// control back (a line read, Ctrl-C, Ctrl-D, a terminating signal) and in `close()`.
final class LineEditor {
    enum Event: Equatable {
        case line(String)
        /// Ctrl-C: the line was dropped.
        case interrupt
        /// Ctrl-D on an empty line, or the input closed.
        case endOfInput
        /// SIGTERM or SIGHUP: the shell should exit.
        case terminate(Int32)
    }

    typealias CompletionProvider = (_ prefix: String, _ word: String, _ quote: Character?) -> Completer.Result

    let historyPath: String?
    private let signals: Interrupts.Pipe?
    private var historyWarningShown = false
    private var closed = false

    /// Readline can only call back into plain C functions, so the one thing they need — where a
    /// finished line goes and who completes words — sits in a process-wide box, as readline's own
    /// state is process-wide.
    final class Bridge: @unchecked Sendable {
        static let shared = Bridge()
        private let lock = NSLock()
        private var delivered: String??
        private var provider: CompletionProvider?
        let dotBreaks: UnsafeMutablePointer<CChar> = strdup(" \t")
        let cypherBreaks: UnsafeMutablePointer<CChar> = strdup(Completer.wordBreakCharacters(lineBeforeCursor: ""))
        // Readline keeps these pointers, so they must outlive any one call.
        let quoteCharacters: UnsafeMutablePointer<CChar> = strdup("'\"`")
        let name: UnsafeMutablePointer<CChar> = strdup("kg")

        func deliver(_ line: String?) { lock.withLock { delivered = .some(line) } }
        func take() -> String?? { lock.withLock { defer { delivered = nil }; return delivered } }
        var completion: CompletionProvider? {
            get { lock.withLock { provider } }
            set { lock.withLock { provider = newValue } }
        }
    }

    init(historyPath: String?, signals: Interrupts.Pipe?, completion: @escaping CompletionProvider) {
        self.historyPath = historyPath
        self.signals = signals
        Bridge.shared.completion = completion
        kg_rl_set_readline_name(Bridge.shared.name)
        kg_rl_set_catch_signals(0)
        kg_rl_set_catch_sigwinch(0)
        kg_rl_set_change_environment(0)
        // Prompts and echo go to the terminal even when results are redirected (`kg > out.txt`).
        if isatty(STDOUT_FILENO) == 0 { kg_rl_set_outstream(kg_stderr()) }
        kg_rl_set_completer_quote_characters(Bridge.shared.quoteCharacters)
        kg_rl_set_completion_word_break_hook {
            let line = LineEditor.currentLine(upTo: Int(kg_rl_point()))
            return Completer.wordBreakCharacters(lineBeforeCursor: line) == " \t" ? Bridge.shared.dotBreaks : Bridge.shared.cypherBreaks
        }
        kg_rl_set_completion_function { text, start, _ in
            kg_rl_set_attempted_completion_over(1)
            guard let provider = Bridge.shared.completion else { return nil }
            let word = text.map { String(cString: $0) } ?? ""
            let quoteCode = kg_rl_completion_quote_character()
            let quote: Character? = quoteCode > 0 ? Character(Unicode.Scalar(UInt8(quoteCode))) : nil
            var prefix = LineEditor.currentLine(upTo: Int(start))
            if let quote, prefix.last == quote { prefix.removeLast() }
            let result = provider(prefix, word, quote)
            if result.filenames {
                return rl_completion_matches(text, rl_filename_completion_function)
            }
            if !result.appendSpace { kg_rl_set_completion_suppress_append(1) }
            return LineEditor.matchArray(result.candidates, word: word)
        }
        stifle_history(2000)
        if let historyPath, FileManager.default.fileExists(atPath: historyPath) {
            _ = read_history(historyPath)
        }
    }

    deinit { close() }

    /// The line buffer's first `count` bytes as text.
    private static func currentLine(upTo count: Int) -> String {
        guard let buffer = kg_rl_line_buffer(), count > 0 else { return "" }
        let bytes = UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self)
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// A malloc'd, NULL-terminated array readline takes ownership of: the common prefix to insert
    /// first, then the candidates.
    private static func matchArray(_ candidates: [String], word: String) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        let unique = Array(NSOrderedSet(array: candidates)) as? [String] ?? candidates
        guard let first = unique.first else { return nil }
        var common = first
        for candidate in unique.dropFirst() {
            common = String(zip(common, candidate).prefix(while: { $0 == $1 }).map(\.0))
        }
        // Never shorten what was typed (a case-insensitive match may share less of it).
        if unique.count > 1 && common.count < word.count { common = word }
        let entries = unique.count == 1 ? [first] : [common] + unique
        guard let array = malloc(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * (entries.count + 1))?
            .bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: entries.count + 1) else { return nil }
        for (i, entry) in entries.enumerated() { array[i] = strdup(entry) }
        array[entries.count] = nil
        return array
    }

    /// Reads one line with `prompt`, editing, history and completion on.
    func readLine(prompt: String) -> Event {
        _ = Bridge.shared.take()
        rl_callback_handler_install(prompt) { line in
            Bridge.shared.deliver(line.map { String(cString: $0) })
            free(line)
            // Hands the terminal back before the shell runs the line; the next read installs again.
            rl_callback_handler_remove()
        }
        while true {
            var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)]
            if let signals { fds.append(pollfd(fd: signals.read, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), -1)
            if ready < 0 {
                if errno == EINTR { continue }
                rl_callback_handler_remove()
                return .endOfInput
            }
            if let signals, fds.count > 1, fds[1].revents != 0 {
                for signal in Interrupts.drain(signals) {
                    switch signal {
                    case SIGINT:
                        Interrupts.clear()
                        cancelLine()
                        return .interrupt
                    case SIGTERM, SIGHUP:
                        rl_callback_handler_remove()
                        return .terminate(signal)
                    case SIGWINCH:
                        rl_resize_terminal()
                    case SIGCONT:
                        // Back from Ctrl-Z: the shell that ran us may have reset the terminal.
                        rl_deprep_terminal()
                        rl_prep_terminal(1)
                        rl_forced_update_display()
                    default:
                        break
                    }
                }
            }
            if fds[0].revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                rl_callback_read_char()
                if let delivered = Bridge.shared.take() {
                    guard let line = delivered else { return .endOfInput }
                    return .line(line)
                }
                if fds[0].revents & Int16(POLLIN) == 0 {
                    // Hung up with nothing left to read.
                    rl_callback_handler_remove()
                    return .endOfInput
                }
            }
        }
    }

    /// After a statement: a Ctrl-C that stopped it is spent; a resize is passed on; a SIGTERM or
    /// SIGHUP that arrived meanwhile is returned so the shell exits.
    func afterCommand() -> Int32? {
        Interrupts.clear()
        guard let signals else { return nil }
        var terminate: Int32?
        for signal in Interrupts.drain(signals) {
            if signal == SIGWINCH { rl_resize_terminal() }
            if signal == SIGTERM || signal == SIGHUP { terminate = signal }
        }
        return terminate
    }

    /// Drops the half-typed line the way a shell does: `^C`, a new line, a fresh prompt next.
    private func cancelLine() {
        // Show the whole line, then ^C after it, as a shell does; then forget the line.
        kg_rl_set_point(kg_rl_end())
        rl_redisplay()
        fputs("^C", isatty(STDOUT_FILENO) != 0 ? kg_stdout() : kg_stderr())
        rl_crlf()
        rl_replace_line("", 0)
        rl_free_line_state()
        rl_callback_sigcleanup()
        rl_callback_handler_remove()
        fflush(kg_stdout())
    }

    /// Adds an entry, removing earlier copies of it, and saves the history file.
    func addHistory(_ entry: String) {
        guard !entry.allSatisfy(\.isWhitespace) else { return }
        var offset = Int(kg_history_length()) - 1
        while offset >= 0 {
            if let item = history_get(kg_history_base() + Int32(offset)), let line = item.pointee.line, String(cString: line) == entry {
                if let removed = remove_history(Int32(offset)) { free(free_history_entry(removed)) }
            }
            offset -= 1
        }
        add_history(entry)
        saveHistory()
    }

    private func saveHistory() {
        guard let historyPath else { return }
        let status = write_history(historyPath)
        if status != 0 && !historyWarningShown {
            historyWarningShown = true
            fputs("kg: cannot save history to \(historyPath): \(String(cString: strerror(status)))\n", kg_stderr())
        }
    }

    /// Puts the terminal back; safe to call more than once.
    func close() {
        guard !closed else { return }
        closed = true
        rl_callback_handler_remove()
        Bridge.shared.completion = nil
    }

    /// The version of the readline library in use, for `.help`.
    static var libraryVersion: String { kg_rl_library_version().map { String(cString: $0) } ?? "?" }
}
