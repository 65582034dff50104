import KGStore

/// The static kind of a variable's SQL column: graph elements bound by patterns are plain ids
/// (so joins use the triple indexes); everything else is an encoded value (`ValCodec`).
enum VarType: Equatable, Sendable {
    case node, rel, value
    /// Encoded values the binder knows more about, for type-conflict errors: paths, lists,
    /// and `scalar`, a value written as a literal (boolean, number, string, map) that can
    /// never be a node or relationship.
    case path, list, scalar
}

/// A compiled expression: SQL text and the form its result takes.
struct SQLExpr {
    enum Form: Equatable { case value, bool, node, rel }
    var sql: String
    var form: Form
}

struct VarRef {
    var sql: String
    var type: VarType
}

/// What an expression may see: variables, and whether aggregates are allowed here.
struct ExprScope {
    var vars: [String: VarRef] = [:]
    var allowAggregates = false
    /// Node properties already in a column of the SELECT being built (`variable`, `key`):
    /// `x.key` reads that column instead of looking the property up again.
    var knownProperties: [PropertyName: String] = [:]
    /// Kinds known for variables bound inside an expression (a literal list's elements).
    var knownKinds: [String: StaticKind] = [:]

    struct PropertyName: Hashable {
        var variable: String
        var key: String
    }

    /// The hidden column (a name no query can write) holding relationship `name`'s type, when
    /// the MATCH that bound it had the triple row at hand.
    static func typeColumn(of name: String) -> String { " type:" + name }

    /// The hidden column holding node `name`'s property `key`, when the MATCH that bound the
    /// node found it through that property's row. Writing clauses drop these columns (a SET
    /// may change the value).
    static func propertyColumn(of name: String, key: String) -> String { " prop:" + name + "\u{0}" + key }
    static let propertyColumnPrefix = " prop:"

    func with(_ name: String, _ ref: VarRef) -> ExprScope {
        var s = self
        s.vars[name] = ref
        s.knownKinds[name] = nil
        s.vars[ExprScope.typeColumn(of: name)] = nil
        let prefix = ExprScope.propertyColumnPrefix + name + "\u{0}"
        for key in s.vars.keys where key.hasPrefix(prefix) { s.vars[key] = nil }
        s.knownProperties = s.knownProperties.filter { $0.key.variable != name }
        return s
    }
}

extension Compiler {
    static let aggregateNames: Set<String> = ["count", "collect", "sum", "avg", "min", "max", "stdev", "stdevp", "percentiledisc", "percentilecont"]

    /// Functions whose every call may answer differently (openCypher's non-deterministic ones).
    static let volatileFunctionNames: Set<String> = ["rand"]

    /// True when `e` calls a volatile function: a column computed from it must be computed once
    /// per row and then read, never re-evaluated where it is referenced.
    static func isVolatile(_ e: Expr) -> Bool {
        var found = false
        visit(e) { sub in
            if case .function(let name, _, _) = sub.kind, volatileFunctionNames.contains(name.lowercased()) { found = true }
        }
        return found
    }

    static func containsAggregate(_ e: Expr) -> Bool {
        var found = false
        visit(e) { sub in
            switch sub.kind {
            case .countStar: found = true
            case .function(let name, _, _) where aggregateNames.contains(name.lowercased()): found = true
            default: break
            }
        }
        return found
    }

    /// Calls `body` on `e` and every sub-expression (not inside nested scopes' bodies).
    static func visit(_ e: Expr, _ body: (Expr) -> Void) {
        body(e)
        switch e.kind {
        case .property(let b, _), .not(let b), .negate(let b), .isNull(let b, _), .hasLabels(let b, _): visit(b, body)
        case .list(let items): items.forEach { visit($0, body) }
        case .map(let pairs): pairs.forEach { visit($0.1, body) }
        case .function(_, _, let args): args.forEach { visit($0, body) }
        case .binary(_, let a, let b), .index(let a, let b), .mapMerge(let a, let b): visit(a, body); visit(b, body)
        case .caseOf(let subject, let whens, let otherwise):
            if let subject { visit(subject, body) }
            for (c, v) in whens { visit(c, body); visit(v, body) }
            if let otherwise { visit(otherwise, body) }
        case .slice(let a, let f, let t): visit(a, body); if let f { visit(f, body) }; if let t { visit(t, body) }
        case .listComprehension(_, let list, let predicate, let projection):
            visit(list, body); if let predicate { visit(predicate, body) }; if let projection { visit(projection, body) }
        case .quantifier(_, _, let list, let predicate): visit(list, body); visit(predicate, body)
        case .reduce(_, let initial, _, let list, let b): visit(initial, body); visit(list, body); visit(b, body)
        case .patternComprehension(_, let predicate, let projection): if let predicate { visit(predicate, body) }; visit(projection, body)
        case .existsSubquery(_, let w): if let w { visit(w, body) }
        default: break
        }
    }

    /// Variables an expression reads (free variables, ignoring those its own scopes bind).
    static func freeVariables(_ e: Expr) -> Set<String> {
        var out: Set<String> = []
        func walkPatternProperties(_ parts: [PatternPart], _ bound: Set<String>) {
            for part in parts {
                for n in part.nodes { if let p = n.properties { walk(p, bound) } }
                for r in part.rels { if let p = r.properties { walk(p, bound) } }
            }
        }
        func walk(_ e: Expr, _ bound: Set<String>) {
            switch e.kind {
            case .variable(let v): if !bound.contains(v) { out.insert(v) }
            case .listComprehension(let v, let list, let predicate, let projection):
                walk(list, bound)
                let inner = bound.union([v])
                if let predicate { walk(predicate, inner) }
                if let projection { walk(projection, inner) }
            case .quantifier(_, let v, let list, let predicate):
                walk(list, bound); walk(predicate, bound.union([v]))
            case .reduce(let acc, let initial, let v, let list, let body):
                walk(initial, bound); walk(list, bound); walk(body, bound.union([acc, v]))
            case .patternComprehension(let part, let predicate, let projection):
                // Only what the pattern does not bind itself: its variables may be new here.
                let inner = bound.union(Compiler.patternVariables([part]))
                walkPatternProperties([part], bound)
                if let predicate { walk(predicate, inner) }
                walk(projection, inner)
            case .existsSubquery(let parts, let w):
                walkPatternProperties(parts, bound)
                if let w { walk(w, bound.union(Compiler.patternVariables(parts))) }
            case .patternPredicate(let part):
                for n in part.nodes { if let v = n.variable, !bound.contains(v) { out.insert(v) }; if let p = n.properties { walk(p, bound) } }
                for r in part.rels { if let v = r.variable, !bound.contains(v) { out.insert(v) }; if let p = r.properties { walk(p, bound) } }
            case .property(let b, _), .not(let b), .negate(let b), .isNull(let b, _), .hasLabels(let b, _): walk(b, bound)
            case .list(let items): items.forEach { walk($0, bound) }
            case .map(let pairs): pairs.forEach { walk($0.1, bound) }
            case .function(_, _, let args): args.forEach { walk($0, bound) }
            case .binary(_, let a, let b), .index(let a, let b), .mapMerge(let a, let b): walk(a, bound); walk(b, bound)
            case .caseOf(let subject, let whens, let otherwise):
                if let subject { walk(subject, bound) }
                for (c, v) in whens { walk(c, bound); walk(v, bound) }
                if let otherwise { walk(otherwise, bound) }
            case .slice(let a, let f, let t): walk(a, bound); if let f { walk(f, bound) }; if let t { walk(t, bound) }
            default: break
            }
        }
        walk(e, [])
        return out
    }

    // MARK: Forms

    func asValue(_ e: SQLExpr) -> String {
        switch e.form {
        case .value: return e.sql
        // A simple CASE evaluates its operand once: `rand() < 0.5` must not be asked twice.
        case .bool: return "(CASE \(e.sql) WHEN 1 THEN X'0101' WHEN 0 THEN X'0100' END)"
        case .node: return "kg_node(\(e.sql))"
        case .rel: return "kg_rel(\(e.sql))"
        }
    }

    func asBool(_ e: SQLExpr, at offset: Int) throws -> String {
        switch e.form {
        case .bool: return e.sql
        case .value: return "kg_truth(\(e.sql))"
        case .node, .rel:
            throw QueryError.syntax("expected a Boolean but got a \((e.form == .node ? StaticKind.node : .rel).name)", "InvalidArgumentType", at: position(offset))
        }
    }

    func asNodeID(_ e: SQLExpr, at offset: Int) throws -> String {
        switch e.form {
        case .node: return e.sql
        case .value: return "kg_nodeid(\(e.sql))"
        default: throw QueryError.type("expected a Node", at: position(offset))
        }
    }

    /// A bound parameter (`?3`) or a column (`t1.o`): SQL that costs nothing to evaluate twice.
    static func isPlainOperand(_ sql: String) -> Bool {
        let bytes = Array(sql.utf8)
        guard let first = bytes.first else { return false }
        func isWord(_ c: UInt8) -> Bool { (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F }
        if first == 0x3F { return bytes.count > 1 && bytes.dropFirst().allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        let parts = bytes.split(separator: 0x2E, omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(isWord) } && !(first >= 0x30 && first <= 0x39)
    }

    static func form(of type: VarType) -> SQLExpr.Form {
        switch type {
        case .node: return .node
        case .rel: return .rel
        case .value, .path, .list, .scalar: return .value
        }
    }

    func literal(_ v: Val) -> String {
        switch v {
        case .null: return "NULL"
        default: return bind(ValCodec.encode(v))
        }
    }

    func parameterValue(_ name: String, at offset: Int) throws -> Val {
        guard let v = parameters[name] else {
            throw QueryError(.parameterMissing, "MissingParameter", "expected a parameter named $\(name)", position: position(offset))
        }
        return v
    }

    /// The value of a constant expression (no variables), when it can be known at compile time.
    func constant(_ e: Expr) -> Val? {
        switch e.kind {
        case .null: return .null
        case .boolean(let b): return .bool(b)
        case .integer(let i): return .int(i)
        case .float(let d): return .float(d)
        case .string(let s): return .string(s)
        case .parameter(let n): return parameters[n]
        case .list(let items):
            var out: [Val] = []
            for item in items { guard let v = constant(item) else { return nil }; out.append(v) }
            return .list(out)
        case .map(let pairs):
            var out: [String: Val] = [:]
            for (k, item) in pairs { guard let v = constant(item) else { return nil }; out[k] = v }
            return .map(out)
        case .negate(let inner):
            guard let v = constant(inner) else { return nil }
            return try? Semantics.negate(v)
        default: return nil
        }
    }

    // MARK: Expressions

    func compile(_ e: Expr, _ scope: ExprScope) throws -> SQLExpr {
        switch e.kind {
        case .null: return SQLExpr(sql: "NULL", form: .value)
        case .boolean(let b): return SQLExpr(sql: b ? "1" : "0", form: .bool)
        case .integer(let i): return SQLExpr(sql: literal(.int(i)), form: .value)
        case .float(let d): return SQLExpr(sql: literal(.float(d)), form: .value)
        case .string(let s): return SQLExpr(sql: literal(.string(s)), form: .value)
        case .parameter(let name): return SQLExpr(sql: literal(try parameterValue(name, at: e.start)), form: .value)
        case .variable(let name):
            guard let ref = scope.vars[name] else {
                throw QueryError.syntax("variable `\(name)` not defined", "UndefinedVariable", at: position(e.start))
            }
            return SQLExpr(sql: ref.sql, form: Compiler.form(of: ref.type))
        case .property(let base, let key):
            if case .variable(let v) = base.kind, let known = scope.knownProperties[ExprScope.PropertyName(variable: v, key: key)] {
                return SQLExpr(sql: known, form: .value)
            }
            if case .variable(let v) = base.kind, !afterDelete, let known = scope.vars[ExprScope.propertyColumn(of: v, key: key)] {
                return SQLExpr(sql: known.sql, form: .value)
            }
            if case .variable(let v) = base.kind, scope.vars[v]?.type == .path {
                throw QueryError.syntax("a path has no properties (`\(v).\(key)`)", "InvalidArgumentType", at: position(e.start))
            }
            let b = try compile(base, scope)
            switch b.form {
            case .node:
                let read = "(SELECT o FROM triple WHERE s = \(b.sql) AND k = 1 AND p = \(bind(.text(key))))"
                return SQLExpr(sql: afterDelete ? checkedExists(b, read) : read, form: .value)
            case .rel:
                let read = "kg_relprop(\(b.sql), \(bind(.text(key))))"
                return SQLExpr(sql: afterDelete ? checkedExists(b, read) : read, form: .value)
            case .bool: throw QueryError.type("cannot read property '\(key)' of a Boolean", "PropertyAccessOnNonMap", at: position(e.start))
            case .value:
                if case .map(let pairs) = base.kind, let hit = pairs.last(where: { $0.0 == key }) {
                    return try compile(hit.1, scope)
                }
                if let c = constant(base) {
                    switch c {
                    case .map, .null: break
                    default: throw QueryError.type("cannot read property '\(key)' of \(c.typeName)", "PropertyAccessOnNonMap", at: position(e.start))
                    }
                }
                return SQLExpr(sql: "kg_prop(\(b.sql), \(bind(.text(key))))", form: .value)
            }
        case .list(let items):
            if let c = constant(e) { return SQLExpr(sql: literal(c), form: .value) }
            let parts = try items.map { asValue(try compile($0, scope)) }
            return SQLExpr(sql: "kg_list(\(parts.joined(separator: ", ")))", form: .value)
        case .map(let pairs):
            if let c = constant(e) { return SQLExpr(sql: literal(c), form: .value) }
            var parts: [String] = []
            for (k, v) in pairs { parts.append(bind(.text(k))); parts.append(asValue(try compile(v, scope))) }
            return SQLExpr(sql: "kg_map(\(parts.joined(separator: ", ")))", form: .value)
        case .countStar:
            guard scope.allowAggregates else { throw misplacedAggregate(e) }
            return SQLExpr(sql: countStarSQL ?? "count(*)", form: .value)
        case .function(let name, let distinct, let args):
            return try compileFunction(e, name: name, distinct: distinct, args: args, scope)
        case .binary(let op, let a, let b):
            return try compileBinary(e, op, a, b, scope)
        case .not(let inner):
            return SQLExpr(sql: "(NOT \(try condition(inner, scope)))", form: .bool)
        case .negate(let inner):
            return SQLExpr(sql: "kg_neg(\(asValue(try compile(inner, scope))))", form: .value)
        case .isNull(let inner, let negated):
            let c = try compile(inner, scope)
            return SQLExpr(sql: "(\(c.sql) IS \(negated ? "NOT " : "")NULL)", form: .bool)
        case .hasLabels(let inner, let labels):
            let c = try compile(inner, scope)
            switch c.form {
            case .node:
                let tests = labels.map { "EXISTS (SELECT 1 FROM triple WHERE s = \(c.sql) AND k = 0 AND p = \(bind(.text($0))))" }
                return SQLExpr(sql: "(CASE WHEN \(c.sql) IS NULL THEN NULL ELSE (\(tests.joined(separator: " AND "))) END)", form: .bool)
            case .value:
                let tests = labels.map { "kg_haslabel(\(c.sql), \(bind(.text($0))))" }
                return SQLExpr(sql: "(\(tests.joined(separator: " AND ")))", form: .bool)
            default: throw QueryError.syntax("labels can only be tested on nodes", "InvalidArgumentType", at: position(e.start))
            }
        case .caseOf(let subject, let whens, let otherwise):
            var sql = "(CASE"
            let subjectSQL = try subject.map { asValue(try compile($0, scope)) }
            for (condition, value) in whens {
                let test: String
                if let subjectSQL { test = "kg_eq(\(subjectSQL), \(asValue(try compile(condition, scope))))" }
                else { test = try self.condition(condition, scope) }
                sql += " WHEN \(test) THEN \(asValue(try compile(value, scope)))"
            }
            if let otherwise { sql += " ELSE \(asValue(try compile(otherwise, scope)))" }
            return SQLExpr(sql: sql + " END)", form: .value)
        case .index(let base, let index):
            let b = try compile(base, scope)
            if b.form == .node || b.form == .rel, case .string(let key)? = constant(index) {
                return try compile(Expr(kind: .property(base, key), start: e.start, end: e.end), scope)
            }
            return SQLExpr(sql: "kg_index(\(asValue(b)), \(asValue(try compile(index, scope))))", form: .value)
        case .slice(let base, let from, let to):
            let b = asValue(try compile(base, scope))
            let f = try from.map { asValue(try compile($0, scope)) } ?? "NULL"
            let t = try to.map { asValue(try compile($0, scope)) } ?? "NULL"
            return SQLExpr(sql: "kg_slice(\(b), \(f), \(t), \(from == nil ? 0 : 1), \(to == nil ? 0 : 1))", form: .value)
        case .listComprehension(let variable, let list, let predicate, let projection):
            let l = asValue(try compile(list, scope))
            let alias = fresh("u")
            var innerScope = scope.with(variable, VarRef(sql: "\(alias).value", type: .value))
            innerScope.knownKinds[variable] = elementKind(list, scope)
            innerScope.allowAggregates = false
            let proj = try projection.map { asValue(try compile($0, innerScope)) } ?? "\(alias).value"
            var sql = "(SELECT kg_collectall(\(proj)) FROM kg_unwind(\(l)) AS \(alias)"
            if let predicate { sql += " WHERE \(try condition(predicate, innerScope))" }
            sql += ")"
            return SQLExpr(sql: "(CASE WHEN \(l) IS NULL THEN NULL ELSE \(sql) END)", form: .value)
        case .quantifier(let q, let variable, let list, let predicate):
            let l = asValue(try compile(list, scope))
            let alias = fresh("u")
            var innerScope = scope.with(variable, VarRef(sql: "\(alias).value", type: .value))
            innerScope.knownKinds[variable] = elementKind(list, scope)
            innerScope.allowAggregates = false
            let p = try condition(predicate, innerScope)
            let t = "coalesce(sum((\(p)) IS 1), 0)", f = "coalesce(sum((\(p)) IS 0), 0)", n = "coalesce(sum((\(p)) IS NULL), 0)"
            let body: String
            switch q {
            case .any: body = "CASE WHEN \(t) > 0 THEN 1 WHEN \(n) > 0 THEN NULL ELSE 0 END"
            case .all: body = "CASE WHEN \(f) > 0 THEN 0 WHEN \(n) > 0 THEN NULL ELSE 1 END"
            case .none: body = "CASE WHEN \(t) > 0 THEN 0 WHEN \(n) > 0 THEN NULL ELSE 1 END"
            case .single: body = "CASE WHEN \(t) > 1 THEN 0 WHEN \(n) > 0 THEN NULL ELSE \(t) = 1 END"
            }
            return SQLExpr(sql: "(CASE WHEN \(l) IS NULL THEN NULL ELSE (SELECT \(body) FROM kg_unwind(\(l)) AS \(alias)) END)", form: .bool)
        case .patternComprehension(let part, let predicate, let projection):
            return SQLExpr(sql: try compilePatternComprehension(part, predicate: predicate, projection: projection, scope), form: .value)
        case .existsSubquery(let parts, let whereClause):
            return SQLExpr(sql: try compileExistsSubquery(parts, whereClause: whereClause, scope), form: .bool)
        case .mapMerge(let a, let b):
            return SQLExpr(sql: "kg_mapmerge(\(asValue(try compile(a, scope))), \(asValue(try compile(b, scope))))", form: .value)
        case .existsQuery(let clauses):
            return SQLExpr(sql: try compileSubquery(clauses, scope, count: false), form: .bool)
        case .countQuery(let clauses):
            return SQLExpr(sql: try compileSubquery(clauses, scope, count: true), form: .value)
        case .patternPredicate:
            // openCypher allows a pattern only as a predicate (see `condition`), not as a value.
            throw QueryError.syntax("a pattern can only be used as a predicate (in WHERE, exists() or a boolean operator), not as a value", "UnexpectedSyntax", at: position(e.start))
        case .reduce(let accumulator, let initial, let variable, let list, let body):
            // A recursive CTE folds the elements in order: row i holds the accumulator after i of them.
            let l = asValue(try compile(list, scope))
            let start = asValue(try compile(initial, scope))
            let r = fresh("rd"), u = fresh("u")
            var innerScope = scope.with(accumulator, VarRef(sql: "\(r).acc", type: .value))
            innerScope = innerScope.with(variable, VarRef(sql: "\(u).value", type: .value))
            innerScope.knownKinds[variable] = elementKind(list, scope)
            innerScope.allowAggregates = false
            let step = asValue(try compile(body, innerScope))
            let fold = "(WITH RECURSIVE \(r)(i, acc) AS (SELECT 0, \(start) UNION ALL SELECT \(r).i + 1, \(step) FROM \(r) JOIN kg_unwind(\(l)) AS \(u) ON \(u).idx = \(r).i) SELECT acc FROM \(r) ORDER BY i DESC LIMIT 1)"
            if let kind = staticKind(list, scope), kind != .list {
                throw QueryError.syntax("reduce() expects a List but got a \(kind.name)", "InvalidArgumentType", at: position(list.start))
            }
            return SQLExpr(sql: "(CASE WHEN \(l) IS NULL THEN NULL ELSE \(fold) END)", form: .value)
        }
    }

    /// A WHERE as SQL conditions, one per top-level conjunct. A row is kept only where each is
    /// true, so null and false need not differ here: a string test against a constant string
    /// becomes a plain conjunction SQLite evaluates more cheaply than the null-preserving CASE.
    func filterConditions(_ w: Expr, _ scope: ExprScope) throws -> [String] {
        if case .binary(.and, let a, let b) = w.kind { return try filterConditions(a, scope) + filterConditions(b, scope) }
        if case .binary(.contains, let a, let b) = w.kind, case .string? = constant(b) {
            let x = asValue(try compile(a, scope))
            if Compiler.isPlainOperand(x) {
                return ["typeof(\(x)) = 'text'", "instr(\(x), \(literal(constant(b)!))) > 0"]
            }
        }
        return [try condition(w, scope)]
    }

    func misplacedAggregate(_ e: Expr) -> QueryError {
        QueryError.syntax("aggregate functions are only allowed in RETURN and WITH", "InvalidAggregation", at: position(e.start))
    }

    func compileBinary(_ e: Expr, _ op: BinaryOp, _ a: Expr, _ b: Expr, _ scope: ExprScope) throws -> SQLExpr {
        switch op {
        case .and, .or, .xor:
            let x = try condition(a, scope), y = try condition(b, scope)
            switch op {
            case .and: return SQLExpr(sql: "(\(x) AND \(y))", form: .bool)
            case .or: return SQLExpr(sql: "(\(x) OR \(y))", form: .bool)
            default: return SQLExpr(sql: "((\(x)) + (\(y)) = 1)", form: .bool)
            }
        case .eq, .neq:
            let x = try compile(a, scope), y = try compile(b, scope)
            if (x.form == .node && y.form == .node) || (x.form == .rel && y.form == .rel) {
                return SQLExpr(sql: "(\(x.sql) \(op == .eq ? "=" : "<>") \(y.sql))", form: .bool)
            }
            return SQLExpr(sql: "\(op == .eq ? "kg_eq" : "kg_neq")(\(asValue(x)), \(asValue(y)))", form: .bool)
        case .lt, .gt, .le, .ge:
            let name = ["<": "kg_lt", ">": "kg_gt", "<=": "kg_le", ">=": "kg_ge"][op.rawValue]!
            return SQLExpr(sql: "\(name)(\(asValue(try compile(a, scope))), \(asValue(try compile(b, scope))))", form: .bool)
        case .contains:
            // A constant side (a literal, or a parameter: plans are per parameter values) has a
            // known type, so its test leaves the per-row work; not a string, the answer is null.
            if let c = constant(b) {
                let x = asValue(try compile(a, scope))
                guard case .string = c else { return SQLExpr(sql: "NULL", form: .bool) }
                let y = literal(c)
                if Compiler.isPlainOperand(x) {
                    return SQLExpr(sql: "(CASE WHEN typeof(\(x)) = 'text' THEN instr(\(x), \(y)) > 0 END)", form: .bool)
                }
                return SQLExpr(sql: "kg_contains(\(x), \(y))", form: .bool)
            }
            let x = asValue(try compile(a, scope)), y = asValue(try compile(b, scope))
            // Plain columns and parameters are cheap to read twice: then SQLite's own instr()
            // (byte search, like kg_contains) avoids a function call into Swift per row.
            if Compiler.isPlainOperand(x) && Compiler.isPlainOperand(y) {
                return SQLExpr(sql: "(CASE WHEN typeof(\(x)) = 'text' AND typeof(\(y)) = 'text' THEN instr(\(x), \(y)) > 0 END)", form: .bool)
            }
            return SQLExpr(sql: "kg_contains(\(x), \(y))", form: .bool)
        case .regex, .startsWith, .endsWith, .in:
            let name = [BinaryOp.regex: "kg_regex", .startsWith: "kg_starts", .endsWith: "kg_ends", .contains: "kg_contains", .in: "kg_in"][op]!
            if op == .in, let kind = staticKind(b, scope), kind != .list {
                throw QueryError.syntax("IN expects a List but got a \(kind.name)", "InvalidArgumentType", at: position(b.start))
            }
            if op == .in, let c = constant(b), !c.isNull {
                guard case .list = c else { throw QueryError.syntax("IN expects a List but got \(c.typeName)", "InvalidArgumentType", at: position(b.start)) }
            }
            return SQLExpr(sql: "\(name)(\(asValue(try compile(a, scope))), \(asValue(try compile(b, scope))))", form: .bool)
        case .add where isAddition(a):
            // A long `x + y + z + …` compiles to one variadic call per 100 terms, so SQLite's
            // parser (which gives up at about 100 nested calls) accepts a few thousand terms.
            var terms = [b]
            var left = a
            while case .binary(.add, let l, let r) = left.kind { terms.append(r); left = l }
            terms.append(left)
            var sql: String?
            var pending = terms.reversed()[...]
            while !pending.isEmpty {
                let chunk = pending.prefix(sql == nil ? 100 : 99)
                pending = pending.dropFirst(chunk.count)
                let args = try chunk.map { asValue(try compile($0, scope)) }
                sql = "kg_addn(" + ((sql.map { [$0] } ?? []) + args).joined(separator: ", ") + ")"
            }
            return SQLExpr(sql: sql!, form: .value)
        case .add, .sub, .mul, .div, .mod, .pow:
            try checkArithmetic(op, a, b, scope)
            let name = [BinaryOp.add: "kg_add", .sub: "kg_sub", .mul: "kg_mul", .div: "kg_div", .mod: "kg_mod", .pow: "kg_pow"][op]!
            return SQLExpr(sql: "\(name)(\(asValue(try compile(a, scope))), \(asValue(try compile(b, scope))))", form: .value)
        }
    }

    private func isAddition(_ e: Expr) -> Bool {
        if case .binary(.add, _, _) = e.kind { return true }
        return false
    }

    func compileFunction(_ e: Expr, name: String, distinct: Bool, args: [Expr], _ scope: ExprScope) throws -> SQLExpr {
        let lower = name.lowercased()
        if Compiler.aggregateNames.contains(lower) {
            guard scope.allowAggregates else { throw misplacedAggregate(e) }
            let arity = lower.hasPrefix("percentile") ? 2 : 1
            guard args.count == arity else {
                throw QueryError.syntax("\(name)() takes \(arity == 1 ? "one argument" : "two arguments")", "InvalidNumberOfArguments", at: position(e.start))
            }
            if arity == 2 && distinct {
                throw QueryError.unsupported("DISTINCT in \(name)()", at: position(e.start))
            }
            var inner = scope
            inner.allowAggregates = false
            if let nested = args.first(where: Compiler.containsAggregate) {
                throw QueryError.syntax("aggregate functions cannot be nested", "NestedAggregation", at: position(nested.start))
            }
            // openCypher rejects non-deterministic arguments to aggregates (`count(rand())`).
            var random: Expr?
            for arg in args {
                Compiler.visit(arg) { x in
                    if case .function(let f, _, _) = x.kind, f.lowercased() == "rand", random == nil { random = x }
                }
            }
            if let random {
                throw QueryError.syntax("an aggregate function cannot take a non-deterministic argument (rand())", "NonConstantExpression", at: position(random.start))
            }
            let arg = try compile(args[0], inner)
            let d = distinct ? "DISTINCT " : ""
            switch lower {
            case "count":
                // count(x) counts non-null values; a boolean in bool form is never null-encoded differently.
                return SQLExpr(sql: "count(\(d)\(arg.form == .bool ? asValue(arg) : arg.sql))", form: .value)
            case "percentiledisc", "percentilecont":
                return SQLExpr(sql: "kg_\(lower)(\(asValue(arg)), \(asValue(try compile(args[1], inner))))", form: .value)
            default:
                return SQLExpr(sql: "kg_\(lower)(\(d)\(asValue(arg)))", form: .value)
            }
        }
        if distinct {
            throw QueryError.syntax("DISTINCT is only allowed in aggregate functions", "InvalidArgumentPassingMode", at: position(e.start))
        }
        try checkArgumentKinds(lower, args, scope)
        switch lower {
        case "coalesce":
            guard !args.isEmpty else { throw QueryError.syntax("coalesce() needs arguments", "InvalidNumberOfArguments", at: position(e.start)) }
            let parts = try args.map { asValue(try compile($0, scope)) }
            return SQLExpr(sql: parts.count == 1 ? parts[0] : "coalesce(\(parts.joined(separator: ", ")))", form: .value)
        case "exists":
            guard args.count == 1 else { throw QueryError.syntax("exists() takes one argument", "InvalidNumberOfArguments", at: position(e.start)) }
            switch args[0].kind {
            case .property, .index: break
            case .patternPredicate: return SQLExpr(sql: try condition(args[0], scope), form: .bool)
            default: throw QueryError.syntax("exists() needs a property or a pattern", "InvalidArgumentExpression", at: position(args[0].start))
            }
            let c = try compile(args[0], scope)
            if c.form == .bool { return c }
            return SQLExpr(sql: "(\(c.sql) IS NOT NULL)", form: .bool)
        case "id":
            guard args.count == 1 else { break }
            let c = try compile(args[0], scope)
            if c.form == .node || c.form == .rel { return SQLExpr(sql: c.sql, form: .value) }
            return SQLExpr(sql: "kg_f_id(\(asValue(c)))", form: .value)
        case "type":
            guard args.count == 1 else { break }
            if case .variable(let v) = args[0].kind, let known = scope.vars[ExprScope.typeColumn(of: v)] {
                return SQLExpr(sql: known.sql, form: .value)
            }
            let c = try compile(args[0], scope)
            if c.form == .rel { return SQLExpr(sql: "(SELECT p FROM triple WHERE id = \(c.sql))", form: .value) }
            if c.form == .node { throw QueryError.type("type() expects a Relationship but got a Node", at: position(args[0].start)) }
            return SQLExpr(sql: "kg_f_type(\(asValue(c)))", form: .value)
        case "length":
            guard args.count == 1 else { break }
            let c = try compile(args[0], scope)
            if c.form == .node || c.form == .rel { throw QueryError.type("length() expects a Path", at: position(args[0].start)) }
            if case .string? = constant(args[0]) { throw QueryError.type("length() expects a Path", at: position(args[0].start)) }
            return SQLExpr(sql: "kg_f_length(\(asValue(c)))", form: .value)
        default: break
        }
        guard let spec = Functions.table[lower] else {
            throw QueryError.syntax("unknown function '\(name)'", "UnknownFunction", at: position(e.start))
        }
        guard spec.arity.contains(args.count) else {
            throw QueryError.syntax("\(name)() takes \(spec.arity.lowerBound == spec.arity.upperBound ? "\(spec.arity.lowerBound)" : "\(spec.arity.lowerBound) to \(spec.arity.upperBound)") argument(s), got \(args.count)",
                                    "InvalidNumberOfArguments", at: position(e.start))
        }
        if afterDelete, ["labels", "keys", "properties"].contains(lower), args.count == 1 {
            let c = try compile(args[0], scope)
            if c.form == .node || c.form == .rel {
                return SQLExpr(sql: checkedExists(c, "kg_f_\(lower)(\(asValue(c)))"), form: .value)
            }
        }
        let parts = try args.map { asValue(try compile($0, scope)) }
        return SQLExpr(sql: "kg_f_\(lower)(\(parts.joined(separator: ", ")))", form: .value)
    }

    /// After a DELETE in the statement, reading a graph element's data must fail when the
    /// element is gone (openCypher's DeletedEntityAccess) instead of reading as empty.
    func checkedExists(_ element: SQLExpr, _ read: String) -> String {
        let exists = element.form == .node ? "EXISTS (SELECT 1 FROM node WHERE id = \(element.sql))"
                                           : "EXISTS (SELECT 1 FROM triple WHERE id = \(element.sql) AND k = 2)"
        return "(CASE WHEN \(element.sql) IS NULL OR \(exists) THEN \(read) ELSE kg_deleted(\(element.form == .node ? 0 : 1)) END)"
    }
}
