/// What the compiler knows about an expression's type before the query runs. openCypher
/// rejects a wrongly typed operand it can see at compile time (a literal, a variable bound to
/// a node, a path, a literal list's element) as `SyntaxError: InvalidArgumentType`; what only
/// the run time can tell stays a run-time `TypeError`. Null is accepted everywhere, so a kind
/// never says "not null".
enum StaticKind: Equatable, Sendable {
    case boolean, integer, float, string, list, map, node, rel, path

    var name: String {
        switch self {
        case .boolean: return "Boolean"
        case .integer: return "Integer"
        case .float: return "Float"
        case .string: return "String"
        case .list: return "List"
        case .map: return "Map"
        case .node: return "Node"
        case .rel: return "Relationship"
        case .path: return "Path"
        }
    }

    var isNumber: Bool { self == .integer || self == .float }
}

extension Compiler {
    /// The kind `e` certainly has (unless it is null), or nil when it is not known statically.
    func staticKind(_ e: Expr, _ scope: ExprScope) -> StaticKind? {
        switch e.kind {
        case .boolean: return .boolean
        case .integer, .countQuery: return .integer
        case .float: return .float
        case .string: return .string
        case .list, .listComprehension, .patternComprehension: return .list
        case .map, .mapMerge: return .map
        case .variable(let name):
            if let kind = scope.knownKinds[name] { return kind }
            switch scope.vars[name]?.type {
            case .node?: return .node
            case .rel?: return .rel
            case .path?: return .path
            case .list?: return .list
            default: return nil
            }
        case .negate(let inner):
            let k = staticKind(inner, scope)
            return k?.isNumber == true ? k : nil
        case .not, .isNull, .hasLabels, .quantifier, .existsSubquery, .existsQuery: return .boolean
        case .binary(let op, let a, let b):
            switch op {
            case .and, .or, .xor, .eq, .neq, .lt, .gt, .le, .ge, .regex, .startsWith, .endsWith, .contains, .in: return .boolean
            case .sub, .mul, .div, .mod:
                let x = staticKind(a, scope), y = staticKind(b, scope)
                if x == .integer && y == .integer { return .integer }
                if x?.isNumber == true && y?.isNumber == true { return .float }
                return nil
            case .pow:
                return staticKind(a, scope)?.isNumber == true && staticKind(b, scope)?.isNumber == true ? .float : nil
            case .add:
                let x = staticKind(a, scope), y = staticKind(b, scope)
                if x == .list || y == .list { return .list }
                if x == .string || y == .string { return x != nil && y != nil ? .string : nil }
                if x == .integer && y == .integer { return .integer }
                if x?.isNumber == true && y?.isNumber == true { return .float }
                return nil
            }
        default: return nil
        }
    }

    /// The kind every element of a list literal has, for the variable that ranges over it.
    func elementKind(_ list: Expr, _ scope: ExprScope) -> StaticKind? {
        guard case .list(let items) = list.kind, let first = items.first else { return nil }
        let kind = staticKind(first, scope)
        return items.allSatisfy({ staticKind($0, scope) == kind }) ? kind : nil
    }

    func invalidArgument(_ what: String, _ e: Expr, _ kind: StaticKind) -> QueryError {
        QueryError.syntax("\(what) cannot take a \(kind.name)", "InvalidArgumentType", at: position(e.start))
    }

    /// A predicate operand (WHERE, AND/OR/XOR/NOT, CASE WHEN, a quantifier's or
    /// comprehension's WHERE): the one place a pattern may stand as an expression.
    func condition(_ e: Expr, _ scope: ExprScope) throws -> String {
        if case .patternPredicate(let part) = e.kind { return try compilePatternPredicate(part, scope) }
        if let kind = staticKind(e, scope), kind != .boolean {
            throw QueryError.syntax("expected a Boolean but got a \(kind.name)", "InvalidArgumentType", at: position(e.start))
        }
        return try asBool(try compile(e, scope), at: e.start)
    }

    /// Operands of arithmetic whose kinds are known and can never combine.
    func checkArithmetic(_ op: BinaryOp, _ a: Expr, _ b: Expr, _ scope: ExprScope) throws {
        guard let x = staticKind(a, scope), let y = staticKind(b, scope) else {
            // One known kind may already be wrong whatever the other is.
            for (e, k) in [(a, staticKind(a, scope)), (b, staticKind(b, scope))] {
                guard let k else { continue }
                // `+` takes anything beside a list, so only the other operators can tell.
                if op != .add && !k.isNumber { throw invalidArgument("`\(op.rawValue)`", e, k) }
            }
            return
        }
        let ok: Bool
        if op == .add {
            ok = x == .list || y == .list || (x.isNumber && y.isNumber) || (x == .string && (y == .string || y.isNumber)) || (y == .string && x.isNumber)
        } else {
            ok = x.isNumber && y.isNumber
        }
        if !ok {
            throw QueryError.syntax("cannot apply `\(op.rawValue)` to \(x.name) and \(y.name)", "InvalidArgumentType", at: position(a.start))
        }
    }

    /// Arguments of the graph and size functions whose kind is known and not accepted.
    func checkArgumentKinds(_ name: String, _ args: [Expr], _ scope: ExprScope) throws {
        guard args.count == 1, let kind = staticKind(args[0], scope) else { return }
        let accepted: [StaticKind]
        switch name {
        case "labels": accepted = [.node]
        case "type", "startnode", "endnode": accepted = [.rel]
        case "properties", "keys": accepted = [.node, .rel, .map]
        case "length", "nodes", "relationships": accepted = [.path]
        case "size": accepted = [.list, .string]
        default: return
        }
        if !accepted.contains(kind) { throw invalidArgument("\(name)()", args[0], kind) }
    }
}
