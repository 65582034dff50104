import KGStore

/// Pattern matching as joins over the triple table, in a pinned order (`CROSS JOIN`) that starts
/// from the most selective bound node; variable-length relationships are recursive CTEs over
/// the rows matched so far; shortest paths are a bidirectional search (`kg_shortest`).
extension Compiler {
    struct NodeSlot {
        var name: String?
        var labels: [String] = []
        var properties: [(String, Expr)] = []
        var offset: Int
        var bound: String?
        /// A property key the MATCH's WHERE requires to be present (a null-rejecting test on
        /// it): for a node with nothing else to start from, its rows are a smaller scan.
        var requiredProperty: String?
    }

    struct RelSlot {
        var name: String?
        var types: [String]
        var properties: [(String, Expr)]
        var direction: Direction
        var length: (min: Int, max: Int?)?
        var left: Int
        var right: Int
        var shortest: PatternPart.Shortest?
        var part: Int
        var offset: Int
        var bound: String?
    }

    /// The state of one SELECT being built: its FROM items (joined in order) and conditions, and
    /// the SQL of everything bound so far.
    struct Stage {
        var from: [String] = []
        var conditions: [String] = []
        var nodes: [Int: String] = [:]
        var rels: [Int: String] = [:]
        /// Variable-length segments: relationship ids and arrival nodes as `,1,2,` text, and
        /// whether the segment was walked right to left (then its start node too).
        var segments: [Int: (rels: String, nodes: String, reversed: Bool, start: String)] = [:]
        var paths: [Int: String] = [:]
        /// Node slot -> (property key, the column holding its value) for nodes found through
        /// that property's rows; valid while the row's alias is in `from`.
        var properties: [Int: (key: String, sql: String, alias: String)] = [:]
        var outer: [String: VarRef] = [:]
        /// CTEs of a correlated subquery (they may read the outer row).
        var localCTEs: [String] = []
    }

    func propertyPairs(_ e: Expr?, matching: Bool = false) throws -> [(String, Expr)] {
        guard let e else { return [] }
        switch e.kind {
        case .map(let pairs): return pairs
        case .parameter where matching:
            // openCypher allows a parameter as a whole property map only where it creates.
            throw QueryError.syntax("a parameter cannot stand for the property map of a pattern to match; write {key: $param.key, …}", "InvalidParameterUse", at: position(e.start))
        case .parameter(let name):
            let v = try parameterValue(name, at: e.start)
            guard case .map(let m) = v else {
                throw QueryError.type("a property map parameter must be a Map, got \(v.typeName)", at: position(e.start))
            }
            return m.keys.sorted().map { key in (key, Expr(kind: .parameter("\u{0}" + name + "\u{0}" + key), start: e.start, end: e.end)) }
        default: throw QueryError.syntax("expected a map of properties", "InvalidSyntax", at: position(e.start))
        }
    }

    /// A scalar that the triple table's `o` column can be compared with directly (index lookup).
    func indexableConstant(_ e: Expr) -> Val? {
        guard let v = constantOrParameterEntry(e) else { return nil }
        switch v {
        case .int, .string, .bool: return v
        case .float(let d): return d.isNaN ? nil : v
        case .null: return v
        default: return nil
        }
    }

    func constantOrParameterEntry(_ e: Expr) -> Val? {
        if case .parameter(let name) = e.kind, name.hasPrefix("\u{0}") {
            let parts = name.split(separator: "\u{0}", omittingEmptySubsequences: false)
            if parts.count == 3, case .map(let m)? = parameters[String(parts[1])] { return m[String(parts[2])] ?? .null }
        }
        return constant(e)
    }

    func compileValue(_ e: Expr, _ scope: ExprScope) throws -> String {
        if let v = constantOrParameterEntry(e) { return literal(v) }
        return asValue(try compile(e, scope))
    }

    /// A named path (`p = (a)-->(b)`): its pattern part, that part's node slots in pattern order
    /// and where its relationships start among the pattern's relationship slots.
    struct PathSlot {
        let name: String
        let part: Int
        let nodeIndexes: [Int]
        let relOffset: Int
    }

    /// Slots for the pattern parts: nodes unified by variable name, bound ones resolved in `outer`.
    func slots(_ parts: [PatternPart], outer: [String: VarRef]) throws -> ([NodeSlot], [RelSlot], [PathSlot]) {
        var nodes: [NodeSlot] = []
        var rels: [RelSlot] = []
        var byName: [String: Int] = [:]
        var relNames: Set<String> = []
        var pathNames: [Int: String] = [:]
        var paths: [PathSlot] = []
        for (partIndex, part) in parts.enumerated() {
            let relOffset = rels.count
            if let pv = part.pathVariable {
                if outer[pv] != nil || byName[pv] != nil || relNames.contains(pv) || pathNames.values.contains(pv) {
                    throw QueryError.syntax("variable `\(pv)` already declared", "VariableAlreadyBound", at: position(part.start))
                }
                pathNames[partIndex] = pv
            }
            var indexes: [Int] = []
            for n in part.nodes {
                let props = try propertyPairs(n.properties, matching: true)
                if let name = n.variable, let existing = byName[name] {
                    nodes[existing].labels += n.labels
                    nodes[existing].properties += props
                    indexes.append(existing)
                    continue
                }
                var slot = NodeSlot(name: n.variable, labels: n.labels, properties: props, offset: n.start)
                if let name = n.variable {
                    if relNames.contains(name) || pathNames.values.contains(name) {
                        throw QueryError.syntax("variable `\(name)` is already used for another kind of value", "VariableTypeConflict", at: position(n.start))
                    }
                    if let ref = outer[name] {
                        switch ref.type {
                        case .node: slot.bound = ref.sql
                        case .value: slot.bound = "kg_nodeid(\(ref.sql))"
                        case .rel, .path, .list, .scalar: throw QueryError.syntax("variable `\(name)` is \(Compiler.kindName(ref.type)), not a node", "VariableTypeConflict", at: position(n.start))
                        }
                    }
                    byName[name] = nodes.count
                }
                indexes.append(nodes.count)
                nodes.append(slot)
            }
            for (i, r) in part.rels.enumerated() {
                if let name = r.variable {
                    if byName[name] != nil || relNames.contains(name) || pathNames.values.contains(name) {
                        throw QueryError.syntax("variable `\(name)` already used in this pattern", "VariableTypeConflict", at: position(r.start))
                    }
                    relNames.insert(name)
                }
                var slot = RelSlot(name: r.variable, types: r.types, properties: try propertyPairs(r.properties, matching: true), direction: r.direction,
                                   length: r.length, left: indexes[i], right: indexes[i + 1], shortest: part.shortest,
                                   part: partIndex, offset: r.start)
                if let name = r.variable, let ref = outer[name] {
                    if part.shortest != nil {
                        throw QueryError.unsupported("a shortest path over a relationship list bound earlier", at: position(r.start))
                    }
                    if r.length != nil {
                        // A list of relationships bound earlier: the pattern matches the walk it spells.
                        switch ref.type {
                        case .list, .value: slot.bound = ref.sql
                        case .node, .rel, .path, .scalar: throw QueryError.syntax("variable `\(name)` is \(Compiler.kindName(ref.type)), not a list of relationships", "VariableTypeConflict", at: position(r.start))
                        }
                        if !slot.properties.isEmpty {
                            throw QueryError.unsupported("a property map on a variable-length relationship bound to a list", at: position(r.start))
                        }
                        rels.append(slot)
                        continue
                    }
                    switch ref.type {
                    case .rel: slot.bound = ref.sql
                    case .value: slot.bound = "kg_relid(\(ref.sql))"
                    case .node, .path, .list, .scalar: throw QueryError.syntax("variable `\(name)` is \(Compiler.kindName(ref.type)), not a relationship", "VariableTypeConflict", at: position(r.start))
                    }
                }
                rels.append(slot)
            }
            if part.shortest != nil {
                if part.rels.count != 1 {
                    throw QueryError.syntax("shortestPath needs a pattern with exactly one relationship", "InvalidArgumentType", at: position(part.start))
                }
                if part.shortest == .all { throw QueryError.unsupported("allShortestPaths", at: position(part.start)) }
                if !rels[rels.count - 1].properties.isEmpty {
                    throw QueryError.unsupported("property maps on a shortestPath relationship", at: position(part.start))
                }
            }
            if let name = pathNames[partIndex] {
                paths.append(PathSlot(name: name, part: partIndex, nodeIndexes: indexes, relOffset: relOffset))
            }
        }
        return (nodes, rels, paths)
    }

    /// Selectivity rank of a node as the start of a join: lower is better.
    func driverRank(_ n: NodeSlot) -> Int {
        if n.bound != nil { return 0 }
        if n.properties.contains(where: { indexableConstant($0.1) != nil }) { return 1 }
        if !n.labels.isEmpty { return 2 }
        if n.requiredProperty != nil { return 3 }
        return 4
    }

    /// Property keys per variable that `w` requires to be non-null: its top-level conjuncts
    /// that are null whenever `v.key` is (comparisons, string tests, `IS NOT NULL`).
    static func requiredProperties(_ w: Expr?) -> [String: String] {
        var out: [String: String] = [:]
        func property(_ e: Expr) -> (String, String)? {
            if case .property(let base, let key) = e.kind, case .variable(let v) = base.kind { return (v, key) }
            return nil
        }
        func walk(_ e: Expr) {
            switch e.kind {
            case .binary(.and, let a, let b): walk(a); walk(b)
            case .binary(let op, let a, let b):
                switch op {
                case .eq, .neq, .lt, .gt, .le, .ge, .regex, .startsWith, .endsWith, .contains:
                    for (v, key) in [property(a), property(b)].compactMap({ $0 }) where out[v] == nil { out[v] = key }
                case .in:
                    if let (v, key) = property(a), out[v] == nil { out[v] = key }
                default: break
                }
            case .isNull(let inner, negated: true):
                if let (v, key) = property(inner), out[v] == nil { out[v] = key }
            default: break
            }
        }
        if let w { walk(w) }
        return out
    }

    /// Joins the pattern onto `stage`. `correlated` is true inside an EXISTS subquery, where the
    /// stage cannot be split into CTEs (no variable-length parts there).
    /// A property-map test whose value is computed: compiled once every variable is bound.
    struct Deferred {
        var node: Int?
        var rel: Int?
        var key: String
        var expr: Expr
    }

    func deferredSQL(_ d: Deferred, _ stage: Stage, _ scope: ExprScope) throws -> String {
        let value = try compileValue(d.expr, scope)
        if let n = d.node {
            return "kg_eq((SELECT o FROM triple WHERE s = \(stage.nodes[n]!) AND k = 1 AND p = \(bind(.text(d.key)))), \(value))"
        }
        return "kg_eq(kg_relprop(\(stage.rels[d.rel!]!), \(bind(.text(d.key)))), \(value))"
    }

    /// The SQL of a variable bound outside the pattern, as the current stage sees it.
    func outerNode(_ slot: NodeSlot, _ stage: Stage) -> String? {
        guard let name = slot.name, let ref = stage.outer[name] else { return nil }
        return ref.type == .node ? ref.sql : "kg_nodeid(\(ref.sql))"
    }

    func outerRel(_ slot: RelSlot, _ stage: Stage) -> String? {
        guard let name = slot.name, let ref = stage.outer[name] else { return nil }
        return ref.type == .rel ? ref.sql : "kg_relid(\(ref.sql))"
    }

    func planPattern(_ nodes: inout [NodeSlot], _ rels: [RelSlot], _ stage: inout Stage, correlated: Bool) throws -> [Deferred] {
        var deferred: [Deferred] = []
        // Set once the pattern starts from a whole relationship type: then every label test
        // runs for a large share of the nodes, and an id list built once (`IN (SELECT …)`)
        // beats a lookup in the big triple index per row.
        var scanning = false
        /// Nodes whose labels a relationship scan has tested already.
        var labelsChecked = Set<Int>()
        func bindNode(_ i: Int, to sql: String?) throws {
            let slot = nodes[i]
            var usedProperty: Int?
            var usedLabel: Int?
            let x: String
            let outer = outerNode(slot, stage)
            if let sql {
                x = sql
            } else if let outer {
                x = outer
            } else if let k = slot.properties.firstIndex(where: { indexableConstant($0.1) != nil }) {
                let t = fresh("t")
                let value = indexableConstant(slot.properties[k].1)!
                stage.from.append("triple \(t)")
                stage.conditions += ["\(t).k = 1", "\(t).p = \(bind(.text(slot.properties[k].0)))",
                                     value.isNull ? "0" : "\(t).o = \(literal(value))"]
                // The row's `o` is the stored value (an equal one: 1 may have matched 1.0).
                stage.properties[i] = (slot.properties[k].0, "\(t).o", t)
                x = "\(t).s"
                usedProperty = k
            } else if !slot.labels.isEmpty {
                let t = fresh("t")
                stage.from.append("triple \(t)")
                stage.conditions += ["\(t).k = 0", "\(t).p = \(bind(.text(slot.labels[0])))"]
                x = "\(t).s"
                usedLabel = 0
            } else if let key = slot.requiredProperty {
                // A node has at most one row per property key, so this yields each node once.
                let t = fresh("t")
                stage.from.append("triple \(t)")
                stage.conditions += ["\(t).k = 1", "\(t).p = \(bind(.text(key)))"]
                stage.properties[i] = (key, "\(t).o", t)
                x = "\(t).s"
            } else {
                let t = fresh("n")
                stage.from.append("node \(t)")
                x = "\(t).id"
            }
            if let existing = stage.nodes[i] {
                stage.conditions.append("\(existing) = \(x)")
                return
            }
            stage.nodes[i] = x
            if sql != nil, let outer { stage.conditions.append("\(outer) = \(x)") }
            for (j, label) in slot.labels.enumerated() where j != usedLabel && !labelsChecked.contains(i) {
                if scanning && !correlated {
                    stage.conditions.append("\(x) IN (SELECT s FROM triple WHERE k = 0 AND p = \(bind(.text(label))))")
                } else {
                    stage.conditions.append("EXISTS (SELECT 1 FROM triple WHERE s = \(x) AND k = 0 AND p = \(bind(.text(label))))")
                }
            }
            for (j, (key, e)) in slot.properties.enumerated() where j != usedProperty {
                if let v = indexableConstant(e) {
                    stage.conditions.append(v.isNull ? "0" : "EXISTS (SELECT 1 FROM triple WHERE s = \(x) AND k = 1 AND p = \(bind(.text(key))) AND o = \(literal(v)))")
                } else {
                    deferred.append(Deferred(node: i, rel: nil, key: key, expr: e))
                }
            }
        }
        // Nodes bound by earlier clauses are where the joins start.
        for i in nodes.indices where outerNode(nodes[i], stage) != nil && stage.nodes[i] == nil {
            try bindNode(i, to: nil)
        }

        var done = Set<Int>()
        let ordinary = rels.indices.filter { rels[$0].shortest == nil }
        // Variable-length relationships bound to a list: the list fixes the walk, and so both ends.
        for r in ordinary where rels[r].length != nil {
            guard let name = rels[r].name, let list = stage.outer[name] else { continue }
            let rel = rels[r]
            let w = fresh("w")
            let types = literal(.list(rel.types.map(Val.string)))
            let code = rel.direction == .outgoing ? 0 : rel.direction == .incoming ? 1 : 2
            stage.from.append("kg_walk(\(list.sql), \(types), \(code), \(bind(.integer(Int64(rel.length!.min)))), \(rel.length!.max.map { bind(.integer(Int64($0))) } ?? "NULL")) AS \(w)")
            stage.segments[r] = ("\(w).rels", "\(w).nodes", false, "\(w).a")
            done.insert(r)
            try bindNode(rel.left, to: "\(w).a")
            try bindNode(rel.right, to: "\(w).b")
        }
        while done.count < ordinary.count {
            // The next relationship: one with a bound end, fixed-length ones first.
            let candidates = ordinary.filter { !done.contains($0) && (stage.nodes[rels[$0].left] != nil || stage.nodes[rels[$0].right] != nil) }
            guard let r = candidates.first(where: { rels[$0].length == nil }) ?? candidates.first else {
                // Start a new component from its most selective node.
                let open = ordinary.filter { !done.contains($0) }.flatMap { [rels[$0].left, rels[$0].right] }
                let best = open.min { driverRank(nodes[$0]) < driverRank(nodes[$1]) }!
                // With no node better than a label scan, an undirected typed relationship is the
                // better start: each of its rows once per orientation, where starting from the
                // nodes would build both directions' id set again for every node.
                if driverRank(nodes[best]) >= 2,
                   let r = ordinary.first(where: { !done.contains($0) && rels[$0].direction == .both && !rels[$0].types.isEmpty
                       && rels[$0].length == nil && rels[$0].properties.isEmpty && outerRel(rels[$0], stage) == nil }) {
                    done.insert(r)
                    let rel = rels[r]
                    let t = fresh("r")
                    let (l, rt) = (nodes[rel.left], nodes[rel.right])
                    if !correlated, rel.left != rel.right, !l.labels.isEmpty, Set(l.labels) == Set(rt.labels),
                       l.properties.isEmpty, rt.properties.isEmpty, stage.nodes[rel.left] == nil, stage.nodes[rel.right] == nil,
                       outerNode(l, stage) == nil, outerNode(rt, stage) == nil {
                        // Both ends alike: test each relationship's two ends once, then take it
                        // both ways (a 2-row join), instead of testing both ends of each orientation.
                        let e = fresh("e"), d = fresh("d")
                        var tests: [String] = []
                        for label in Set(l.labels).sorted() {
                            tests.append("\(e).s IN (SELECT s FROM triple WHERE k = 0 AND p = \(bind(.text(label))))")
                            tests.append("\(e).o IN (SELECT s FROM triple WHERE k = 0 AND p = \(bind(.text(label))))")
                        }
                        stage.from.append("(SELECT \(e).id AS id, (CASE \(d).f WHEN 0 THEN \(e).s ELSE \(e).o END) AS a, (CASE \(d).f WHEN 0 THEN \(e).o ELSE \(e).s END) AS b FROM triple \(e) CROSS JOIN (SELECT 0 AS f UNION ALL SELECT 1 AS f) \(d) WHERE \(e).k = 2 AND \(typeCondition("\(e).p", rel.types)) AND \(tests.joined(separator: " AND ")) AND (\(d).f = 0 OR \(e).s <> \(e).o)) \(t)")
                        labelsChecked.formUnion([rel.left, rel.right])
                    } else {
                        stage.from.append("\(Compiler.bothWaysScanPrefix)k = 2 AND \(typeCondition("p", rel.types)) UNION ALL SELECT id, o, s FROM triple WHERE k = 2 AND \(typeCondition("p", rel.types)) AND s <> o) \(t)")
                    }
                    stage.rels[r] = "\(t).id"
                    scanning = true
                    try bindNode(rel.left, to: "\(t).a")
                    try bindNode(rel.right, to: "\(t).b")
                    continue
                }
                try bindNode(best, to: nil)
                continue
            }
            done.insert(r)
            let rel = rels[r]
            let fromLeft = stage.nodes[rel.left] != nil
            let here = fromLeft ? rel.left : rel.right
            let there = fromLeft ? rel.right : rel.left
            var direction = rel.direction
            if !fromLeft { direction = direction == .outgoing ? .incoming : direction == .incoming ? .outgoing : .both }
            let x = stage.nodes[here]!
            if let length = rel.length {
                let (end, segment, start) = try variableLength(rel, from: x, direction: direction, length: length, stage: &stage, correlated: correlated)
                stage.segments[r] = (segment.0, segment.1, !fromLeft, start)
                try bindNode(there, to: end)
                continue
            }
            let t = fresh("r")
            stage.from.append("triple \(t)")
            if direction != .both {
                stage.conditions.append("\(t).k = 2")
                if !rel.types.isEmpty { stage.conditions.append(typeCondition("\(t).p", rel.types)) }
            }
            let y: String
            switch direction {
            case .outgoing:
                stage.conditions.append("\(t).s = \(x)")
                y = "\(t).o"
            case .incoming:
                stage.conditions.append("\(t).o = +\(x)")
                y = "\(t).s"
            case .both:
                // Both directions as one rowid set from the SPO and OSP indexes; a self-loop once.
                // (`+x` drops the INTEGER affinity, which would otherwise keep SQLite off the `o` indexes.)
                // The set already holds only relationships of the wanted types, so `t` gets no
                // `k`/`p` terms: with them SQLite reads `t` through the POS index (every
                // relationship of the type, per start node) instead of by rowid from the set.
                let types = rel.types.isEmpty ? "" : " AND " + typeCondition("p", rel.types)
                stage.conditions.append("\(t).id IN (SELECT id FROM triple WHERE s = \(x) AND k = 2\(types) UNION ALL SELECT id FROM triple WHERE o = +\(x) AND k = 2\(types) AND s <> o)")
                y = "(CASE WHEN \(t).s = \(x) THEN \(t).o ELSE \(t).s END)"
            }
            if let b = outerRel(rel, stage) { stage.conditions.append("\(t).id = \(b)") }
            for (key, e) in rel.properties {
                if let v = indexableConstant(e) {
                    stage.conditions.append("kg_eq(kg_relprop(\(t).id, \(bind(.text(key)))), \(literal(v)))")
                } else {
                    deferred.append(Deferred(node: nil, rel: r, key: key, expr: e))
                }
            }
            stage.rels[r] = "\(t).id"
            try bindNode(there, to: y)
        }
        // Nodes on their own (`MATCH (a), (b)`) and the ends of shortest paths.
        for i in nodes.indices where stage.nodes[i] == nil {
            try bindNode(i, to: nil)
        }
        for r in rels.indices where rels[r].shortest != nil {
            let rel = rels[r]
            let sp = fresh("sp")
            let types = literal(.list(rel.types.map(Val.string)))
            let direction = rel.direction == .outgoing ? 0 : rel.direction == .incoming ? 1 : 2
            let length = rel.length ?? (1, 1)
            stage.from.append("kg_shortest(\(stage.nodes[rel.left]!), \(stage.nodes[rel.right]!), \(types), \(direction), \(bind(.integer(Int64(length.min)))), \(length.max.map { bind(.integer(Int64($0))) } ?? "NULL")) AS \(sp)")
            stage.paths[rel.part] = "\(sp).path"
            stage.rels[r] = "\(sp).path"
        }
        // Relationship uniqueness within the MATCH.
        let matched = ordinary
        for (ai, a) in matched.enumerated() {
            for b in matched[(ai + 1)...] {
                switch (stage.segments[a], stage.segments[b]) {
                case (nil, nil): stage.conditions.append("\(stage.rels[a]!) <> \(stage.rels[b]!)")
                case (let s?, nil): stage.conditions.append("instr(\(s.rels), ',' || \(stage.rels[b]!) || ',') = 0")
                case (nil, let s?): stage.conditions.append("instr(\(s.rels), ',' || \(stage.rels[a]!) || ',') = 0")
                case (let s?, let u?): stage.conditions.append("kg_disjoint(\(s.rels), \(u.rels))")
                }
            }
        }
        return deferred
    }

    static let bothWaysScanPrefix = "(SELECT id, s AS a, o AS b FROM triple WHERE "

    /// Both-ways relationship scans whose `id` nothing reads lose that column: SQLite carries
    /// every column of the subquery through each of its rows.
    static func pruneRelationshipIDs(_ from: [String], reading uses: [String]) -> [String] {
        from.map { item in
            guard item.hasPrefix(bothWaysScanPrefix), let alias = item.split(separator: " ").last else { return item }
            let column = alias + ".id"
            if uses.contains(where: { $0.contains(column) }) || from.contains(where: { $0 != item && $0.contains(column) }) { return item }
            return "(SELECT s AS a, o AS b FROM triple WHERE " + item.dropFirst(bothWaysScanPrefix.count)
                .replacingOccurrences(of: " UNION ALL SELECT id, o, s FROM triple WHERE ", with: " UNION ALL SELECT o, s FROM triple WHERE ")
        }
    }

    func typeCondition(_ column: String, _ types: [String]) -> String {
        if types.count == 1 { return "\(column) = \(bind(.text(types[0])))" }
        return "\(column) IN (\(types.map { bind(.text($0)) }.joined(separator: ", ")))"
    }

    /// Closes the stage into a CTE; every bound expression becomes one of its columns.
    func closeStage(_ stage: inout Stage) {
        let name = fresh("s")
        var selects: [String] = []
        func column(_ sql: String) -> String {
            let c = fresh("k")
            selects.append("\(sql) AS \(c)")
            return "\(name).\(c)"
        }
        var outer: [String: VarRef] = [:]
        for (k, v) in stage.outer { outer[k] = VarRef(sql: column(v.sql), type: v.type) }
        var nodes: [Int: String] = [:], rels: [Int: String] = [:]
        for (k, v) in stage.nodes { nodes[k] = column(v) }
        for (k, v) in stage.rels { rels[k] = column(v) }
        var segments = stage.segments
        for (k, v) in stage.segments { segments[k] = (column(v.rels), column(v.nodes), v.reversed, column(v.start)) }
        var paths: [Int: String] = [:]
        for (k, v) in stage.paths { paths[k] = column(v) }
        if selects.isEmpty { selects.append("NULL AS kg_none") }
        var sql = "SELECT \(selects.joined(separator: ", ")) FROM \(stage.from.joined(separator: " CROSS JOIN "))"
        if !stage.conditions.isEmpty { sql += " WHERE " + stage.conditions.joined(separator: " AND ") }
        ctes.append("\(name) AS (\(sql))")
        stage = Stage(from: [name], conditions: [], nodes: nodes, rels: rels, segments: segments, paths: paths, outer: outer)
    }

    /// A recursive CTE of the trails from the stage's start nodes; returns the end node's SQL and
    /// the segment's (relationships, arrival nodes) text columns.
    func variableLength(_ rel: RelSlot, from x: String, direction: Direction, length: (min: Int, max: Int?),
                        stage: inout Stage, correlated: Bool) throws -> (String, (String, String), String) {
        let start: String
        var seed: String
        if correlated {
            // Inside a subquery the CTE is local and starts from the outer row's node.
            let aliases = stage.from.compactMap { $0.split(separator: " ").last.map { String($0) + "." } }
            guard !aliases.contains(where: { x.contains($0) }) else {
                throw QueryError.unsupported("a variable-length relationship that does not start at a bound node in a pattern predicate", at: position(rel.offset))
            }
            start = x
            seed = "SELECT \(x), \(x), 0, ',', ','"
        } else {
            // Remember where x lives, close the stage, and find x's column again.
            let marker = "\u{0}start"
            stage.outer[marker] = VarRef(sql: x, type: .node)
            closeStage(&stage)
            start = stage.outer.removeValue(forKey: marker)!.sql
            seed = "SELECT DISTINCT \(start), \(start), 0, ',', ',' FROM \(stage.from[0])"
            if reachabilityOnly {
                return reachable(rel, start: start, from: stage.from[0], direction: direction, length: length, stage: &stage)
            }
        }
        let vl = fresh("vl")
        var propertyTests = ""
        for (key, e) in rel.properties {
            guard let v = indexableConstant(e) ?? constant(e) else {
                throw QueryError.unsupported("a non-constant property map on a variable-length relationship", at: position(rel.offset))
            }
            propertyTests += " AND kg_eq(kg_relprop(t.id, \(bind(.text(key)))), \(literal(v)))"
        }
        let types = rel.types.isEmpty ? "" : " AND " + typeCondition("t.p", rel.types)
        let depthLimit = length.max.map { " AND v.depth < \(bind(.integer(Int64($0))))" } ?? ""
        func step(forward: Bool, skipLoops: Bool) -> String {
            let (near, far) = forward ? ("s", "o") : ("o", "s")
            return "SELECT v.start, t.\(far), v.depth + 1, v.rels || t.id || ',', v.nodes || t.\(far) || ',' FROM \(vl) v JOIN triple t ON t.\(near) = +v.node AND t.k = 2\(types) WHERE instr(v.rels, ',' || t.id || ',') = 0\(depthLimit)\(propertyTests)\(skipLoops ? " AND t.s <> t.o" : "")"
        }
        var recursive: [String]
        switch direction {
        case .outgoing: recursive = [step(forward: true, skipLoops: false)]
        case .incoming: recursive = [step(forward: false, skipLoops: false)]
        case .both: recursive = [step(forward: true, skipLoops: false), step(forward: false, skipLoops: true)]
        }
        let cte = "\(vl)(start, node, depth, rels, nodes) AS (\(seed) UNION ALL \(recursive.joined(separator: " UNION ALL ")))"
        if correlated { stage.localCTEs.append(cte) } else { ctes.append(cte) }
        let alias = fresh("v")
        stage.from.append("\(vl) \(alias)")
        stage.conditions.append("\(alias).start = \(start)")
        if length.min > 0 { stage.conditions.append("\(alias).depth >= \(bind(.integer(Int64(length.min))))") }
        return ("\(alias).node", ("\(alias).rels", "\(alias).nodes"), start)
    }

    /// The end nodes reachable from each start node in `source` (see `matchRelation` for when
    /// this is exact): each start node's distinct reachable nodes from one breadth-first search
    /// (`kg_reach`) that visits every node once, where a recursive CTE would keep a row per
    /// (node, depth) and expand each node again at every depth it is met.
    func reachable(_ rel: RelSlot, start: String, from source: String, direction: Direction, length: (min: Int, max: Int?),
                   stage: inout Stage) -> (String, (String, String), String) {
        let alias = fresh("v")
        let types = literal(.list(rel.types.map(Val.string)))
        let code = direction == .outgoing ? 0 : direction == .incoming ? 1 : 2
        let maxHops = length.max.map { bind(.integer(Int64($0))) } ?? "NULL"
        stage.from.append("kg_reach(\(start), \(types), \(code), \(bind(.integer(Int64(length.min)))), \(maxHops)) AS \(alias)")
        return ("\(alias).node", ("','", "','"), start)
    }

    /// The path value of a pattern part, in pattern order.
    func pathSQL(_ path: PathSlot, stage: Stage) -> String {
        if let p = stage.paths[path.part] { return p }
        let nodeIndexes = path.nodeIndexes
        var args: [String] = ["0", stage.nodes[nodeIndexes[0]]!]
        for i in 0..<(nodeIndexes.count - 1) {
            let r = path.relOffset + i
            if let s = stage.segments[r] {
                if s.reversed { args += ["3", s.rels, s.nodes, s.start] } else { args += ["2", s.rels, s.nodes] }
            } else {
                args += ["1", stage.rels[r]!]
            }
            args += ["0", stage.nodes[nodeIndexes[i + 1]]!]
        }
        return "kg_path(\(args.joined(separator: ", ")))"
    }

    /// The relation of `MATCH patterns WHERE …` over `prev` (prev's columns first, then new ones).
    func matchRelation(prev: Relation, _ parts: [PatternPart], whereClause: Expr?) throws -> Relation {
        let prevScope = prev.name == nil ? ExprScope() : prev.scope
        var (nodes, rels, paths) = try slots(parts, outer: prevScope.vars)
        var stage = Stage()
        if let name = prev.name { stage.from = [name] }
        for c in prev.columns { stage.outer[c.name] = prevScope.vars[c.name]! }
        // A lone variable-length relationship that nothing reads (no variable, no path) under a
        // DISTINCT projection only needs the set of end nodes. For a directed relationship with
        // a minimum of at most 1, the nodes a trail of 1..k steps reaches are exactly those a
        // walk of 1..k steps reaches (cut a walk's cycles and a trail remains, no longer and
        // still at least one step, also when it returns to its start), so a recursive `UNION`
        // over (node, depth) replaces enumerating every trail.
        if onlyDistinctRowsNeeded, rels.count == 1, let length = rels[0].length, length.min <= 1,
           rels[0].name == nil, rels[0].shortest == nil, rels[0].bound == nil, rels[0].properties.isEmpty,
           rels[0].direction != .both, paths.isEmpty {
            reachabilityOnly = true
        }
        defer { reachabilityOnly = false }
        let required = Compiler.requiredProperties(whereClause)
        for i in nodes.indices {
            if let name = nodes[i].name, prevScope.vars[name] == nil, let key = required[name] { nodes[i].requiredProperty = key }
        }
        let deferred = try planPattern(&nodes, rels, &stage, correlated: false)
        // Bound slots referenced prev columns by their pre-stage names; map them through stages.
        // (planPattern recorded node SQL in stage.nodes, which closeStage keeps current.)
        var scope = ExprScope()
        for (name, ref) in stage.outer { scope.vars[name] = ref }
        var newColumns: [(String, String, VarType)] = []
        for (i, n) in nodes.enumerated() {
            guard let name = n.name, prevScope.vars[name] == nil else { continue }
            scope.vars[name] = VarRef(sql: stage.nodes[i]!, type: .node)
            newColumns.append((name, stage.nodes[i]!, .node))
            if let known = stage.properties[i], stage.from.contains("triple \(known.alias)") {
                scope.knownProperties[ExprScope.PropertyName(variable: name, key: known.key)] = known.sql
                // Later clauses read the value from this column instead of finding the row again.
                newColumns.append((ExprScope.propertyColumn(of: name, key: known.key), known.sql, .value))
            }
        }
        for (r, rel) in rels.enumerated() {
            guard let name = rel.name, prevScope.vars[name] == nil else { continue }
            let sql: String
            let type: VarType
            if rel.shortest != nil { sql = "kg_f_relationships(\(stage.rels[r]!))"; type = .list }
            else if let s = stage.segments[r] { sql = s.reversed ? "kg_f_reverse(kg_rellist(\(s.rels)))" : "kg_rellist(\(s.rels))"; type = .list }
            else { sql = stage.rels[r]!; type = .rel }
            scope.vars[name] = VarRef(sql: sql, type: type)
            newColumns.append((name, sql, type))
            // type(r) later reads the row's `p` instead of finding the row again.
            if type == .rel, sql.hasSuffix(".id"), stage.from.contains("triple " + sql.dropLast(3)) {
                newColumns.append((ExprScope.typeColumn(of: name), String(sql.dropLast(3)) + ".p", .value))
            }
        }
        for path in paths {
            let sql = pathSQL(path, stage: stage)
            scope.vars[path.name] = VarRef(sql: sql, type: .path)
            newColumns.append((path.name, sql, .path))
        }
        var conditions = stage.conditions
        for d in deferred { conditions.append(try deferredSQL(d, stage, scope)) }
        if let w = whereClause {
            for v in Compiler.freeVariables(w) where scope.vars[v] == nil {
                throw QueryError.syntax("variable `\(v)` not defined", "UndefinedVariable", at: position(w.start))
            }
            if Compiler.containsAggregate(w) { throw misplacedAggregate(w) }
            conditions += try filterConditions(w, scope)
        }
        let name = fresh("m")
        var selects: [String] = []
        var columns: [Relation.Column] = []
        for c in prev.columns {
            selects.append("\(stage.outer[c.name]!.sql) AS \(c.sql)")
            columns.append(c)
        }
        for (n, sql, type) in newColumns {
            let col = fresh("c")
            selects.append("\(sql) AS \(col)")
            columns.append(Relation.Column(name: n, sql: col, type: type))
        }
        if selects.isEmpty { selects.append("NULL AS kg_none") }
        let from = Compiler.pruneRelationshipIDs(stage.from, reading: selects + conditions)
        var sql = "SELECT \(selects.joined(separator: ", ")) FROM \(from.joined(separator: " CROSS JOIN "))"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        ctes.append("\(name) AS (\(sql))")
        return Relation(name: name, columns: columns)
    }

    func compileMatch(optional: Bool, patterns: [PatternPart], whereClause: Expr?, start: Int) throws {
        let prev = current
        let matched = try matchRelation(prev: prev, patterns, whereClause: whereClause)
        if !optional {
            current = matched
            return
        }
        let name = fresh("om")
        let all = matched.columns.map { "\(matched.name!).\($0.sql)" }.joined(separator: ", ")
        var nullRow = prev.columns.map { "\(prev.name!).\($0.sql)" }
        nullRow += Array(repeating: "NULL", count: matched.columns.count - prev.columns.count)
        let correlation = prev.columns.map { "\(matched.name!).\($0.sql) IS \(prev.name!).\($0.sql)" }
        let nullSelect: String
        if let p = prev.name {
            nullSelect = "SELECT \(nullRow.joined(separator: ", ")) FROM \(p) WHERE NOT EXISTS (SELECT 1 FROM \(matched.name!)\(correlation.isEmpty ? "" : " WHERE " + correlation.joined(separator: " AND ")))"
        } else {
            nullSelect = "SELECT \(nullRow.isEmpty ? "NULL" : nullRow.joined(separator: ", ")) WHERE NOT EXISTS (SELECT 1 FROM \(matched.name!))"
        }
        let cols = matched.columns.map(\.sql).joined(separator: ", ")
        if matched.columns.isEmpty {
            ctes.append("\(name) AS (SELECT NULL AS kg_none FROM \(matched.name!) UNION ALL \(nullSelect))")
        } else {
            ctes.append("\(name)(\(cols)) AS (SELECT \(all) FROM \(matched.name!) UNION ALL \(nullSelect))")
        }
        current = Relation(name: name, columns: matched.columns)
    }

    /// `WHERE (a)-[:T]->(b)`: an EXISTS subquery correlated with the row's variables.
    func compilePatternPredicate(_ part: PatternPart, _ scope: ExprScope) throws -> String {
        var (nodes, rels, _) = try slots([part], outer: scope.vars)
        for n in nodes where n.name != nil && scope.vars[n.name!] == nil {
            throw QueryError.syntax("a pattern predicate cannot introduce new variables (`\(n.name!)`)", "UndefinedVariable", at: position(n.offset))
        }
        for r in rels where r.name != nil && scope.vars[r.name!] == nil {
            throw QueryError.syntax("a pattern predicate cannot introduce new variables (`\(r.name!)`)", "UndefinedVariable", at: position(r.offset))
        }
        var stage = Stage()
        stage.outer = scope.vars
        let deferred = try planPattern(&nodes, rels, &stage, correlated: true)
        var conditions = stage.conditions
        for d in deferred { conditions.append(try deferredSQL(d, stage, scope)) }
        if stage.from.isEmpty { return conditions.isEmpty ? "1" : "(" + conditions.joined(separator: " AND ") + ")" }
        let with = stage.localCTEs.isEmpty ? "" : "WITH RECURSIVE " + stage.localCTEs.joined(separator: ", ") + " "
        var sql = "EXISTS (\(with)SELECT 1 FROM \(stage.from.joined(separator: " CROSS JOIN "))"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        return sql + ")"
    }
}
