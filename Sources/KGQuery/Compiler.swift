import KGStore

/// A set of rows the next clause reads: a CTE or a temporary table, or the single empty row a
/// query starts from (`name == nil`).
struct Relation {
    struct Column {
        var name: String
        var sql: String
        var type: VarType
    }
    var name: String?
    var columns: [Column]

    static let unit = Relation(name: nil, columns: [])

    var scope: ExprScope {
        var s = ExprScope()
        for c in columns { s.vars[c.name] = VarRef(sql: "\(name!).\(c.sql)", type: c.type) }
        return s
    }
}

/// One step of a compiled statement, run in order by `QueryEngine`.
enum PlanStep {
    /// Creates temp table `table` (a `kg_row` placeholder and `columns`) and fills it with `sql`.
    case materialize(table: String, columns: [String], sql: String)
    case write(WriteStep)
}

struct WriteStep {
    enum Kind {
        case create(CreatePlan)
        case merge(MergePlan)
        /// Extra columns: target, value.
        case setProperty(key: String)
        /// Extra columns: target, map.
        case setAllProperties(merge: Bool)
        /// Extra column: target.
        case setLabels([String])
        case removeProperty(key: String)
        case removeLabels([String])
        /// Extra columns: the expressions to delete.
        case delete(detach: Bool)
    }
    var kind: Kind
    /// The table the step reads (and, for writes that add variables, the one it fills).
    var input: String
    var inputColumns: [Relation.Column]
    /// `SELECT <input columns>, <extra columns> FROM input …` in input order.
    var sql: String
    var output: String?
    var position: SourcePosition?
    /// Columns of `output` (and, for MERGE, of its one-row input table: `inputColumns`).
    var outputColumns: [String] = []
}

/// What CREATE (or MERGE when nothing matched) makes for one row.
struct CreatePlan {
    enum NodeSource { case existing(column: Int), new(labels: [String], properties: Int?) }
    struct RelSpec { var type: String; var from: Int; var to: Int; var properties: Int? }
    struct PathSpec { var nodes: [Int]; var rels: [Int] }
    /// Column indexes are into the step's selected row (input columns first, then extras).
    var nodes: [NodeSource]
    var rels: [RelSpec]
    var paths: [PathSpec]
    /// The new variables, in output-column order: .node(i), .rel(i), .path(i).
    enum Output { case node(Int), rel(Int), path(Int) }
    var outputs: [Output]
}

struct MergePlan {
    /// Temp table holding the one input row the match reads.
    var mergeInput: String
    var matchSQL: String
    var create: CreatePlan
    /// Number of extra columns the create part reads (after the input columns).
    var matchColumns: Int
}

/// A compiled statement.
struct Plan {
    var steps: [PlanStep]
    /// The final query, or nil when the statement ends with a writing clause.
    var finalSQL: String?
    var columns: [String]
    var columnTypes: [VarType]
    var parameters: [SQLValue]
    var temporaryTables: [String]
    var isWriting: Bool
    /// False when compiling it ran SQL whose answer may change (see `Compiler.usedRunTimeValue`).
    var isReusable: Bool
    /// PROFILE adds counters to the statistics.
    var mode: Statement.Mode = .run
}

/// Binder and SQL generator: names are resolved and checked here (errors carry positions),
/// and each clause becomes a CTE (or a temp table at a writing clause) over the triple table.
final class Compiler {
    let text: String
    let bytes: [UInt8]
    let parameters: [String: Val]
    let evaluateConstant: (String, [SQLValue]) throws -> Val
    var params: [SQLValue] = []
    var counter = 0
    var ctes: [String] = []
    var steps: [PlanStep] = []
    var temporaryTables: [String] = []
    var current = Relation.unit
    /// Set while compiling a MATCH whose rows the next clause only keeps distinct.
    var onlyDistinctRowsNeeded = false
    /// Set while planning a pattern whose one variable-length relationship only needs its end
    /// nodes (see `matchRelation`).
    var reachabilityOnly = false
    /// Set when the plan depends on a value computed by running SQL (SKIP/LIMIT expressions such
    /// as `rand()`), so the same text may not give the same plan twice.
    var usedRunTimeValue = false
    /// What `count(*)` compiles to; a sum of per-node counts after `preAggregateByNode`.
    var countStarSQL: String?
    /// Set once a DELETE has been compiled: later reads of elements check they still exist.
    var afterDelete = false
    /// Projection items already computed by `preAggregateByNode`, by item index.
    var groupedItems: [Int: SQLExpr] = [:]

    init(text: String, parameters: [String: Val], evaluateConstant: @escaping (String, [SQLValue]) throws -> Val) {
        self.text = text
        self.bytes = Array(text.utf8)
        self.parameters = parameters
        self.evaluateConstant = evaluateConstant
    }

    func bind(_ v: SQLValue) -> String {
        params.append(v)
        return "?\(params.count)"
    }

    func fresh(_ prefix: String) -> String {
        counter += 1
        return "\(prefix)\(counter)"
    }

    func position(_ offset: Int) -> SourcePosition { SourcePosition.at(offset, in: bytes) }

    func withClause() -> String {
        ctes.isEmpty ? "" : "WITH RECURSIVE " + ctes.joined(separator: ",\n") + "\n"
    }

    // MARK: Statement

    func compile(_ statement: Statement) throws -> Plan {
        let clauses = statement.clauses
        var finalSQL: String?
        var columns: [String] = []
        var types: [VarType] = []
        var writing = false
        for (i, clause) in clauses.enumerated() {
            let isLast = i == clauses.count - 1
            if clause.isWriting {
                // Property values kept from a MATCH may be changed or deleted by this clause.
                current.columns.removeAll { $0.name.hasPrefix(ExprScope.propertyColumnPrefix) }
            }
            switch clause {
            case .match(let optional, let patterns, let whereClause, let start):
                onlyDistinctRowsNeeded = !isLast && Compiler.projectsDistinctRows(clauses[i + 1])
                defer { onlyDistinctRowsNeeded = false }
                try compileMatch(optional: optional, patterns: patterns, whereClause: whereClause, start: start)
            case .unwind(let e, let alias, let start):
                try compileUnwind(e, alias: alias, start: start)
            case .with(let projection):
                try compileWith(projection)
            case .returning(let projection):
                guard isLast else {
                    throw QueryError.syntax("RETURN can only be used at the end of the query", "InvalidClauseComposition", at: position(projection.start))
                }
                let (sql, names, columnTypes) = try compileReturn(projection)
                finalSQL = sql
                columns = names
                types = columnTypes
            case .create(let parts, let start):
                writing = true
                try compileCreate(parts, start: start)
            case .merge(let part, let onCreate, let onMatch, let start):
                writing = true
                try compileMerge(part, onCreate: onCreate, onMatch: onMatch, start: start)
            case .set(let items, _):
                writing = true
                for item in items { try compileSetItem(item, filter: nil) }
            case .remove(let items, _):
                writing = true
                for item in items { try compileRemoveItem(item) }
            case .delete(let detach, let exprs, let start):
                writing = true
                try compileDelete(detach: detach, exprs, start: start)
                afterDelete = true
            }
            if isLast, finalSQL == nil, !clause.isWriting {
                throw QueryError.syntax("a query cannot end with \(Compiler.clauseName(clause)); add a RETURN", "InvalidClauseComposition", at: position(clause.start))
            }
        }
        return Plan(steps: steps, finalSQL: finalSQL, columns: columns, columnTypes: types, parameters: params,
                    temporaryTables: temporaryTables, isWriting: writing, isReusable: !usedRunTimeValue)
    }

    /// True when `c` keeps only distinct rows and counts none (`WITH/RETURN DISTINCT` without
    /// aggregates): then how many times the previous clause produced a row does not matter.
    static func projectsDistinctRows(_ c: Clause) -> Bool {
        switch c {
        case .with(let p), .returning(let p):
            return p.distinct && !p.items.contains { containsAggregate($0.expr) }
        default: return false
        }
    }

    static func clauseName(_ c: Clause) -> String {
        switch c {
        case .match(let optional, _, _, _): return optional ? "OPTIONAL MATCH" : "MATCH"
        case .unwind: return "UNWIND"
        case .with: return "WITH"
        default: return "this clause"
        }
    }

    /// Makes the current rows a temp table, so a writing clause can go through them in Swift.
    func flush() {
        let table = fresh("kg_t")
        temporaryTables.append(table)
        let cols = current.columns.map { "\(current.name!).\($0.sql)" }
        let select: String
        if current.name == nil {
            select = "SELECT NULL"
        } else {
            select = "SELECT NULL\(cols.isEmpty ? "" : ", " + cols.joined(separator: ", ")) FROM \(current.name!)"
        }
        steps.append(.materialize(table: table, columns: current.columns.map(\.sql), sql: withClause() + select))
        ctes = []
        current = Relation(name: table, columns: current.columns)
    }

    func checkNew(_ name: String, at offset: Int, in relation: Relation? = nil) throws {
        if (relation ?? current).columns.contains(where: { $0.name == name }) {
            throw QueryError.syntax("variable `\(name)` already declared", "VariableAlreadyBound", at: position(offset))
        }
    }

    // MARK: UNWIND

    func compileUnwind(_ e: Expr, alias: String, start: Int) throws {
        try checkNew(alias, at: start)
        let source: String
        if case .function(let fn, false, let args) = e.kind, fn.lowercased() == "range", args.count == 2 || args.count == 3 {
            // Streamed: a range of a hundred million rows costs nothing until its rows are read.
            let values = try args.map { asValue(try compile($0, current.scope)) }
            source = "kg_series(\(values[0]), \(values[1]), \(values.count == 3 ? values[2] : "NULL"))"
        } else {
            source = "kg_unwind(\(asValue(try compile(e, current.scope))))"
        }
        let name = fresh("uw"), u = fresh("u"), col = fresh("c")
        var cols = current.columns.map { "\(current.name!).\($0.sql) AS \($0.sql)" }
        cols.append("\(u).value AS \(col)")
        let from = current.name.map { "\($0) CROSS JOIN \(source) AS \(u)" } ?? "\(source) AS \(u)"
        ctes.append("\(name) AS (SELECT \(cols.joined(separator: ", ")) FROM \(from))")
        current = Relation(name: name, columns: current.columns + [Relation.Column(name: alias, sql: col, type: .value)])
    }

    // MARK: WITH / RETURN

    struct ProjectedItem {
        var name: String
        var expr: Expr
        var sql: SQLExpr
        var aggregate: Bool
    }

    func projectionItems(_ p: Projection, requireAlias: Bool) throws -> [ProjectedItem] {
        var items: [ProjectedItem] = []
        var scope = current.scope
        scope.allowAggregates = true
        if p.star {
            let visible = current.columns.filter { !$0.name.hasPrefix(" ") }
            if visible.isEmpty && !requireAlias {
                throw QueryError.syntax("RETURN * is not allowed when there are no variables in scope", "NoVariablesInScope", at: position(p.start))
            }
            for c in visible.sorted(by: { $0.name < $1.name }) {
                let e = Expr(kind: .variable(c.name), start: p.start, end: p.start)
                items.append(ProjectedItem(name: c.name, expr: e, sql: try compile(e, scope), aggregate: false))
            }
        }
        for (index, item) in p.items.enumerated() {
            var name = item.alias ?? item.text
            if item.alias == nil {
                if case .variable(let v) = item.expr.kind { name = v }
                else if requireAlias {
                    throw QueryError.syntax("expression in WITH must be aliased (use AS)", "NoExpressionAlias", at: position(item.expr.start))
                }
            }
            if items.contains(where: { $0.name == name }) {
                throw QueryError.syntax("multiple result columns with the same name `\(name)`", "ColumnNameConflict", at: position(item.expr.start))
            }
            let agg = Compiler.containsAggregate(item.expr)
            items.append(ProjectedItem(name: name, expr: item.expr, sql: try groupedItems[index] ?? compile(item.expr, scope), aggregate: agg))
        }
        return items
    }

    /// Builds the projection CTEs; returns the relation of the projected columns.
    func project(_ p: Projection, requireAlias: Bool) throws -> Relation {
        countStarSQL = nil
        groupedItems = [:]
        defer { countStarSQL = nil; groupedItems = [:] }
        try preAggregateByNode(p)
        let items = try projectionItems(p, requireAlias: requireAlias)
        let aggregating = items.contains { $0.aggregate }
        if aggregating { try checkAggregation(items) }
        let inner = fresh("p")
        var columns: [Relation.Column] = []
        var selects: [String] = []
        // Columns that hold a count: always an integer, so they sort as themselves.
        var countColumns: Set<String> = []
        for item in items {
            let col = fresh("c")
            if Compiler.isCount(item.expr) { countColumns.insert("\(inner).\(col)") }
            var type: VarType = item.sql.form == .node ? .node : item.sql.form == .rel ? .rel : .value
            if case .variable(let v) = item.expr.kind, let ref = current.scope.vars[v] { type = ref.type }
            else if type == .value { type = Compiler.literalType(item.expr) ?? .value }
            selects.append("\(item.sql.form == .bool ? asValue(item.sql) : item.sql.sql) AS \(col)")
            columns.append(Relation.Column(name: item.name, sql: col, type: type))
        }
        // ORDER BY may read variables that are not projected (when neither DISTINCT nor aggregating).
        var hidden: [String: VarRef] = [:]
        let canSeeInput = !p.distinct && !aggregating
        if !p.orderBy.isEmpty && canSeeInput {
            for c in current.columns where !columns.contains(where: { $0.name == c.name }) {
                let h = fresh("h")
                selects.append("\(current.name!).\(c.sql) AS \(h)")
                hidden[c.name] = VarRef(sql: "\(inner).\(h)", type: c.type)
            }
        }
        // Aggregating ORDER BY keys that are not projected are computed beside the projection.
        var aggregateKeys: [Int: String] = [:]
        if aggregating {
            var scope = current.scope
            for item in items where scope.vars[item.name] == nil || item.aggregate {
                scope.vars[item.name] = VarRef(sql: item.sql.form == .bool ? asValue(item.sql) : item.sql.sql, type: .value)
            }
            scope.allowAggregates = true
            for (k, s) in p.orderBy.enumerated() where Compiler.containsAggregate(s.expr) {
                let text = String(decoding: bytes[s.expr.start..<s.expr.end], as: UTF8.self)
                if items.contains(where: { String(decoding: bytes[$0.expr.start..<$0.expr.end], as: UTF8.self) == text }) { continue }
                try checkAggregateExpression(s.expr, items, orderBy: true)
                let h = fresh("h")
                selects.append("\(asValue(try compile(s.expr, scope))) AS \(h)")
                aggregateKeys[k] = "\(inner).\(h)"
            }
        }
        // WITH … WHERE may read variables of the input as well, when it can run before the projection.
        var innerWhere: String?
        // SQLite substitutes a CTE's column expressions where the outer query reads them (query
        // flattening); a volatile one (`rand()`) would then differ between two reads of one row.
        let volatile = items.contains { Compiler.isVolatile($0.expr) }
        if let w = p.whereClause, !aggregating, !volatile, p.skip == nil, p.limit == nil, p.orderBy.isEmpty {
            var scope = current.scope
            for item in items { scope.vars[item.name] = VarRef(sql: item.sql.form == .bool ? asValue(item.sql) : item.sql.sql, type: columns.first { $0.name == item.name }!.type) }
            innerWhere = try condition(w, scope)
        }
        if selects.isEmpty { selects.append("NULL AS kg_none") }
        var sql = "SELECT \(p.distinct && hidden.isEmpty ? "DISTINCT " : "")\(selects.joined(separator: ", "))"
        if let name = current.name { sql += " FROM \(name)" }
        if let innerWhere { sql += " WHERE \(innerWhere)" }
        if aggregating {
            let keys = items.filter { !$0.aggregate }.map { $0.sql.sql }
            if !keys.isEmpty { sql += " GROUP BY " + keys.joined(separator: ", ") }
        }
        ctes.append("\(inner) AS \(volatile ? "MATERIALIZED " : "")(\(sql))")
        var relation = Relation(name: inner, columns: columns)

        if !p.orderBy.isEmpty || p.skip != nil || p.limit != nil {
            let outer = fresh("o")
            var orderScope = ExprScope()
            for (name, ref) in hidden { orderScope.vars[name] = ref }
            for c in columns { orderScope.vars[c.name] = VarRef(sql: "\(inner).\(c.sql)", type: c.type) }
            var keys: [String] = []
            for (k, s) in p.orderBy.enumerated() {
                if let h = aggregateKeys[k] {
                    keys += sortKeys(h, descending: s.descending)
                    continue
                }
                var key: SQLExpr
                let text = String(decoding: bytes[s.expr.start..<s.expr.end], as: UTF8.self)
                if let i = items.firstIndex(where: { String(decoding: bytes[$0.expr.start..<$0.expr.end], as: UTF8.self) == text && !p.star }) {
                    key = SQLExpr(sql: "\(inner).\(columns[i].sql)", form: Compiler.form(of: columns[i].type))
                } else {
                    if Compiler.containsAggregate(s.expr) && !aggregating {
                        throw QueryError.syntax("aggregation in ORDER BY needs an aggregating projection", "InvalidAggregation", at: position(s.expr.start))
                    }
                    do { key = try compile(s.expr, orderScope) } catch let e as QueryError where e.code == "UndefinedVariable" && !canSeeInput {
                        throw QueryError.syntax("ORDER BY after DISTINCT or aggregation can only use projected columns", "UndefinedVariable", at: e.position)
                    }
                }
                if countColumns.contains(key.sql) {
                    keys.append(key.sql + (s.descending ? " DESC" : ""))
                    continue
                }
                keys += sortKeys(asValue(key), descending: s.descending)
            }
            var outerSQL = "SELECT \(columns.isEmpty ? "NULL AS kg_none" : columns.map { "\(inner).\($0.sql) AS \($0.sql)" }.joined(separator: ", ")) FROM \(inner)"
            if !keys.isEmpty { outerSQL += " ORDER BY " + keys.joined(separator: ", ") }
            let limit = try p.limit.map { try count($0, what: "LIMIT") }
            let skip = try p.skip.map { try count($0, what: "SKIP") }
            if limit != nil || skip != nil {
                outerSQL += " LIMIT \(bind(.integer(limit ?? -1))) OFFSET \(bind(.integer(skip ?? 0)))"
            }
            if p.distinct && !hidden.isEmpty {
                // DISTINCT over the projected columns only, keeping the first row's order.
                outerSQL = "SELECT DISTINCT * FROM (\(outerSQL))"
            }
            ctes.append("\(outer) AS (\(outerSQL))")
            relation = Relation(name: outer, columns: columns)
        }
        if let w = p.whereClause, innerWhere == nil {
            let name = fresh("ww")
            let cond = try condition(w, relation.scope)
            ctes.append("\(name) AS (SELECT * FROM \(relation.name!) WHERE \(cond))")
            relation.name = name
        }
        return relation
    }

    /// `count(*)` or `count(…)`: never null, always an integer.
    static func isCount(_ e: Expr) -> Bool {
        switch e.kind {
        case .countStar: return true
        case .function(let name, _, let args): return name.lowercased() == "count" && args.count == 1
        default: return false
        }
    }

    /// ORDER BY terms for one Cypher sort key. A plain column is sorted by Cypher's type rank and
    /// then by itself where SQLite's order already is Cypher's (numbers by value, strings by
    /// UTF-8 bytes), so only blob-encoded values (booleans, lists, NaN, …) call into Swift.
    func sortKeys(_ sql: String, descending: Bool) -> [String] {
        let order = descending ? " DESC" : ""
        guard Compiler.isPlainOperand(sql) else { return ["kg_sortkey(\(sql))\(order)"] }
        let number = Semantics.rank(.int(0)), string = Semantics.rank(.string("")), null = Semantics.rank(.null)
        return ["(CASE typeof(\(sql)) WHEN 'integer' THEN \(number) WHEN 'real' THEN \(number) WHEN 'text' THEN \(string) WHEN 'null' THEN \(null) ELSE kg_sortrank(\(sql)) END)\(order)",
                "(CASE WHEN typeof(\(sql)) = 'blob' THEN kg_sortkey(\(sql)) ELSE \(sql) END)\(order)"]
    }

    /// The type of a value written literally, which can never be a graph element; nil when
    /// only the run time can tell (variables, parameters, function results, null).
    static func literalType(_ e: Expr) -> VarType? {
        switch e.kind {
        case .boolean, .integer, .float, .string, .map: return .scalar
        case .list: return .list
        default: return nil
        }
    }

    static func kindName(_ type: VarType) -> String {
        switch type {
        case .node: return "a node"
        case .rel: return "a relationship"
        case .path: return "a path"
        case .list: return "a list"
        case .scalar, .value: return "a value"
        }
    }

    /// `RETURN f(n), count(*)` where every grouping key reads only the node `n`: count per
    /// node first (grouping by an integer id) and then add the counts up per key, so the keys
    /// (often property lookups) are computed once per node instead of once per row. Exact:
    /// rows of one node always share its keys, and a sum of counts is the count.
    func preAggregateByNode(_ p: Projection) throws {
        func isCountStar(_ e: Expr) -> Bool { if case .countStar = e.kind { return true }; return false }
        guard !p.star, let input = current.name, p.items.contains(where: { isCountStar($0.expr) }) else { return }
        var variable: String?
        for item in p.items {
            if isCountStar(item.expr) { continue }
            if Compiler.containsAggregate(item.expr) { return }
            let free = Compiler.freeVariables(item.expr)
            guard free.count == 1, variable == nil || variable == free.first else { return }
            // A key that can differ between rows of one node (rand()) must be computed per row.
            var random = false
            Compiler.visit(item.expr) { e in
                if case .function(let name, _, _) = e.kind, ["rand", "randomuuid", "timestamp"].contains(name.lowercased()) { random = true }
            }
            if random { return }
            variable = free.first
        }
        for key in p.orderBy where Compiler.containsAggregate(key.expr) && !isCountStar(key.expr) { return }
        guard let variable, let column = current.columns.first(where: { $0.name == variable }), column.type == .node else { return }
        // The keys are computed here, once per node, and the projection groups by their columns.
        let grouped = fresh("g"), counted = fresh("c")
        let scope = current.scope
        var selects = ["\(input).\(column.sql) AS \(column.sql)", "count(*) AS \(counted)"]
        for (index, item) in p.items.enumerated() where !isCountStar(item.expr) {
            let key = try compile(item.expr, scope)
            let c = fresh("c")
            selects.append("\(key.form == .bool ? asValue(key) : key.sql) AS \(c)")
            groupedItems[index] = SQLExpr(sql: "\(grouped).\(c)", form: key.form == .bool ? .value : key.form)
        }
        ctes.append("\(grouped) AS (SELECT \(selects.joined(separator: ", ")) FROM \(input) GROUP BY \(input).\(column.sql))")
        current = Relation(name: grouped, columns: [column])
        countStarSQL = "sum(\(grouped).\(counted))"
    }

    /// In an aggregating projection, what an item reads outside its aggregates must be a
    /// grouping key; otherwise the result would depend on an arbitrary row. As openCypher
    /// rules, a key can be reused there when it is a variable or a property of one; a larger
    /// key expression cannot (`AmbiguousAggregationExpression`). In ORDER BY the projection's
    /// names are visible too, and a variable it does not project is undefined.
    func checkAggregation(_ items: [ProjectedItem]) throws {
        for item in items where item.aggregate { try checkAggregateExpression(item.expr, items, orderBy: false) }
    }

    func checkAggregateExpression(_ e: Expr, _ items: [ProjectedItem], orderBy: Bool) throws {
        func text(_ e: Expr) -> String { String(decoding: bytes[e.start..<e.end], as: UTF8.self) }
        func isSimple(_ e: Expr) -> Bool {
            switch e.kind {
            case .variable: return true
            case .property(let base, _): if case .variable = base.kind { return true }; return false
            default: return false
            }
        }
        let keys = items.filter { !$0.aggregate }
        let simpleKeyTexts = Set(keys.filter { isSimple($0.expr) }.map { text($0.expr) })
        let complexKeyTexts = Set(keys.filter { !isSimple($0.expr) }.map { text($0.expr) })
        var keyVariables = Set(keys.compactMap { item -> String? in
            if case .variable(let v) = item.expr.kind { return v }
            return nil
        })
        if orderBy { keyVariables.formUnion(items.map(\.name)) }
        func ambiguous(_ e: Expr) -> QueryError {
            QueryError.syntax("`\(text(e))` is neither aggregated nor a grouping key that can be reused in this expression", "AmbiguousAggregationExpression", at: position(e.start))
        }
        // A pattern's variables bound before the projection must be keys; the others are new.
        func patternKeys(_ parts: [PatternPart], _ bound: Set<String>, at expr: Expr) throws -> Set<String> {
            let variables = Compiler.patternVariables(parts)
            for v in variables where current.scope.vars[v] != nil && !keyVariables.contains(v) && !bound.contains(v) {
                throw QueryError.syntax("`\(v)` is neither aggregated nor a grouping key in this expression", "AmbiguousAggregationExpression", at: position(expr.start))
            }
            for part in parts {
                for n in part.nodes { if let p = n.properties { try walk(p, bound) } }
                for r in part.rels { if let p = r.properties { try walk(p, bound) } }
            }
            return bound.union(variables)
        }
        // `bound`: variables of the list expressions around `e` (`[y IN collect(x) | y]`), which
        // are neither keys nor ambiguous.
        func walk(_ e: Expr, _ bound: Set<String> = []) throws {
            let t = text(e)
            if simpleKeyTexts.contains(t) { return }
            if complexKeyTexts.contains(t) { throw ambiguous(e) }
            switch e.kind {
            case .countStar: return
            case .function(let name, _, _) where Compiler.aggregateNames.contains(name.lowercased()): return
            case .variable(let v):
                if !keyVariables.contains(v) && !bound.contains(v) {
                    if orderBy { throw QueryError.syntax("variable `\(v)` not defined (ORDER BY after aggregation can only use projected columns)", "UndefinedVariable", at: position(e.start)) }
                    throw QueryError.syntax("`\(v)` is neither aggregated nor a grouping key in this expression", "AmbiguousAggregationExpression", at: position(e.start))
                }
            case .listComprehension(let v, let list, let predicate, let projection):
                try walk(list, bound)
                if let predicate { try walk(predicate, bound.union([v])) }
                if let projection { try walk(projection, bound.union([v])) }
            case .quantifier(_, let v, let list, let predicate):
                try walk(list, bound); try walk(predicate, bound.union([v]))
            case .reduce(let acc, let initial, let v, let list, let body):
                try walk(initial, bound); try walk(list, bound); try walk(body, bound.union([acc, v]))
            case .patternComprehension(let part, let predicate, let projection):
                let inner = try patternKeys([part], bound, at: e)
                if let predicate { try walk(predicate, inner) }
                try walk(projection, inner)
            case .existsSubquery(let parts, let w):
                let inner = try patternKeys(parts, bound, at: e)
                if let w { try walk(w, inner) }
            case .existsQuery(let clauses), .countQuery(let clauses):
                for v in Compiler.mentionedVariables(clauses) where current.scope.vars[v] != nil && !keyVariables.contains(v) && !bound.contains(v) {
                    throw QueryError.syntax("`\(v)` is neither aggregated nor a grouping key in this expression", "AmbiguousAggregationExpression", at: position(e.start))
                }
            case .patternPredicate:
                for v in Compiler.freeVariables(e) where !keyVariables.contains(v) && !bound.contains(v) {
                    throw QueryError.syntax("`\(v)` is neither aggregated nor a grouping key in this expression", "AmbiguousAggregationExpression", at: position(e.start))
                }
            case .property(let b, _), .not(let b), .negate(let b), .isNull(let b, _), .hasLabels(let b, _): try walk(b, bound)
            case .list(let xs): for x in xs { try walk(x, bound) }
            case .map(let pairs): for (_, x) in pairs { try walk(x, bound) }
            case .function(_, _, let args): for x in args { try walk(x, bound) }
            case .binary(_, let a, let b), .index(let a, let b), .mapMerge(let a, let b): try walk(a, bound); try walk(b, bound)
            case .caseOf(let subject, let whens, let otherwise):
                if let subject { try walk(subject, bound) }
                for (c, v) in whens { try walk(c, bound); try walk(v, bound) }
                if let otherwise { try walk(otherwise, bound) }
            case .slice(let a, let f, let t): try walk(a, bound); if let f { try walk(f, bound) }; if let t { try walk(t, bound) }
            default: return
            }
        }
        try walk(e)
    }

    /// SKIP / LIMIT: a non-negative integer known before the query runs.
    func count(_ e: Expr, what: String) throws -> Int64 {
        if !Compiler.freeVariables(e).isEmpty {
            throw QueryError.syntax("\(what) cannot refer to variables", "NonConstantExpression", at: position(e.start))
        }
        let value: Val
        if let c = constant(e) { value = c } else {
            let saved = params
            let sql = "SELECT " + asValue(try compile(e, ExprScope()))
            value = try evaluateConstant(sql, params)
            usedRunTimeValue = true
            params = saved + params[saved.count...]
        }
        switch value {
        case .int(let i):
            if i < 0 { throw QueryError.syntax("\(what) must be a non-negative integer, got \(i)", "NegativeIntegerArgument", at: position(e.start)) }
            return i
        default:
            throw QueryError.syntax("\(what) must be a non-negative integer, got \(value.typeName)", "InvalidArgumentType", at: position(e.start))
        }
    }

    func compileWith(_ p: Projection) throws {
        current = try project(p, requireAlias: true)
    }

    func compileReturn(_ p: Projection) throws -> (String, [String], [VarType]) {
        let relation = try project(p, requireAlias: false)
        let name = relation.name!
        if let last = ctes.last, last.hasPrefix(name + " AS ("), last.hasSuffix(")") {
            // The last projection is the result: it runs as the final SELECT itself, where as a
            // subquery SQLite would run it as a co-routine (DISTINCT, ORDER BY, GROUP BY) and
            // copy each row once more. Its first columns are the result's, in order; the engine
            // reads only those.
            let body = String(last.dropFirst(name.count + 5).dropLast())
            ctes.removeLast()
            return (withClause() + body, relation.columns.map(\.name), relation.columns.map(\.type))
        }
        let sql = withClause() + "SELECT \(relation.columns.map { "\(relation.name!).\($0.sql)" }.joined(separator: ", ")) FROM \(relation.name!)"
        return (sql, relation.columns.map(\.name), relation.columns.map(\.type))
    }
}
