/// One unit of shell input: a Cypher statement or a dot-command, with the line it starts on.
public struct ShellInput: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case statement
        /// A line starting with `.` while no statement is open.
        case dotCommand
    }
    public var kind: Kind
    public var text: String
    /// 1-based line of the input (script or session) where the text starts.
    public var line: Int

    public init(kind: Kind, text: String, line: Int) {
        self.kind = kind
        self.text = text
        self.line = line
    }
}

/// Cuts typed or scripted lines into statements: a statement ends at a `;` outside strings and
/// comments, or at a blank line once its brackets balance. Keeps enough lexical state (quotes,
/// comments, bracket depth) to tell whether more input is needed, so the REPL knows when to show
/// its continuation prompt.
public struct StatementScanner: Sendable {
    private var lexer = Lexer()
    private var buffer = ""
    private var bufferLine = 0
    private var hasContent = false
    /// A `/` in code that may open a comment: it counts as content only if no comment follows.
    private var pendingSlash = false

    public init() {}

    /// True while a statement has begun and not ended: the REPL shows its continuation prompt.
    public var isPending: Bool { hasContent || !lexer.isCode }

    /// Feeds one line (without its line break) and returns what it completed.
    public mutating func feed(_ line: String, lineNumber: Int) -> [ShellInput] {
        if !isPending {
            // Nothing but whitespace and finished comments so far: start afresh at this line.
            buffer = ""
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            if trimmed.hasPrefix(".") {
                return [ShellInput(kind: .dotCommand, text: trimmed.trimmingTrailingWhitespace(), line: lineNumber)]
            }
        }
        if line.allSatisfy(\.isWhitespace) && lexer.isCode && lexer.depth <= 0 {
            return flush()
        }
        if buffer.isEmpty { bufferLine = lineNumber } else { buffer += "\n" }
        var completed: [ShellInput] = []
        for character in line {
            if character == ";" && lexer.isCode {
                if pendingSlash { hasContent = true; pendingSlash = false }
                if let input = take() { completed.append(input) }
                bufferLine = lineNumber
                continue
            }
            let wasCode = lexer.isCode
            lexer.consume(character)
            buffer.append(character)
            guard wasCode else { continue }
            if lexer.isCode {
                if pendingSlash { hasContent = true; pendingSlash = false }
                if character == "/" { pendingSlash = true }
                else if !character.isWhitespace { hasContent = true }
            } else if lexer.inString {
                if pendingSlash { pendingSlash = false }
                hasContent = true
            } else {
                pendingSlash = false // the slash opened a comment
            }
        }
        if pendingSlash { hasContent = true; pendingSlash = false }
        lexer.endLine()
        return completed
    }

    /// Ends the input: whatever is left is one last statement.
    public mutating func finish() -> [ShellInput] {
        let rest = flush()
        reset()
        return rest
    }

    /// Drops a half-typed statement (Ctrl-C at the continuation prompt).
    public mutating func reset() {
        lexer = Lexer()
        buffer = ""
        hasContent = false
        pendingSlash = false
    }

    private mutating func flush() -> [ShellInput] {
        guard let input = take() else { return [] }
        return [input]
    }

    /// The statement so far. Its text starts at `bufferLine` (leading blank lines never enter the
    /// buffer), so a position the query engine reports maps back to the script's line.
    private mutating func take() -> ShellInput? {
        defer {
            buffer = ""
            hasContent = false
            lexer.depth = 0
        }
        guard hasContent else { return nil }
        return ShellInput(kind: .statement, text: buffer.trimmingTrailingWhitespace(), line: bufferLine)
    }

    /// A statement on one line, for the history file: `//` comments dropped, line breaks outside
    /// strings become spaces and inside strings the `\n` escape.
    public static func singleLine(_ text: String) -> String {
        guard text.contains(where: \.isNewline) || text.contains("//") else { return text }
        var lexer = Lexer()
        var out = ""
        var skippingLineComment = false
        var previous: Character = " "
        for character in text {
            if character.isNewline {
                if lexer.inString { out += "\\n" }
                else if !out.isEmpty && out.last != " " { out += " " }
                skippingLineComment = false
                lexer.endLine()
                previous = " "
                continue
            }
            if skippingLineComment { continue }
            if lexer.isCode && previous == "/" && character == "/" {
                out.removeLast()
                skippingLineComment = true
                lexer.consume(character)
                continue
            }
            lexer.consume(character)
            out.append(character)
            previous = character
        }
        return out.trimmingTrailingWhitespace()
    }
}

/// Just enough of Cypher's lexical structure to know where code is: quotes (with backslash
/// escapes in strings and doubled backticks in names), `//` and `/* */` comments, brackets.
struct Lexer: Sendable {
    enum State: Sendable { case code, single, double, backtick, lineComment, blockComment }
    var state = State.code
    var depth = 0
    private var previous: Character = "\0"
    private var escaped = false

    var isCode: Bool { state == .code }
    var inString: Bool { state == .single || state == .double || state == .backtick }
    var inBlockComment: Bool { state == .blockComment }

    mutating func consume(_ c: Character) {
        defer { previous = c }
        switch state {
        case .code:
            switch c {
            case "'": state = .single
            case "\"": state = .double
            case "`": state = .backtick
            case "(", "[", "{": depth += 1
            case ")", "]", "}": depth -= 1
            case "/" where previous == "/": state = .lineComment
            case "*" where previous == "/": state = .blockComment; previous = "\0"; return
            default: break
            }
        case .single, .double:
            if escaped { escaped = false; return }
            if c == "\\" { escaped = true; return }
            if (c == "'" && state == .single) || (c == "\"" && state == .double) { state = .code; previous = "\0"; return }
        case .backtick:
            if c == "`" { state = .code }
        case .lineComment:
            break
        case .blockComment:
            if c == "/" && previous == "*" { state = .code; previous = "\0"; return }
        }
    }

    mutating func endLine() {
        if state == .lineComment { state = .code }
        previous = "\0"
        escaped = false
    }
}

extension StringProtocol {
    func trimmingTrailingWhitespace() -> String {
        var s = Substring(self)
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return String(s)
    }
}
