/// Recursive descent over openCypher's grammar (the subset kg runs). Unsupported constructs that
/// parse are rejected here or in the binder by name, never silently reinterpreted.
struct Parser {
    let text: String
    let bytes: [UInt8]
    var tokens: [Token]
    var p = 0
    var depth = 0

    init(_ text: String) throws {
        self.text = text
        self.bytes = Array(text.utf8)
        self.tokens = try Lexer.tokenize(text)
    }

    static func parse(_ text: String) throws -> Statement {
        var parser = try Parser(text)
        return try parser.statement()
    }

    // MARK: Token helpers

    var current: Token { tokens[p] }
    func position(_ offset: Int) -> SourcePosition { SourcePosition.at(offset, in: bytes) }
    func source(_ start: Int, _ end: Int) -> String { String(decoding: bytes[start..<end], as: UTF8.self) }
    var lastEnd: Int { p > 0 ? tokens[p - 1].end : 0 }

    func isKeyword(_ word: String, at k: Int = 0) -> Bool {
        guard p + k < tokens.count, case .identifier(let name) = tokens[p + k].kind else { return false }
        return name.count == word.count && name.uppercased() == word
    }
    func isSymbol(_ s: String, at k: Int = 0) -> Bool {
        guard p + k < tokens.count, case .symbol(let sym) = tokens[p + k].kind else { return false }
        return sym == s
    }
    mutating func accept(_ word: String) -> Bool {
        if isKeyword(word) { p += 1; return true }
        return false
    }
    mutating func acceptSymbol(_ s: String) -> Bool {
        if isSymbol(s) { p += 1; return true }
        return false
    }
    func unexpected(_ expected: String) -> QueryError {
        let found: String
        switch current.kind {
        case .end: found = "end of input"
        default: found = "'" + source(current.start, current.end) + "'"
        }
        return QueryError.syntax("expected \(expected) but found \(found)", "InvalidSyntax", at: position(current.start))
    }
    mutating func expect(_ word: String) throws {
        guard accept(word) else { throw unexpected(word) }
    }
    mutating func expectSymbol(_ s: String) throws {
        guard acceptSymbol(s) else { throw unexpected("'\(s)'") }
    }

    /// A name: an identifier (keywords allowed where unambiguous) or a `quoted` name.
    mutating func name(_ what: String) throws -> String {
        switch current.kind {
        case .identifier(let n), .quotedIdentifier(let n):
            p += 1
            return n
        default: throw unexpected(what)
        }
    }

    /// Reserved words that cannot start an expression or be a bare variable.
    static let reserved: Set<String> = ["MATCH", "OPTIONAL", "WHERE", "RETURN", "WITH", "UNWIND", "CREATE", "MERGE", "SET",
                                        "REMOVE", "DELETE", "DETACH", "ORDER", "SKIP", "LIMIT", "UNION", "AS", "ON",
                                        "AND", "OR", "XOR", "NOT", "IN", "IS", "STARTS", "ENDS", "CONTAINS", "DISTINCT",
                                        "CALL", "YIELD", "ASC", "DESC", "ASCENDING", "DESCENDING", "BY", "CASE", "WHEN",
                                        "THEN", "ELSE", "END", "FOREACH", "LOAD"]

    // MARK: Statement and clauses

    mutating func statement() throws -> Statement {
        var mode = Statement.Mode.run
        if accept("EXPLAIN") { mode = .explain } else if accept("PROFILE") { mode = .profile }
        var clauses: [Clause] = []
        while true {
            if case .end = current.kind { break }
            if isSymbol(";") {
                p += 1
                guard case .end = current.kind else { throw unexpected("end of statement (one statement at a time)") }
                break
            }
            if isKeyword("UNION") { throw QueryError.unsupported("UNION", at: position(current.start)) }
            clauses.append(try clause())
        }
        if clauses.isEmpty { throw QueryError.syntax("empty query", "InvalidSyntax", at: position(0)) }
        return Statement(mode: mode, clauses: clauses)
    }

    mutating func clause() throws -> Clause {
        let start = current.start
        if accept("OPTIONAL") {
            try expect("MATCH")
            return try matchBody(optional: true, start: start)
        }
        if accept("MATCH") { return try matchBody(optional: false, start: start) }
        if accept("UNWIND") {
            let e = try expression()
            try expect("AS")
            return .unwind(e, alias: try variableName(), start: start)
        }
        if accept("WITH") { return .with(try projection(start: start, isWith: true)) }
        if accept("RETURN") { return .returning(try projection(start: start, isWith: false)) }
        if accept("CREATE") { return .create(try patternList(), start: start) }
        if accept("MERGE") {
            let part = try patternPart()
            var onCreate: [SetItem] = [], onMatch: [SetItem] = []
            while isKeyword("ON") {
                p += 1
                if accept("CREATE") { try expect("SET"); onCreate += try setItems() }
                else if accept("MATCH") { try expect("SET"); onMatch += try setItems() }
                else { throw unexpected("CREATE or MATCH after ON") }
            }
            return .merge(part, onCreate: onCreate, onMatch: onMatch, start: start)
        }
        if accept("SET") { return .set(try setItems(), start: start) }
        if accept("REMOVE") {
            var items: [RemoveItem] = []
            repeat {
                let itemStart = current.start
                let target = try postfixExpression(allowLabels: false)
                if isSymbol(":") {
                    guard case .variable(let v) = target.kind else { throw unexpected("a variable before labels") }
                    items.append(.labels(variable: v, labels: try labelList(), start: itemStart))
                } else if case .property(let base, let key) = target.kind {
                    items.append(.property(target: base, key: key))
                } else {
                    throw QueryError.syntax("REMOVE expects a property or labels", "InvalidSyntax", at: position(itemStart))
                }
            } while acceptSymbol(",")
            return .remove(items, start: start)
        }
        if accept("DETACH") {
            try expect("DELETE")
            return .delete(detach: true, try expressionList(), start: start)
        }
        if accept("DELETE") { return .delete(detach: false, try expressionList(), start: start) }
        for word in ["CALL", "FOREACH", "LOAD", "USE", "START"] where isKeyword(word) {
            throw QueryError.unsupported(word, at: position(start))
        }
        throw unexpected("a clause (MATCH, RETURN, CREATE, …)")
    }

    mutating func matchBody(optional: Bool, start: Int) throws -> Clause {
        let patterns = try patternList()
        var whereClause: Expr?
        if accept("WHERE") { whereClause = try expression() }
        return .match(optional: optional, patterns: patterns, whereClause: whereClause, start: start)
    }

    mutating func expressionList() throws -> [Expr] {
        var list = [try expression()]
        while acceptSymbol(",") { list.append(try expression()) }
        return list
    }

    mutating func variableName() throws -> String {
        if case .identifier(let n) = current.kind, Parser.reserved.contains(n.uppercased()) { throw unexpected("a variable name") }
        return try name("a variable name")
    }

    mutating func setItems() throws -> [SetItem] {
        var items: [SetItem] = []
        repeat {
            let itemStart = current.start
            let target = try postfixExpression(allowLabels: false)
            if isSymbol(":") {
                guard case .variable(let v) = target.kind else { throw unexpected("a variable before labels") }
                items.append(.labels(variable: v, labels: try labelList(), start: itemStart))
            } else if acceptSymbol("=") {
                let value = try expression()
                switch target.kind {
                case .property(let base, let key): items.append(.property(target: base, key: key, value: value))
                case .variable(let v): items.append(.allProperties(variable: v, value: value, merge: false, start: itemStart))
                default: throw QueryError.syntax("SET expects a property, a variable or labels", "InvalidSyntax", at: position(itemStart))
                }
            } else if acceptSymbol("+=") {
                guard case .variable(let v) = target.kind else { throw unexpected("a variable before +=") }
                items.append(.allProperties(variable: v, value: try expression(), merge: true, start: itemStart))
            } else {
                throw unexpected("'=', '+=' or labels")
            }
        } while acceptSymbol(",")
        return items
    }

    mutating func labelList() throws -> [String] {
        var labels: [String] = []
        while acceptSymbol(":") { labels.append(try name("a label")) }
        return labels
    }

    mutating func projection(start: Int, isWith: Bool) throws -> Projection {
        let distinct = accept("DISTINCT")
        var star = false
        var items: [ReturnItem] = []
        if acceptSymbol("*") {
            star = true
            if acceptSymbol(",") { items = try returnItems(isWith: isWith) }
        } else {
            items = try returnItems(isWith: isWith)
        }
        var order: [SortItem] = []
        if accept("ORDER") {
            try expect("BY")
            repeat {
                let e = try expression()
                var descending = false
                if accept("DESC") || accept("DESCENDING") { descending = true } else { _ = accept("ASC") || accept("ASCENDING") }
                order.append(SortItem(expr: e, descending: descending))
            } while acceptSymbol(",")
        }
        var skip: Expr?, limit: Expr?
        if accept("SKIP") { skip = try expression() }
        if accept("LIMIT") { limit = try expression() }
        var whereClause: Expr?
        if isWith && accept("WHERE") { whereClause = try expression() }
        return Projection(distinct: distinct, star: star, items: items, orderBy: order, skip: skip, limit: limit,
                          whereClause: whereClause, start: start)
    }

    mutating func returnItems(isWith: Bool) throws -> [ReturnItem] {
        var items: [ReturnItem] = []
        repeat {
            let e = try expression()
            var alias: String?
            if accept("AS") { alias = try variableName() }
            items.append(ReturnItem(expr: e, alias: alias, text: source(e.start, e.end)))
        } while acceptSymbol(",")
        return items
    }

    // MARK: Patterns

    mutating func patternList() throws -> [PatternPart] {
        var parts = [try patternPart()]
        while acceptSymbol(",") { parts.append(try patternPart()) }
        return parts
    }

    mutating func patternPart() throws -> PatternPart {
        let start = current.start
        var pathVariable: String?
        if case .identifier = current.kind, isSymbol("=", at: 1) {
            pathVariable = try variableName()
            p += 1
        } else if case .quotedIdentifier = current.kind, isSymbol("=", at: 1) {
            pathVariable = try name("a path name")
            p += 1
        }
        if (isKeyword("SHORTESTPATH") || isKeyword("ALLSHORTESTPATHS")) && isSymbol("(", at: 1) {
            let kind: PatternPart.Shortest = isKeyword("SHORTESTPATH") ? .shortest : .all
            p += 2
            var part = try patternElement(start: start)
            try expectSymbol(")")
            part.pathVariable = pathVariable
            part.shortest = kind
            return part
        }
        var part = try patternElement(start: start)
        part.pathVariable = pathVariable
        return part
    }

    mutating func patternElement(start: Int) throws -> PatternPart {
        // A parenthesised pattern element: `((a)-->(b))`.
        if isSymbol("(") && isSymbol("(", at: 1) {
            p += 1
            let inner = try nested { try $0.patternElement(start: start) }
            try expectSymbol(")")
            return inner
        }
        var nodes = [try nodePattern()]
        var rels: [RelPattern] = []
        while isRelationshipStart() {
            rels.append(try relationshipPattern())
            nodes.append(try nodePattern())
        }
        return PatternPart(pathVariable: nil, shortest: nil, nodes: nodes, rels: rels, start: start)
    }

    func isRelationshipStart() -> Bool {
        (isSymbol("<") && isSymbol("-", at: 1)) || isSymbol("-")
    }

    mutating func nodePattern() throws -> NodePattern {
        let start = current.start
        try expectSymbol("(")
        var variable: String?
        switch current.kind {
        case .identifier, .quotedIdentifier: variable = try name("a variable")
        default: break
        }
        let labels = try labelList()
        var properties: Expr?
        if isSymbol("{") { properties = try mapLiteral() }
        else if case .parameter(let name) = current.kind {
            properties = Expr(kind: .parameter(name), start: current.start, end: current.end)
            p += 1
        }
        try expectSymbol(")")
        return NodePattern(variable: variable, labels: labels, properties: properties, start: start)
    }

    mutating func relationshipPattern() throws -> RelPattern {
        let start = current.start
        var leftArrow = false
        if acceptSymbol("<") { leftArrow = true }
        try expectSymbol("-")
        var variable: String?
        var types: [String] = []
        var properties: Expr?
        var length: (min: Int, max: Int?)?
        if acceptSymbol("[") {
            switch current.kind {
            case .identifier, .quotedIdentifier: variable = try name("a variable")
            default: break
            }
            if acceptSymbol(":") {
                types.append(try name("a relationship type"))
                while acceptSymbol("|") {
                    _ = acceptSymbol(":")
                    types.append(try name("a relationship type"))
                }
            }
            if acceptSymbol("*") {
                var minimum: Int?, maximum: Int?
                if case .integer(let t) = current.kind { minimum = try rangeBound(t); p += 1 }
                if acceptSymbol("..") {
                    if case .integer(let t) = current.kind { maximum = try rangeBound(t); p += 1 }
                    length = (minimum ?? 1, maximum)
                } else if let m = minimum {
                    length = (m, m)
                } else {
                    length = (1, nil)
                }
            }
            if isSymbol("{") { properties = try mapLiteral() }
            else if case .parameter(let name) = current.kind {
                properties = Expr(kind: .parameter(name), start: current.start, end: current.end)
                p += 1
            }
            try expectSymbol("]")
        }
        try expectSymbol("-")
        var rightArrow = false
        if acceptSymbol(">") { rightArrow = true }
        let direction: Direction
        switch (leftArrow, rightArrow) {
        case (true, false): direction = .incoming
        case (false, true): direction = .outgoing
        default: direction = .both
        }
        return RelPattern(variable: variable, types: types, properties: properties, direction: direction, length: length, start: start)
    }

    func rangeBound(_ text: String) throws -> Int {
        guard let v = Int(text) else { throw QueryError.syntax("invalid range bound \(text)", "InvalidSyntax", at: position(current.start)) }
        return v
    }

    // MARK: Expressions

    mutating func expression() throws -> Expr { try nested { try $0.orExpression() } }

    /// Deepest expression tree (and parser recursion) accepted. Every stage after the parser
    /// recurses once per level, so this bounds their stack use: 10,000 nested parentheses must
    /// be a syntax error, not a stack overflow.
    static let maxDepth = 256

    func tooDeep(at offset: Int) -> QueryError {
        QueryError.syntax("expression nested too deeply (more than \(Parser.maxDepth) levels)", "ExpressionTooComplex", at: position(offset))
    }

    func make(_ kind: Expr.Kind, _ start: Int, end: Int? = nil) throws -> Expr {
        let height = kind.childHeight + 1
        if height > Parser.maxDepth { throw tooDeep(at: start) }
        return Expr(kind: kind, start: start, end: end ?? lastEnd, height: height)
    }

    /// Counts recursion into nested expressions (parentheses collapse into one tree node, so
    /// the tree height alone does not bound the parser's own stack).
    mutating func nested<T>(_ body: (inout Parser) throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxDepth { throw tooDeep(at: current.start) }
        return try body(&self)
    }

    mutating func orExpression() throws -> Expr {
        var left = try xorExpression()
        while accept("OR") { do { let rhs = try xorExpression(); left = try make(.binary(.or, left, rhs), left.start) } }
        return left
    }
    mutating func xorExpression() throws -> Expr {
        var left = try andExpression()
        while accept("XOR") { do { let rhs = try andExpression(); left = try make(.binary(.xor, left, rhs), left.start) } }
        return left
    }
    mutating func andExpression() throws -> Expr {
        var left = try notExpression()
        while accept("AND") { do { let rhs = try notExpression(); left = try make(.binary(.and, left, rhs), left.start) } }
        return left
    }
    mutating func notExpression() throws -> Expr {
        let start = current.start
        if accept("NOT") { let inner = try nested { try $0.notExpression() }; return try make(.not(inner), start) }
        return try comparison()
    }

    mutating func comparison() throws -> Expr {
        let first = try predicateExpression()
        var operands = [first]
        var ops: [BinaryOp] = []
        while true {
            let op: BinaryOp
            if isSymbol("=") { op = .eq } else if isSymbol("<>") || isSymbol("!=") { op = .neq }
            else if isSymbol("<") { op = .lt } else if isSymbol(">") { op = .gt }
            else if isSymbol("<=") { op = .le } else if isSymbol(">=") { op = .ge }
            else { break }
            p += 1
            ops.append(op)
            operands.append(try predicateExpression())
        }
        if ops.isEmpty { return first }
        var result: Expr?
        for (i, op) in ops.enumerated() {
            let c = try make(.binary(op, operands[i], operands[i + 1]), operands[i].start, end: operands[i + 1].end)
            result = try result.map { try make(.binary(.and, $0, c), first.start, end: c.end) } ?? c
        }
        return result!
    }

    mutating func predicateExpression() throws -> Expr {
        var left = try additive()
        while true {
            if isSymbol("=~") { p += 1; do { let rhs = try additive(); left = try make(.binary(.regex, left, rhs), left.start) } }
            else if isKeyword("STARTS") && isKeyword("WITH", at: 1) { p += 2; do { let rhs = try additive(); left = try make(.binary(.startsWith, left, rhs), left.start) } }
            else if isKeyword("ENDS") && isKeyword("WITH", at: 1) { p += 2; do { let rhs = try additive(); left = try make(.binary(.endsWith, left, rhs), left.start) } }
            else if accept("CONTAINS") { do { let rhs = try additive(); left = try make(.binary(.contains, left, rhs), left.start) } }
            else if accept("IN") { do { let rhs = try additive(); left = try make(.binary(.in, left, rhs), left.start) } }
            else if isKeyword("IS") {
                p += 1
                let negated = accept("NOT")
                try expect("NULL")
                left = try make(.isNull(left, negated: negated), left.start)
            } else { return left }
        }
    }

    mutating func additive() throws -> Expr {
        var left = try multiplicative()
        while true {
            if acceptSymbol("+") { do { let rhs = try multiplicative(); left = try make(.binary(.add, left, rhs), left.start) } }
            else if acceptSymbol("-") { do { let rhs = try multiplicative(); left = try make(.binary(.sub, left, rhs), left.start) } }
            else { return left }
        }
    }
    mutating func multiplicative() throws -> Expr {
        var left = try power()
        while true {
            if acceptSymbol("*") { do { let rhs = try power(); left = try make(.binary(.mul, left, rhs), left.start) } }
            else if acceptSymbol("/") { do { let rhs = try power(); left = try make(.binary(.div, left, rhs), left.start) } }
            else if acceptSymbol("%") { do { let rhs = try power(); left = try make(.binary(.mod, left, rhs), left.start) } }
            else { return left }
        }
    }
    mutating func power() throws -> Expr {
        var left = try unary()
        while acceptSymbol("^") { do { let rhs = try unary(); left = try make(.binary(.pow, left, rhs), left.start) } }
        return left
    }
    mutating func unary() throws -> Expr {
        let start = current.start
        if acceptSymbol("-") {
            if case .integer(let t) = current.kind {
                let tokenStart = current.start
                p += 1
                let literal = try make(.integer(try integerValue("-" + t, at: tokenStart)), start)
                return try postfix(literal, allowLabels: true)
            }
            let inner = try nested { try $0.unary() }; return try make(.negate(inner), start)
        }
        if acceptSymbol("+") { return try nested { try $0.unary() } }
        return try postfixExpression(allowLabels: true)
    }

    func integerValue(_ text: String, at offset: Int) throws -> Int64 {
        var digits = Substring(text)
        var negative = false
        if digits.hasPrefix("-") { negative = true; digits = digits.dropFirst() }
        var radix = 10
        if digits.hasPrefix("0x") || digits.hasPrefix("0X") { radix = 16; digits = digits.dropFirst(2) }
        else if digits.hasPrefix("0o") { radix = 8; digits = digits.dropFirst(2) }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isHexDigit }) else {
            throw QueryError.syntax("invalid number literal \(text)", "InvalidNumberLiteral", at: position(offset))
        }
        guard let v = Int64((negative ? "-" : "") + digits, radix: radix) else {
            if UInt64(digits, radix: radix) == nil && !digits.allSatisfy({ radix == 16 ? $0.isHexDigit : $0.isNumber }) {
                throw QueryError.syntax("invalid number literal \(text)", "InvalidNumberLiteral", at: position(offset))
            }
            throw QueryError.syntax("integer is too large: \(text)", "IntegerOverflow", at: position(offset))
        }
        return v
    }

    mutating func postfixExpression(allowLabels: Bool) throws -> Expr {
        try postfix(try atom(), allowLabels: allowLabels)
    }

    mutating func postfix(_ base: Expr, allowLabels: Bool) throws -> Expr {
        var e = base
        while true {
            if isSymbol(".") {
                p += 1
                let key = try name("a property key")
                e = try make(.property(e, key), e.start)
            } else if isSymbol("[") {
                p += 1
                var from: Expr?, to: Expr?
                if acceptSymbol("..") {
                    if !isSymbol("]") { to = try expression() }
                    try expectSymbol("]")
                    e = try make(.slice(e, nil, to), e.start)
                    continue
                }
                from = try expression()
                if acceptSymbol("..") {
                    if !isSymbol("]") { to = try expression() }
                    try expectSymbol("]")
                    e = try make(.slice(e, from, to), e.start)
                } else {
                    try expectSymbol("]")
                    e = try make(.index(e, from!), e.start)
                }
            } else if allowLabels && isSymbol(":") {
                do { let rhs = try labelList(); e = try make(.hasLabels(e, rhs), e.start) }
            } else if isSymbol("{") , case .variable = e.kind {
                e = try mapProjection(e)
            } else {
                return e
            }
        }
    }

    /// `n {.key, key: expr, variable, .*}`, spelled with the expressions it stands for: a map of
    /// the entries (over `properties(n)` for `.*`), null when `n` is.
    mutating func mapProjection(_ base: Expr) throws -> Expr {
        try expectSymbol("{")
        var pairs: [(String, Expr)] = []
        var all = false
        if !isSymbol("}") {
            repeat {
                let start = current.start
                if acceptSymbol(".") {
                    if acceptSymbol("*") { all = true; continue }
                    let key = try name("a property key")
                    pairs.append((key, try make(.property(base, key), start)))
                } else {
                    let key = try name("a map key or a variable")
                    if acceptSymbol(":") {
                        pairs.append((key, try expression()))
                    } else {
                        pairs.append((key, try make(.variable(key), start)))
                    }
                }
            } while acceptSymbol(",")
        }
        try expectSymbol("}")
        let entries = try make(.map(pairs), base.start)
        var map = entries
        if all {
            let properties = try make(.function(name: "properties", distinct: false, args: [base]), base.start)
            map = pairs.isEmpty ? properties : try make(.mapMerge(properties, entries), base.start)
        }
        let isNull = try make(.isNull(base, negated: false), base.start)
        return try make(.caseOf(subject: nil, whens: [(isNull, try make(.null, base.start))], otherwise: map), base.start)
    }

    mutating func mapLiteral() throws -> Expr {
        let start = current.start
        try expectSymbol("{")
        var pairs: [(String, Expr)] = []
        if !isSymbol("}") {
            repeat {
                let key = try name("a map key")
                try expectSymbol(":")
                pairs.append((key, try expression()))
            } while acceptSymbol(",")
        }
        try expectSymbol("}")
        return try make(.map(pairs), start)
    }

    mutating func atom() throws -> Expr {
        let start = current.start
        switch current.kind {
        case .integer(let t):
            p += 1
            return try make(.integer(try integerValue(t, at: start)), start)
        case .float(let d):
            p += 1
            return try make(.float(d), start)
        case .string(let s):
            p += 1
            return try make(.string(s), start)
        case .parameter(let n):
            p += 1
            return try make(.parameter(n), start)
        case .symbol("{"):
            return try mapLiteral()
        case .symbol("["):
            return try listOrComprehension()
        case .symbol("("):
            // A pattern used as a predicate, or a parenthesised expression.
            let save = p
            if let part = try? patternElement(start: start), !part.rels.isEmpty {
                return try make(.patternPredicate(part), start)
            }
            p = save + 1
            let inner = try expression()
            try expectSymbol(")")
            return Expr(kind: inner.kind, start: start, end: lastEnd, height: inner.height)
        case .quotedIdentifier(let n):
            p += 1
            return try make(.variable(n), start)
        case .identifier(let n):
            let upper = n.uppercased()
            if upper == "NULL" { p += 1; return try make(.null, start) }
            if upper == "TRUE" { p += 1; return try make(.boolean(true), start) }
            if upper == "FALSE" { p += 1; return try make(.boolean(false), start) }
            if upper == "CASE" { return try caseExpression() }
            if upper == "EXISTS" && isSymbol("{", at: 1) { return try existsSubquery() }
            if upper == "COUNT" && isSymbol("{", at: 1) { return try countSubquery() }
            // A function call, possibly namespaced (`a.b.f(…)`).
            var k = 1
            var fullName = n
            while isSymbol(".", at: k), p + k + 1 < tokens.count, case .identifier(let part) = tokens[p + k + 1].kind {
                fullName += "." + part
                k += 2
            }
            if isSymbol("(", at: k) {
                p += k + 1
                return try functionCall(fullName, start: start)
            }
            if Parser.reserved.contains(upper) { throw unexpected("an expression") }
            p += 1
            return try make(.variable(n), start)
        default:
            throw unexpected("an expression")
        }
    }

    /// `EXISTS { (n)-->() WHERE … }` or `EXISTS { MATCH … WHERE … RETURN … }`: what RETURN
    /// returns does not matter, only whether a row exists.
    mutating func existsSubquery() throws -> Expr {
        let start = current.start
        p += 2
        guard ["MATCH", "OPTIONAL", "WITH", "UNWIND"].contains(where: { isKeyword($0) }) else {
            // The short form: patterns and a WHERE.
            let patterns = try patternList()
            var whereClause: Expr?
            if accept("WHERE") { whereClause = try expression() }
            try expectSymbol("}")
            return try make(.existsSubquery(patterns, whereClause: whereClause), start)
        }
        var clauses: [Clause] = []
        while !isSymbol("}") {
            if ["CREATE", "MERGE", "SET", "REMOVE", "DELETE", "DETACH"].contains(where: { isKeyword($0) }) {
                throw QueryError.syntax("an EXISTS subquery cannot change the graph", "InvalidClauseComposition", at: position(current.start))
            }
            if case .end = current.kind { throw unexpected("}") }
            clauses.append(try clause())
        }
        p += 1
        // One MATCH … WHERE … (RETURN of a value per row) only asks whether its pattern is there.
        var onlyMatches = clauses.count == 1
        if clauses.count == 2, case .returning(let r) = clauses[1] {
            onlyMatches = r.skip == nil && r.limit == nil && !r.items.contains { Compiler.containsAggregate($0.expr) }
        }
        if onlyMatches, case .match(false, let patterns, let whereClause, _) = clauses[0] {
            return try make(.existsSubquery(patterns, whereClause: whereClause), start)
        }
        return try make(.existsQuery(clauses), start)
    }

    /// `COUNT { (n)-->() WHERE … }` or `COUNT { MATCH … RETURN … }`.
    mutating func countSubquery() throws -> Expr {
        let start = current.start
        p += 2
        var clauses: [Clause] = []
        if ["MATCH", "OPTIONAL", "WITH", "UNWIND"].contains(where: { isKeyword($0) }) {
            while !isSymbol("}") {
                if ["CREATE", "MERGE", "SET", "REMOVE", "DELETE", "DETACH"].contains(where: { isKeyword($0) }) {
                    throw QueryError.syntax("a COUNT subquery cannot change the graph", "InvalidClauseComposition", at: position(current.start))
                }
                if case .end = current.kind { throw unexpected("}") }
                clauses.append(try clause())
            }
        } else {
            let patternStart = current.start
            let patterns = try patternList()
            var whereClause: Expr?
            if accept("WHERE") { whereClause = try expression() }
            clauses = [.match(optional: false, patterns: patterns, whereClause: whereClause, start: patternStart)]
        }
        try expectSymbol("}")
        return try make(.countQuery(clauses), start)
    }

    mutating func caseExpression() throws -> Expr {
        let start = current.start
        p += 1
        var subject: Expr?
        if !isKeyword("WHEN") { subject = try expression() }
        var whens: [(Expr, Expr)] = []
        while accept("WHEN") {
            let condition = try expression()
            try expect("THEN")
            whens.append((condition, try expression()))
        }
        if whens.isEmpty { throw unexpected("WHEN") }
        var otherwise: Expr?
        if accept("ELSE") { otherwise = try expression() }
        try expect("END")
        return try make(.caseOf(subject: subject, whens: whens, otherwise: otherwise), start)
    }

    mutating func listOrComprehension() throws -> Expr {
        let start = current.start
        try expectSymbol("[")
        // `[x IN list WHERE … | …]`
        if case .identifier = current.kind, isKeyword("IN", at: 1) {
            let variable = try name("a variable")
            p += 1
            let list = try expression()
            var predicate: Expr?, projection: Expr?
            if accept("WHERE") { predicate = try expression() }
            if acceptSymbol("|") { projection = try expression() }
            try expectSymbol("]")
            return try make(.listComprehension(variable: variable, list: list, predicate: predicate, projection: projection), start)
        }
        // `[(a)-->(b) WHERE … | …]`, `[p = (a)-->(b) | …]`
        let isPathName = { (parser: Parser) -> Bool in
            switch parser.current.kind {
            case .identifier, .quotedIdentifier: return parser.isSymbol("=", at: 1)
            default: return false
            }
        }
        if isSymbol("(") || isPathName(self) {
            let save = p
            if let part = try? patternPart(), !part.rels.isEmpty || isSymbol("|") || isKeyword("WHERE") {
                var predicate: Expr?
                if accept("WHERE") { predicate = try expression() }
                try expectSymbol("|")
                let projection = try expression()
                try expectSymbol("]")
                return try make(.patternComprehension(part, predicate: predicate, projection: projection), start)
            }
            p = save
        }
        var items: [Expr] = []
        if !isSymbol("]") {
            repeat { items.append(try expression()) } while acceptSymbol(",")
        }
        try expectSymbol("]")
        return try make(.list(items), start)
    }

    mutating func functionCall(_ name: String, start: Int) throws -> Expr {
        let lower = name.lowercased()
        if lower == "count" && isSymbol("*") && isSymbol(")", at: 1) {
            p += 2
            return try make(.countStar, start)
        }
        if let q = Quantifier(rawValue: lower), case .identifier = current.kind, isKeyword("IN", at: 1) {
            let variable = try self.name("a variable")
            p += 1
            let list = try expression()
            guard accept("WHERE") else { throw unexpected("WHERE") }
            let predicate = try expression()
            try expectSymbol(")")
            return try make(.quantifier(q, variable: variable, list: list, predicate: predicate), start)
        }
        if lower == "reduce" {
            let accumulator = try self.name("an accumulator")
            try expectSymbol("=")
            let initial = try expression()
            try expectSymbol(",")
            let variable = try self.name("a variable")
            try expect("IN")
            let list = try expression()
            try expectSymbol("|")
            let body = try expression()
            try expectSymbol(")")
            return try make(.reduce(accumulator: accumulator, initial: initial, variable: variable, list: list, body: body), start)
        }
        let distinct = accept("DISTINCT")
        var args: [Expr] = []
        if !isSymbol(")") {
            repeat { args.append(try expression()) } while acceptSymbol(",")
        }
        try expectSymbol(")")
        return try make(.function(name: name, distinct: distinct, args: args), start)
    }
}
