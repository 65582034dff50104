/// A position in a query's text: 1-based line and column, and the UTF-8 offset.
public struct SourcePosition: Hashable, Sendable, CustomStringConvertible {
    public var offset: Int
    public var line: Int
    public var column: Int

    public init(offset: Int, line: Int, column: Int) {
        self.offset = offset
        self.line = line
        self.column = column
    }

    public var description: String { "line \(line), column \(column)" }

    static func at(_ offset: Int, in text: [UInt8]) -> SourcePosition {
        var line = 1, column = 1
        var i = 0
        while i < offset && i < text.count {
            if text[i] == 0x0A { line += 1; column = 1 }
            else if text[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        return SourcePosition(offset: offset, line: line, column: column)
    }
}

/// A Cypher error, classified as openCypher classifies them, so scripts and the TCK can tell
/// a syntax error from a type error from a constraint violation.
public struct QueryError: Error, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable {
        case syntaxError = "SyntaxError"
        case semanticError = "SemanticError"
        case typeError = "TypeError"
        case argumentError = "ArgumentError"
        case arithmeticError = "ArithmeticError"
        case parameterMissing = "ParameterMissing"
        case entityNotFound = "EntityNotFound"
        case constraintVerificationFailed = "ConstraintVerificationFailed"
        /// The statement was stopped by `QueryEngine.interrupt()`.
        case interrupted = "Interrupted"
        /// The statement ran past `ExecutionLimits.timeout` and was stopped.
        case timedOut = "TimedOut"
        /// The result had more rows than `ExecutionLimits.maxRows`; the rows up to it were delivered.
        case rowLimitExceeded = "RowLimitExceeded"
        /// The database failed (I/O, lock, corruption): not the query's fault.
        case databaseError = "DatabaseError"
    }

    public var kind: Kind
    /// The openCypher TCK detail code, such as `UndefinedVariable` or `InvalidArgumentType`.
    public var code: String?
    public var message: String
    public var position: SourcePosition?
    /// The statement's text, for showing the caret under the error position.
    public var query: String?

    public init(_ kind: Kind, _ code: String? = nil, _ message: String, position: SourcePosition? = nil, query: String? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.position = position
        self.query = query
    }

    /// `<ErrorType>: <detail>: message (line l, column c)`, and for positioned errors the query
    /// line with a caret under the offending column.
    public var description: String {
        var head = kind.rawValue + ": "
        if let code { head += code + ": " }
        head += message
        guard let position else { return head }
        head += " (\(position))"
        if let query {
            let lines = query.split(separator: "\n", omittingEmptySubsequences: false)
            if position.line - 1 < lines.count {
                let line = String(lines[position.line - 1])
                head += "\n  " + line + "\n  " + String(repeating: " ", count: max(0, position.column - 1)) + "^"
            }
        }
        return head
    }

    static func syntax(_ message: String, _ code: String? = nil, at position: SourcePosition?) -> QueryError {
        QueryError(.syntaxError, code, message, position: position)
    }
    static func semantic(_ code: String?, _ message: String, at position: SourcePosition? = nil) -> QueryError {
        QueryError(.semanticError, code, message, position: position)
    }
    static func type(_ message: String, _ code: String? = "InvalidArgumentType", at position: SourcePosition? = nil) -> QueryError {
        QueryError(.typeError, code, message, position: position)
    }
    static func unsupported(_ what: String, at position: SourcePosition? = nil) -> QueryError {
        QueryError(.syntaxError, "UnsupportedFeature", "\(what) is not supported by kg", position: position)
    }
}
