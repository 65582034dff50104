/// Expressions that match a pattern from the current row: pattern comprehensions and
/// `EXISTS { … }` subqueries. Both are correlated SQL subqueries over the triple table, planned
/// like a MATCH whose bound variables are the row's; unlike a pattern predicate they may
/// introduce variables of their own.
extension Compiler {
    /// The variables a pattern names (nodes, relationships, paths).
    static func patternVariables(_ parts: [PatternPart]) -> Set<String> {
        var out: Set<String> = []
        for part in parts {
            if let v = part.pathVariable { out.insert(v) }
            for n in part.nodes { if let v = n.variable { out.insert(v) } }
            for r in part.rels { if let v = r.variable { out.insert(v) } }
        }
        return out
    }

    struct CorrelatedMatch {
        /// `WITH RECURSIVE …` for variable-length parts, or empty.
        var with: String
        /// ` FROM …`, or empty when every element is bound by the row.
        var from: String
        var conditions: [String]
        /// The row's variables and the pattern's new ones.
        var scope: ExprScope
    }

    func correlatedMatch(_ parts: [PatternPart], _ scope: ExprScope) throws -> CorrelatedMatch {
        if let shortest = parts.first(where: { $0.shortest != nil }) {
            throw QueryError.unsupported("shortestPath inside a subquery or pattern comprehension", at: position(shortest.start))
        }
        var (nodes, rels, paths) = try slots(parts, outer: scope.vars)
        var stage = Stage()
        stage.outer = scope.vars
        let deferred = try planPattern(&nodes, rels, &stage, correlated: true)
        var inner = scope
        for (i, n) in nodes.enumerated() {
            guard let name = n.name, scope.vars[name] == nil else { continue }
            inner = inner.with(name, VarRef(sql: stage.nodes[i]!, type: .node))
        }
        for (r, rel) in rels.enumerated() {
            guard let name = rel.name, scope.vars[name] == nil else { continue }
            if let s = stage.segments[r] {
                inner = inner.with(name, VarRef(sql: s.reversed ? "kg_f_reverse(kg_rellist(\(s.rels)))" : "kg_rellist(\(s.rels))", type: .list))
            } else {
                inner = inner.with(name, VarRef(sql: stage.rels[r]!, type: .rel))
            }
        }
        for path in paths {
            inner = inner.with(path.name, VarRef(sql: pathSQL(path, stage: stage), type: .path))
        }
        var conditions = stage.conditions
        for d in deferred { conditions.append(try deferredSQL(d, stage, inner)) }
        return CorrelatedMatch(with: stage.localCTEs.isEmpty ? "" : "WITH RECURSIVE " + stage.localCTEs.joined(separator: ", ") + " ",
                               from: stage.from.isEmpty ? "" : " FROM " + stage.from.joined(separator: " CROSS JOIN "),
                               conditions: conditions, scope: inner)
    }

    func compilePatternComprehension(_ part: PatternPart, predicate: Expr?, projection: Expr, _ scope: ExprScope) throws -> String {
        let match = try correlatedMatch([part], scope)
        var inner = match.scope
        inner.allowAggregates = false
        var conditions = match.conditions
        if let predicate { conditions.append(try condition(predicate, inner)) }
        let value = asValue(try compile(projection, inner))
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        // The values are selected one level down so that the collecting aggregate belongs to this
        // subquery even when the projection reads only the outer row (SQLite gives an aggregate
        // to the query whose columns it reads).
        let v = fresh("pc")
        let collected = "(SELECT kg_collectall(\(v).value) FROM (\(match.with)SELECT \(value) AS value\(match.from)\(filter)) AS \(v))"
        // From a null node (an OPTIONAL MATCH that found nothing) there is no list: null.
        let starts = Compiler.patternVariables([part]).subtracting(part.pathVariable.map { [$0] } ?? []).sorted().compactMap { scope.vars[$0]?.sql }
        if starts.isEmpty { return collected }
        return "(CASE WHEN \(starts.map { "\($0) IS NULL" }.joined(separator: " OR ")) THEN NULL ELSE \(collected) END)"
    }

    func compileExistsSubquery(_ parts: [PatternPart], whereClause: Expr?, _ scope: ExprScope) throws -> String {
        let match = try correlatedMatch(parts, scope)
        var inner = match.scope
        inner.allowAggregates = false
        var conditions = match.conditions
        if let whereClause { conditions.append(try condition(whereClause, inner)) }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return "EXISTS (\(match.with)SELECT 1\(match.from)\(filter))"
    }
}

extension Compiler {
    /// Names an `EXISTS { … }` query may read from the row around it (an over-approximation:
    /// every variable it mentions).
    static func mentionedVariables(_ clauses: [Clause]) -> Set<String> {
        var out: Set<String> = []
        func expr(_ e: Expr?) { if let e { out.formUnion(freeVariables(e)) } }
        func projection(_ p: Projection) {
            p.items.forEach { expr($0.expr) }
            p.orderBy.forEach { expr($0.expr) }
            expr(p.whereClause)
        }
        for clause in clauses {
            switch clause {
            case .match(_, let patterns, let whereClause, _):
                out.formUnion(patternVariables(patterns))
                for part in patterns {
                    part.nodes.forEach { expr($0.properties) }
                    part.rels.forEach { expr($0.properties) }
                }
                expr(whereClause)
            case .unwind(let e, _, _): expr(e)
            case .with(let p), .returning(let p): projection(p)
            default: break
            }
        }
        return out
    }

    /// `EXISTS { MATCH … WITH … RETURN … }` and `COUNT { … }`: the reading clauses compiled as
    /// a query of their own inside a correlated `EXISTS (…)` or `(SELECT count(*) …)`, starting
    /// from a one-row relation that holds the outer row's variables.
    func compileSubquery(_ clauses: [Clause], _ scope: ExprScope, count: Bool) throws -> String {
        let saved = (ctes, current, countStarSQL, groupedItems, onlyDistinctRowsNeeded, reachabilityOnly)
        defer { (ctes, current, countStarSQL, groupedItems, onlyDistinctRowsNeeded, reachabilityOnly) = saved }
        countStarSQL = nil
        groupedItems = [:]
        onlyDistinctRowsNeeded = false
        reachabilityOnly = false
        let row = fresh("xo")
        var columns: [Relation.Column] = []
        var selects: [String] = []
        for (name, ref) in scope.vars.sorted(by: { $0.key < $1.key }) {
            let c = fresh("c")
            selects.append("\(ref.sql) AS \(c)")
            columns.append(Relation.Column(name: name, sql: c, type: ref.type))
        }
        ctes = ["\(row) AS (SELECT \(selects.isEmpty ? "NULL AS kg_none" : selects.joined(separator: ", ")))"]
        current = Relation(name: row, columns: columns)
        for (i, clause) in clauses.enumerated() {
            switch clause {
            case .match(let optional, let patterns, let whereClause, let start):
                try compileMatch(optional: optional, patterns: patterns, whereClause: whereClause, start: start)
            case .unwind(let e, let alias, let start):
                try compileUnwind(e, alias: alias, start: start)
            case .with(let p):
                try compileWith(p)
            case .returning(let p):
                guard i == clauses.count - 1 else {
                    throw QueryError.syntax("RETURN can only be used at the end of the subquery", "InvalidClauseComposition", at: position(p.start))
                }
                current = try project(p, requireAlias: false)
            default:
                throw QueryError.syntax("a subquery cannot change the graph", "InvalidClauseComposition", at: position(clause.start))
            }
        }
        if count { return "(\(withClause())SELECT count(*) FROM \(current.name!))" }
        return "EXISTS (\(withClause())SELECT 1 FROM \(current.name!))"
    }
}
