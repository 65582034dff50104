/// A token of Cypher text. Keywords are identifiers here; the parser matches them case-insensitively.
struct Token: Sendable {
    enum Kind: Equatable, Sendable {
        case identifier(String)
        /// A `backtick`-quoted name: never a keyword.
        case quotedIdentifier(String)
        case integer(String)
        case float(Double)
        case string(String)
        case parameter(String)
        case symbol(String)
        case end
    }
    var kind: Kind
    /// UTF-8 offsets into the statement text.
    var start: Int
    var end: Int
    /// True when whitespace or a comment came directly before the token.
    var spaceBefore: Bool
}

struct Lexer {
    let bytes: [UInt8]
    var i = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    static func tokenize(_ text: String) throws -> [Token] {
        var lexer = Lexer(text)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private func position(_ offset: Int) -> SourcePosition { SourcePosition.at(offset, in: bytes) }

    private func peek(_ k: Int = 0) -> UInt8 { i + k < bytes.count ? bytes[i + k] : 0 }

    /// Skips whitespace and comments; true when anything was skipped.
    mutating func skipTrivia() throws -> Bool {
        let start = i
        while i < bytes.count {
            let c = bytes[i]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C || c == 0x0B {
                i += 1
            } else if c == 0x2F && peek(1) == 0x2F {
                while i < bytes.count && bytes[i] != 0x0A { i += 1 }
            } else if c == 0x2F && peek(1) == 0x2A {
                let open = i
                i += 2
                while i < bytes.count && !(bytes[i] == 0x2A && peek(1) == 0x2F) { i += 1 }
                if i >= bytes.count { throw QueryError.syntax("unterminated comment", at: position(open)) }
                i += 2
            } else if c == 0xC2 && peek(1) == 0xA0 {
                i += 2
            } else {
                break
            }
        }
        return i > start
    }

    static func isIdentStart(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c >= 0x80
    }
    static func isIdentPart(_ c: UInt8) -> Bool { isIdentStart(c) || (c >= 0x30 && c <= 0x39) }
    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    mutating func next() throws -> Token {
        let space = try skipTrivia()
        let start = i
        func make(_ kind: Token.Kind) -> Token { Token(kind: kind, start: start, end: i, spaceBefore: space || start == 0) }
        guard i < bytes.count else { return make(.end) }
        let c = bytes[i]
        if Lexer.isIdentStart(c) {
            while i < bytes.count && Lexer.isIdentPart(bytes[i]) { i += 1 }
            return make(.identifier(String(decoding: bytes[start..<i], as: UTF8.self)))
        }
        if c == 0x60 { // `
            i += 1
            var name: [UInt8] = []
            while true {
                guard i < bytes.count else { throw QueryError.syntax("unterminated quoted name", at: position(start)) }
                if bytes[i] == 0x60 {
                    if peek(1) == 0x60 { name.append(0x60); i += 2; continue }
                    i += 1
                    break
                }
                name.append(bytes[i]); i += 1
            }
            return make(.quotedIdentifier(String(decoding: name, as: UTF8.self)))
        }
        if Lexer.isDigit(c) || (c == 0x2E && Lexer.isDigit(peek(1))) {
            return try number(start: start, space: space)
        }
        if c == 0x27 || c == 0x22 { return make(.string(try string(quote: c))) }
        if c == 0x24 { // $
            i += 1
            if peek() == 0x60 {
                let t = try next()
                if case .quotedIdentifier(let n) = t.kind { return Token(kind: .parameter(n), start: start, end: i, spaceBefore: space) }
            }
            let nameStart = i
            while i < bytes.count && Lexer.isIdentPart(bytes[i]) { i += 1 }
            guard i > nameStart else { throw QueryError.syntax("expected a parameter name after $", at: position(start)) }
            return make(.parameter(String(decoding: bytes[nameStart..<i], as: UTF8.self)))
        }
        let two = i + 1 < bytes.count ? String(decoding: bytes[i...i + 1], as: UTF8.self) : ""
        if ["<>", "!=", "<=", ">=", "=~", "+=", ".."].contains(two) {
            i += 2
            return make(.symbol(two))
        }
        let singles: Set<UInt8> = Set("()[]{},.:;|=<>+-*/%^".utf8)
        if singles.contains(c) {
            i += 1
            return make(.symbol(String(UnicodeScalar(c))))
        }
        // Unicode dashes and arrows some editors produce.
        throw QueryError.syntax("unexpected character '\(String(decoding: bytes[i..<min(bytes.count, i + 1)], as: UTF8.self))'", at: position(start))
    }

    mutating func number(start: Int, space: Bool) throws -> Token {
        func make(_ kind: Token.Kind) -> Token { Token(kind: kind, start: start, end: i, spaceBefore: space || start == 0) }
        if bytes[i] == 0x30 && (peek(1) == 0x78 || peek(1) == 0x58 || peek(1) == 0x6F) {
            i += 2
            while i < bytes.count && Lexer.isIdentPart(bytes[i]) { i += 1 }
            return make(.integer(String(decoding: bytes[start..<i], as: UTF8.self)))
        }
        var isFloat = false
        while Lexer.isDigit(peek()) { i += 1 }
        if peek() == 0x2E && Lexer.isDigit(peek(1)) {
            isFloat = true
            i += 1
            while Lexer.isDigit(peek()) { i += 1 }
        }
        if peek() == 0x65 || peek() == 0x45 {
            var j = 1
            if peek(1) == 0x2D || peek(1) == 0x2B { j = 2 }
            if Lexer.isDigit(peek(j)) {
                isFloat = true
                i += j
                while Lexer.isDigit(peek()) { i += 1 }
            }
        }
        if Lexer.isIdentStart(peek()) {
            while i < bytes.count && Lexer.isIdentPart(bytes[i]) { i += 1 }
            throw QueryError.syntax("invalid number literal '\(String(decoding: bytes[start..<i], as: UTF8.self))'", "InvalidNumberLiteral", at: position(start))
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        if isFloat {
            guard let d = Double(text) else { throw QueryError.syntax("invalid number \(text)", at: position(start)) }
            if d.isInfinite { throw QueryError.syntax("floating point number is too large: \(text)", "FloatingPointOverflow", at: position(start)) }
            return make(.float(d))
        }
        return make(.integer(text))
    }

    mutating func string(quote: UInt8) throws -> String {
        let start = i
        i += 1
        var out: [UInt8] = []
        while true {
            guard i < bytes.count else { throw QueryError.syntax("unterminated string", at: position(start)) }
            let c = bytes[i]
            if c == quote { i += 1; break }
            if c == 0x5C {
                let e = peek(1)
                i += 2
                switch e {
                case 0x5C: out.append(0x5C)
                case 0x27: out.append(0x27)
                case 0x22: out.append(0x22)
                case 0x6E: out.append(0x0A)
                case 0x74: out.append(0x09)
                case 0x72: out.append(0x0D)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x75, 0x55:
                    let n = e == 0x75 ? 4 : 8
                    guard i + n <= bytes.count, let v = UInt32(String(decoding: bytes[i..<i + n], as: UTF8.self), radix: 16),
                          let scalar = UnicodeScalar(v) else {
                        throw QueryError.syntax("invalid unicode escape", "InvalidUnicodeLiteral", at: position(i - 2))
                    }
                    out += Array(String(scalar).utf8)
                    i += n
                default:
                    throw QueryError.syntax("invalid escape sequence", "InvalidEscapeSequence", at: position(i - 2))
                }
                continue
            }
            out.append(c)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Splits a script into statements at top-level `;`, ignoring those inside strings, quoted names
/// and comments; each statement keeps the line it starts on, for error messages.
public struct ScriptStatement: Sendable, Equatable {
    public var text: String
    /// 1-based line of the statement's first character in the script.
    public var line: Int

    public init(text: String, line: Int) {
        self.text = text
        self.line = line
    }
}

public enum Script {
    public static func split(_ script: String) -> [ScriptStatement] {
        let bytes = Array(script.utf8)
        var statements: [ScriptStatement] = []
        var i = 0, start = 0, line = 1, startLine = 1
        var sawContent = false
        func flush(_ end: Int) {
            let text = String(decoding: bytes[start..<end], as: UTF8.self)
            if sawContent { statements.append(ScriptStatement(text: text, line: startLine)) }
        }
        func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
        while i < bytes.count {
            let c = bytes[i]
            if !sawContent && isBlank(c) {
                if c == 0x0A { line += 1 }
                i += 1; start = i; startLine = line
                continue
            }
            if c == 0x2F && i + 1 < bytes.count && bytes[i + 1] == 0x2F {
                while i < bytes.count && bytes[i] != 0x0A { i += 1 }
                if !sawContent { start = i; startLine = line }
                continue
            }
            if c == 0x2F && i + 1 < bytes.count && bytes[i + 1] == 0x2A {
                i += 2
                while i < bytes.count && !(bytes[i] == 0x2A && i + 1 < bytes.count && bytes[i + 1] == 0x2F) {
                    if bytes[i] == 0x0A { line += 1 }
                    i += 1
                }
                i = min(bytes.count, i + 2)
                if !sawContent { start = i; startLine = line }
                continue
            }
            if c == 0x27 || c == 0x22 || c == 0x60 {
                sawContent = true
                i += 1
                while i < bytes.count && bytes[i] != c {
                    if bytes[i] == 0x5C && c != 0x60 { i += 1 }
                    if i < bytes.count && bytes[i] == 0x0A { line += 1 }
                    i += 1
                }
                i += 1
                continue
            }
            if c == 0x3B {
                flush(i)
                i += 1
                start = i; startLine = line; sawContent = false
                continue
            }
            if c == 0x0A { line += 1 }
            sawContent = true
            i += 1
        }
        if start < bytes.count { flush(min(i, bytes.count)) }
        return statements
    }
}
