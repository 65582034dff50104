/// Where completion candidates come from: the open graph's vocabulary and names.
public protocol CompletionVocabulary: AnyObject {
    func labels() -> [String]
    func relationshipTypes() -> [String]
    func propertyKeys() -> [String]
    func names(withPrefix prefix: String, limit: Int) -> [String]
}

extension GraphCatalog: CompletionVocabulary {}

/// What Tab offers at the cursor. Pure: the line and the word in, candidates out, so it is
/// tested without a terminal; `LineEditor` feeds it what readline found.
public struct Completer {
    public struct Result: Equatable {
        public var candidates: [String]
        /// Let readline complete file names instead (`.read`, `.output`, …).
        public var filenames = false
        /// Whether a space follows a unique completion.
        public var appendSpace = true

        public init(candidates: [String], filenames: Bool = false, appendSpace: Bool = true) {
            self.candidates = candidates
            self.filenames = filenames
            self.appendSpace = appendSpace
        }
    }

    public static let keywords = [
        "MATCH", "OPTIONAL", "WHERE", "RETURN", "WITH", "ORDER", "BY", "SKIP", "LIMIT", "UNWIND", "AS",
        "CREATE", "MERGE", "SET", "REMOVE", "DELETE", "DETACH", "DISTINCT", "ASC", "DESC", "AND", "OR",
        "XOR", "NOT", "IN", "IS", "NULL", "TRUE", "FALSE", "STARTS", "ENDS", "CONTAINS", "CASE", "WHEN",
        "THEN", "ELSE", "END", "EXPLAIN", "PROFILE", "ON", "UNION", "ALL",
    ]

    public static let functions = [
        "id", "labels", "type", "properties", "keys", "count", "collect", "sum", "avg", "min", "max", "size",
        "length", "nodes", "relationships", "startNode", "endNode", "toLower", "toUpper", "trim", "substring",
        "replace", "split", "toString", "toInteger", "toFloat", "coalesce", "head", "last", "range", "exists",
        "shortestPath",
    ]

    /// Dot-commands whose arguments are file paths, and those whose arguments are entity names.
    public static let pathCommands: Set<String> = [".read", ".output", ".once", ".ingest", ".open", ".dot"]
    public static let nameCommands: Set<String> = [".show", ".neighbors", ".path", ".find"]

    public let vocabulary: CompletionVocabulary?
    public let dotCommands: [String]

    public init(vocabulary: CompletionVocabulary?, dotCommands: [String]) {
        self.vocabulary = vocabulary
        self.dotCommands = dotCommands
    }

    /// The characters that end a word for readline: a dot-command line splits on blanks only
    /// (so paths and names keep their dots), Cypher on its punctuation.
    public static func wordBreakCharacters(lineBeforeCursor line: String) -> String {
        line.drop(while: { $0 == " " || $0 == "\t" }).hasPrefix(".") ? " \t" : " \t\n()[]{},:;.|=<>+-*/%^!$'\"`"
    }

    /// - Parameters:
    ///   - prefix: the line before the word (without the opening quote, if any).
    ///   - word: the text being completed.
    ///   - quote: the unclosed quote the word sits in, if any.
    public func complete(prefix: String, word: String, quote: Character?) -> Result {
        let trimmed = prefix.drop(while: { $0 == " " || $0 == "\t" })
        if trimmed.isEmpty && quote == nil && word.hasPrefix(".") {
            return Result(candidates: dotCommands.filter { $0.hasPrefix(word) }.sorted())
        }
        if trimmed.hasPrefix(".") { return completeDotArgument(String(trimmed), word: word, quote: quote) }
        return completeCypher(prefix: prefix, word: word, quote: quote)
    }

    private func completeDotArgument(_ prefix: String, word: String, quote: Character?) -> Result {
        let command = String(prefix.prefix(while: { !$0.isWhitespace }))
        if Self.pathCommands.contains(command) { return Result(candidates: [], filenames: true) }
        if Self.nameCommands.contains(command) {
            let names = vocabulary?.names(withPrefix: word, limit: 200) ?? []
            if let quote { return Result(candidates: names.map { Self.escape($0, quote: quote) }) }
            return Result(candidates: names.map { Self.needsQuotes($0) ? Self.shellQuoted($0) : $0 })
        }
        let options: [String]
        switch command {
        case ".mode": options = ResultFormatter.Mode.allCases.map(\.rawValue)
        case ".headers", ".timer": options = ["on", "off"]
        case ".help": options = dotCommands.map { String($0.dropFirst()) }
        default: options = []
        }
        return Result(candidates: options.filter { $0.hasPrefix(word) }.sorted())
    }

    private func completeCypher(prefix: String, word: String, quote: Character?) -> Result {
        guard let vocabulary else { return keywordsAndFunctions(word) }
        let context = Self.context(of: prefix)
        if let quote {
            if quote == "`" {
                let pool: [String]
                switch context.before {
                case ":": pool = context.enclosing == "[" ? vocabulary.relationshipTypes() : vocabulary.labels()
                case ".": pool = vocabulary.propertyKeys()
                default: pool = vocabulary.labels() + vocabulary.relationshipTypes() + vocabulary.propertyKeys()
                }
                return Result(candidates: Self.filter(Set(pool).sorted(), word).map { $0.replacingOccurrences(of: "`", with: "``") }, appendSpace: false)
            }
            // Inside a string: entity names, escaped for this quote.
            return Result(candidates: vocabulary.names(withPrefix: word, limit: 200).map { Self.escape($0, quote: quote) }, appendSpace: false)
        }
        switch context.before {
        case ":" where context.enclosing == "{":
            // A map value: a name when the key is `name`.
            guard context.mapKey == "name" else { return Result(candidates: []) }
            return Result(candidates: vocabulary.names(withPrefix: word, limit: 200).map(ValueText.quoted), appendSpace: false)
        case "|" where context.enclosing == "[":
            return Result(candidates: Self.filter(vocabulary.relationshipTypes(), word).map(ValueText.identifier), appendSpace: false)
        case ":":
            let pool = context.enclosing == "[" ? vocabulary.relationshipTypes() : vocabulary.labels()
            return Result(candidates: Self.filter(pool, word).map(ValueText.identifier), appendSpace: false)
        case ".":
            guard context.afterIdentifier else { return Result(candidates: []) }
            return Result(candidates: Self.filter(vocabulary.propertyKeys(), word).map(ValueText.identifier), appendSpace: false)
        case "{":
            return Result(candidates: Self.filter(vocabulary.propertyKeys(), word).map(ValueText.identifier), appendSpace: false)
        case "," where context.enclosing == "{":
            return Result(candidates: Self.filter(vocabulary.propertyKeys(), word).map(ValueText.identifier), appendSpace: false)
        case "$":
            return Result(candidates: [])
        default:
            return keywordsAndFunctions(word)
        }
    }

    private func keywordsAndFunctions(_ word: String) -> Result {
        let lower = word.lowercased()
        let useLower = !word.isEmpty && word == lower
        let keywords = Self.keywords.filter { $0.lowercased().hasPrefix(lower) }.map { useLower ? $0.lowercased() : $0 }
        let functions = Self.functions.filter { $0.lowercased().hasPrefix(lower) }
        return Result(candidates: Array(Set(keywords + functions)).sorted())
    }

    static func filter(_ pool: [String], _ word: String) -> [String] {
        let exact = pool.filter { $0.hasPrefix(word) }
        if !exact.isEmpty { return exact }
        let lower = word.lowercased()
        return pool.filter { $0.lowercased().hasPrefix(lower) }
    }

    /// What precedes the word: the last non-blank character, the innermost open bracket, and
    /// for a map value the key it belongs to.
    struct Context {
        var before: Character?
        var enclosing: Character?
        var mapKey: String?
        /// `before` directly follows an identifier or closing bracket (`n.` or `)`), not a number.
        var afterIdentifier = false
    }

    static func context(of prefix: String) -> Context {
        var lexer = Lexer()
        var stack: [(Character, String.Index)] = []
        var index = prefix.startIndex
        while index < prefix.endIndex {
            let c = prefix[index]
            let wasCode = lexer.isCode
            lexer.consume(c)
            if wasCode && lexer.isCode {
                switch c {
                case "(", "[", "{": stack.append((c, index))
                case ")", "]", "}": if !stack.isEmpty { stack.removeLast() }
                default: break
                }
            }
            if c == "\n" { lexer.endLine() }
            index = prefix.index(after: index)
        }
        var context = Context(enclosing: stack.last?.0)
        let body = prefix.trimmingTrailingWhitespace()
        context.before = body.last
        if let before = context.before {
            let head = body.dropLast()
            if before == "." {
                // `n.` or `` `my var`. `` reads a property; `1.` is a number.
                let token = head.reversed().prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "`" })
                context.afterIdentifier = !token.isEmpty && !token.allSatisfy(\.isNumber)
            }
            if before == ":" && context.enclosing == "{" {
                let key = head.trimmingTrailingWhitespace().reversed().prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" })
                context.mapKey = String(key.reversed())
            }
        }
        return context
    }

    /// Escapes a name to sit inside a Cypher string opened with `quote`.
    static func escape(_ name: String, quote: Character) -> String {
        var out = ""
        for c in name {
            if c == "\\" || c == quote { out.append("\\") }
            out.append(c)
        }
        return out
    }

    static func needsQuotes(_ name: String) -> Bool {
        name.isEmpty || name.contains(where: { $0.isWhitespace || $0 == "'" || $0 == "\"" || $0 == "\\" })
    }

    /// A dot-command argument in single quotes, `\'` and `\\` escaped (as `DotCommandLine` reads it).
    static func shellQuoted(_ name: String) -> String { "'" + escape(name, quote: "'") + "'" }
}
