/// The syntax tree of one Cypher statement. Every expression keeps its source range, so errors
/// point at it and an unaliased `RETURN` item is named by its text as written.
struct Expr: Sendable {
    indirect enum Kind: Sendable {
        case null
        case boolean(Bool)
        case integer(Int64)
        case float(Double)
        case string(String)
        case parameter(String)
        case variable(String)
        case property(Expr, String)
        case list([Expr])
        case map([(String, Expr)])
        case countStar
        case function(name: String, distinct: Bool, args: [Expr])
        case binary(BinaryOp, Expr, Expr)
        case not(Expr)
        case negate(Expr)
        case isNull(Expr, negated: Bool)
        case hasLabels(Expr, [String])
        case caseOf(subject: Expr?, whens: [(Expr, Expr)], otherwise: Expr?)
        case index(Expr, Expr)
        case slice(Expr, Expr?, Expr?)
        case listComprehension(variable: String, list: Expr, predicate: Expr?, projection: Expr?)
        case quantifier(Quantifier, variable: String, list: Expr, predicate: Expr)
        case patternPredicate(PatternPart)
        /// `[p = (a)-->(b) WHERE … | …]`: one projection per match of the pattern from this row.
        case patternComprehension(PatternPart, predicate: Expr?, projection: Expr)
        /// `EXISTS { MATCH? patterns WHERE? }`: true when the patterns match from this row.
        case existsSubquery([PatternPart], whereClause: Expr?)
        /// `EXISTS { MATCH … WITH … RETURN … }`: true when the reading query has a row, the
        /// current row's variables bound in it.
        case existsQuery([Clause])
        /// `COUNT { … }`: the number of rows of the reading query (or matches of the pattern).
        case countQuery([Clause])
        /// The entries of the second map over those of the first (a map projection with `.*`).
        case mapMerge(Expr, Expr)
        case reduce(accumulator: String, initial: Expr, variable: String, list: Expr, body: Expr)
    }
    var kind: Kind
    var start: Int
    var end: Int
    /// Levels of the tree below and including this node, kept by the parser so that no later
    /// stage (binder, compiler, SQLite) meets a tree deeper than `Parser.maxDepth`.
    var height: Int = 1
}

extension Expr.Kind {
    /// The tallest direct child (0 for leaves); not recursive, so cheap and stack-safe.
    var childHeight: Int {
        func h(_ e: Expr?) -> Int { e?.height ?? 0 }
        switch self {
        case .null, .boolean, .integer, .float, .string, .parameter, .variable, .countStar, .patternPredicate, .existsQuery, .countQuery: return 0
        case .property(let e, _), .not(let e), .negate(let e), .isNull(let e, _), .hasLabels(let e, _): return h(e)
        case .list(let items): return items.map(\.height).max() ?? 0
        case .map(let pairs): return pairs.map(\.1.height).max() ?? 0
        case .function(_, _, let args): return args.map(\.height).max() ?? 0
        case .binary(_, let a, let b), .index(let a, let b), .mapMerge(let a, let b): return max(a.height, b.height)
        case .caseOf(let subject, let whens, let otherwise):
            return max(h(subject), h(otherwise), whens.map { max($0.0.height, $0.1.height) }.max() ?? 0)
        case .slice(let a, let b, let c): return max(a.height, h(b), h(c))
        case .listComprehension(_, let list, let predicate, let projection): return max(list.height, h(predicate), h(projection))
        case .quantifier(_, _, let list, let predicate): return max(list.height, predicate.height)
        case .reduce(_, let initial, _, let list, let body): return max(initial.height, list.height, body.height)
        case .patternComprehension(_, let predicate, let projection): return max(h(predicate), projection.height)
        case .existsSubquery(_, let whereClause): return h(whereClause)
        }
    }
}

enum Quantifier: String, Sendable { case any, all, none, single }

enum BinaryOp: String, Sendable {
    case or = "OR", xor = "XOR", and = "AND"
    case eq = "=", neq = "<>", lt = "<", gt = ">", le = "<=", ge = ">="
    case regex = "=~", startsWith = "STARTS WITH", endsWith = "ENDS WITH", contains = "CONTAINS", `in` = "IN"
    case add = "+", sub = "-", mul = "*", div = "/", mod = "%", pow = "^"
}

enum Direction: Sendable { case outgoing, incoming, both }

struct NodePattern: Sendable {
    var variable: String?
    var labels: [String]
    var properties: Expr?
    var start: Int
}

struct RelPattern: Sendable {
    var variable: String?
    var types: [String]
    var properties: Expr?
    var direction: Direction
    /// nil for a single hop; otherwise the bounds of `*min..max` (nil max is unbounded).
    var length: (min: Int, max: Int?)?
    var start: Int
}

struct PatternPart: Sendable {
    enum Shortest: Sendable { case shortest, all }
    var pathVariable: String?
    var shortest: Shortest?
    var nodes: [NodePattern]
    var rels: [RelPattern]
    var start: Int
}

struct ReturnItem: Sendable {
    var expr: Expr
    var alias: String?
    /// The text as written, the column name when there is no alias.
    var text: String
}

struct SortItem: Sendable {
    var expr: Expr
    var descending: Bool
}

struct Projection: Sendable {
    var distinct: Bool
    var star: Bool
    var items: [ReturnItem]
    var orderBy: [SortItem]
    var skip: Expr?
    var limit: Expr?
    var whereClause: Expr?
    var start: Int
}

enum SetItem: Sendable {
    case property(target: Expr, key: String, value: Expr)
    /// `n = map` (replace) or `n += map` (merge).
    case allProperties(variable: String, value: Expr, merge: Bool, start: Int)
    case labels(variable: String, labels: [String], start: Int)
}

enum RemoveItem: Sendable {
    case property(target: Expr, key: String)
    case labels(variable: String, labels: [String], start: Int)
}

enum Clause: Sendable {
    case match(optional: Bool, patterns: [PatternPart], whereClause: Expr?, start: Int)
    case unwind(Expr, alias: String, start: Int)
    case with(Projection)
    case returning(Projection)
    case create([PatternPart], start: Int)
    case merge(PatternPart, onCreate: [SetItem], onMatch: [SetItem], start: Int)
    case set([SetItem], start: Int)
    case remove([RemoveItem], start: Int)
    case delete(detach: Bool, [Expr], start: Int)

    var start: Int {
        switch self {
        case .match(_, _, _, let s), .unwind(_, _, let s), .create(_, let s), .merge(_, _, _, let s),
             .set(_, let s), .remove(_, let s), .delete(_, _, let s): return s
        case .with(let p), .returning(let p): return p.start
        }
    }

    var isWriting: Bool {
        switch self {
        case .create, .merge, .set, .remove, .delete: return true
        default: return false
        }
    }
}

struct Statement: Sendable {
    enum Mode: Sendable { case run, explain, profile }
    var mode: Mode
    var clauses: [Clause]
}
