import KGStore

/// Writing clauses: the rows so far become a temp table, and the engine applies the clause to
/// each row in Swift, reading the values it needs from one SELECT over that table.
extension Compiler {
    var currentIsTable: Bool { current.name.map { temporaryTables.contains($0) } ?? false }

    func ensureTable() {
        if !currentIsTable || !ctes.isEmpty { flush() }
    }

    func inputSelect(_ extras: [String], filter: String? = nil) -> String {
        let cols = current.columns.map { "\(current.name!).\($0.sql)" } + extras
        var sql = "SELECT \(cols.isEmpty ? "NULL" : cols.joined(separator: ", ")) FROM \(current.name!)"
        if let filter { sql += " WHERE \(filter)" }
        return sql + " ORDER BY \(current.name!).rowid"
    }

    /// Plans the creation of `parts` for one row; property values become extra columns.
    func createPlan(_ parts: [PatternPart], input: Relation, extras: inout [String], merge: Bool) throws -> (CreatePlan, [Relation.Column]) {
        let scope = input.scope
        let inputCount = input.columns.count
        var nodes: [CreatePlan.NodeSource] = []
        var rels: [CreatePlan.RelSpec] = []
        var paths: [CreatePlan.PathSpec] = []
        var outputs: [CreatePlan.Output] = []
        var newColumns: [Relation.Column] = []
        var byName: [String: Int] = [:]
        var created: Set<String> = []

        func properties(_ e: Expr?) throws -> Int? {
            guard let e else { return nil }
            let pairs = try propertyPairs(e)
            if pairs.isEmpty { return nil }
            for (_, value) in pairs {
                for v in Compiler.freeVariables(value) where created.contains(v) {
                    throw QueryError.unsupported("a property value that reads a variable created in the same clause (`\(v)`)", at: position(value.start))
                }
            }
            var args: [String] = []
            for (k, v) in pairs { args.append(bind(.text(k))); args.append(try compileValue(v, scope)) }
            extras.append("kg_map(\(args.joined(separator: ", ")))")
            return inputCount + extras.count - 1
        }

        for part in parts {
            if part.shortest != nil { throw QueryError.syntax("shortestPath cannot be used in CREATE or MERGE", "InvalidSyntax", at: position(part.start)) }
            var nodeIndexes: [Int] = []
            for n in part.nodes {
                if let name = n.variable, let existing = byName[name] {
                    if !n.labels.isEmpty || n.properties != nil {
                        throw QueryError.syntax("variable `\(name)` already declared", "VariableAlreadyBound", at: position(n.start))
                    }
                    nodeIndexes.append(existing)
                    continue
                }
                if let name = n.variable, let column = input.columns.firstIndex(where: { $0.name == name }) {
                    if !n.labels.isEmpty || n.properties != nil || (part.rels.isEmpty && !merge) {
                        throw QueryError.syntax("variable `\(name)` already declared", "VariableAlreadyBound", at: position(n.start))
                    }
                    if [.rel, .path, .list, .scalar].contains(input.columns[column].type) {
                        throw QueryError.syntax("variable `\(name)` is \(Compiler.kindName(input.columns[column].type)), not a node", "VariableTypeConflict", at: position(n.start))
                    }
                    byName[name] = nodes.count
                    nodeIndexes.append(nodes.count)
                    nodes.append(.existing(column: column))
                    continue
                }
                let index = nodes.count
                nodes.append(.new(labels: n.labels, properties: try properties(n.properties)))
                if let name = n.variable {
                    byName[name] = index
                    created.insert(name)
                    outputs.append(.node(index))
                    newColumns.append(Relation.Column(name: name, sql: fresh("c"), type: .node))
                }
                nodeIndexes.append(index)
            }
            var relIndexes: [Int] = []
            for (i, r) in part.rels.enumerated() {
                if let name = r.variable, byName[name] != nil || created.contains(name) || input.columns.contains(where: { $0.name == name }) {
                    throw QueryError.syntax("variable `\(name)` already declared", "VariableAlreadyBound", at: position(r.start))
                }
                guard r.types.count == 1 else {
                    throw QueryError.syntax("a relationship to create needs exactly one type", "NoSingleRelationshipType", at: position(r.start))
                }
                if r.length != nil {
                    throw QueryError.syntax("variable-length relationships cannot be created", "CreatingVarLength", at: position(r.start))
                }
                if r.direction == .both && !merge {
                    throw QueryError.syntax("a relationship to create needs a direction", "RequiresDirectedRelationship", at: position(r.start))
                }
                let (from, to) = r.direction == .incoming ? (nodeIndexes[i + 1], nodeIndexes[i]) : (nodeIndexes[i], nodeIndexes[i + 1])
                let index = rels.count
                rels.append(CreatePlan.RelSpec(type: r.types[0], from: from, to: to, properties: try properties(r.properties)))
                relIndexes.append(index)
                if let name = r.variable {
                    created.insert(name)
                    outputs.append(.rel(index))
                    newColumns.append(Relation.Column(name: name, sql: fresh("c"), type: .rel))
                }
            }
            if let pv = part.pathVariable {
                if byName[pv] != nil || created.contains(pv) || input.columns.contains(where: { $0.name == pv }) {
                    throw QueryError.syntax("variable `\(pv)` already declared", "VariableAlreadyBound", at: position(part.start))
                }
                created.insert(pv)
                outputs.append(.path(paths.count))
                paths.append(CreatePlan.PathSpec(nodes: nodeIndexes, rels: relIndexes))
                newColumns.append(Relation.Column(name: pv, sql: fresh("c"), type: .path))
            }
        }
        return (CreatePlan(nodes: nodes, rels: rels, paths: paths, outputs: outputs), newColumns)
    }

    func compileCreate(_ parts: [PatternPart], start: Int) throws {
        // A part whose property values read a variable created by an earlier part runs as a
        // CREATE of its own after it: the same result, since parts are created in order.
        var group: [PatternPart] = []
        var createdInGroup: Set<String> = []
        for part in parts {
            var reads: Set<String> = []
            for n in part.nodes { if let e = n.properties { reads.formUnion(Compiler.freeVariables(e)) } }
            for r in part.rels { if let e = r.properties { reads.formUnion(Compiler.freeVariables(e)) } }
            if !reads.isDisjoint(with: createdInGroup) && !group.isEmpty {
                try compileCreateGroup(group, start: start)
                group = []
                createdInGroup = []
            }
            group.append(part)
            let known = Set(current.columns.map(\.name))
            for n in part.nodes { if let v = n.variable, !known.contains(v) { createdInGroup.insert(v) } }
            for r in part.rels { if let v = r.variable { createdInGroup.insert(v) } }
            if let v = part.pathVariable { createdInGroup.insert(v) }
        }
        try compileCreateGroup(group, start: start)
    }

    func compileCreateGroup(_ parts: [PatternPart], start: Int) throws {
        ensureTable()
        var extras: [String] = []
        let (plan, newColumns) = try createPlan(parts, input: current, extras: &extras, merge: false)
        let sql = inputSelect(extras)
        if newColumns.isEmpty {
            steps.append(.write(WriteStep(kind: .create(plan), input: current.name!, inputColumns: current.columns, sql: sql, output: nil, position: position(start))))
            return
        }
        let output = fresh("kg_t")
        temporaryTables.append(output)
        steps.append(.write(WriteStep(kind: .create(plan), input: current.name!, inputColumns: current.columns, sql: sql, output: output,
                                      position: position(start), outputColumns: (current.columns + newColumns).map(\.sql))))
        current = Relation(name: output, columns: current.columns + newColumns)
    }

    func compileMerge(_ part: PatternPart, onCreate: [SetItem], onMatch: [SetItem], start: Int) throws {
        ensureTable()
        let input = current
        let mergeInput = fresh("kg_mi")
        temporaryTables.append(mergeInput)
        let savedCTEs = ctes
        ctes = []
        var matched = try matchRelation(prev: Relation(name: mergeInput, columns: input.columns), [part], whereClause: nil)
        // Kept property values are dropped at writing clauses; MERGE's own match keeps none either.
        matched.columns.removeAll { $0.name.hasPrefix(ExprScope.propertyColumnPrefix) }
        let matchSQL = withClause() + "SELECT \(matched.columns.isEmpty ? "NULL" : matched.columns.map { "\(matched.name!).\($0.sql)" }.joined(separator: ", ")) FROM \(matched.name!)"
        ctes = savedCTEs
        var extras: [String] = []
        for (i, n) in part.nodes.enumerated() {
            for (key, value) in try propertyPairs(n.properties) where constantOrParameterEntry(value)?.isNull == true {
                throw QueryError(.semanticError, "MergeReadOwnWrites", "cannot merge node using null property value for '\(key)'", position: position(part.nodes[i].start))
            }
        }
        let (plan, newColumns) = try createPlan([part], input: input, extras: &extras, merge: true)
        // The output columns are the match's (the created ones line up by variable name).
        let matchedNew = Array(matched.columns[input.columns.count...])
        guard matchedNew.map(\.name) == newColumns.map(\.name) else {
            throw QueryError.unsupported("this MERGE pattern", at: position(start))
        }
        let output = fresh("kg_t")
        temporaryTables.append(output)
        let flag = Relation.Column(name: " created", sql: "kg_created", type: .value)
        let outputColumns = input.columns + newColumns + [flag]
        steps.append(.write(WriteStep(kind: .merge(MergePlan(mergeInput: mergeInput, matchSQL: matchSQL, create: plan, matchColumns: extras.count)),
                                      input: input.name!, inputColumns: input.columns, sql: inputSelect(extras), output: output,
                                      position: position(start), outputColumns: outputColumns.map(\.sql))))
        current = Relation(name: output, columns: outputColumns)
        for item in onCreate { try compileSetItem(item, filter: "\(output).kg_created = 1") }
        for item in onMatch { try compileSetItem(item, filter: "\(output).kg_created = 0") }
        current = Relation(name: output, columns: input.columns + newColumns)
        // The flag stays in the table but leaves the scope.
    }

    func compileSetItem(_ item: SetItem, filter: String?) throws {
        ensureTable()
        var scope = current.scope
        scope.vars[" created"] = nil
        switch item {
        case .property(let target, let key, let value):
            let t = try compile(target, scope)
            if t.form == .bool { throw QueryError.type("cannot set a property on a Boolean", at: position(target.start)) }
            let v = try compile(value, scope)
            steps.append(.write(WriteStep(kind: .setProperty(key: key), input: current.name!, inputColumns: current.columns,
                                          sql: inputSelect([asValue(t), asValue(v)], filter: filter), output: nil, position: position(target.start))))
        case .allProperties(let variable, let value, let merge, let start):
            guard let ref = scope.vars[variable] else {
                throw QueryError.syntax("variable `\(variable)` not defined", "UndefinedVariable", at: position(start))
            }
            let t = asValue(SQLExpr(sql: ref.sql, form: Compiler.form(of: ref.type)))
            let v = try compile(value, scope)
            steps.append(.write(WriteStep(kind: .setAllProperties(merge: merge), input: current.name!, inputColumns: current.columns,
                                          sql: inputSelect([t, asValue(v)], filter: filter), output: nil, position: position(start))))
        case .labels(let variable, let labels, let start):
            guard let ref = scope.vars[variable] else {
                throw QueryError.syntax("variable `\(variable)` not defined", "UndefinedVariable", at: position(start))
            }
            let t = asValue(SQLExpr(sql: ref.sql, form: Compiler.form(of: ref.type)))
            steps.append(.write(WriteStep(kind: .setLabels(labels), input: current.name!, inputColumns: current.columns,
                                          sql: inputSelect([t], filter: filter), output: nil, position: position(start))))
        }
    }

    func compileRemoveItem(_ item: RemoveItem) throws {
        ensureTable()
        let scope = current.scope
        switch item {
        case .property(let target, let key):
            let t = try compile(target, scope)
            steps.append(.write(WriteStep(kind: .removeProperty(key: key), input: current.name!, inputColumns: current.columns,
                                          sql: inputSelect([asValue(t)]), output: nil, position: position(target.start))))
        case .labels(let variable, let labels, let start):
            guard let ref = scope.vars[variable] else {
                throw QueryError.syntax("variable `\(variable)` not defined", "UndefinedVariable", at: position(start))
            }
            let t = asValue(SQLExpr(sql: ref.sql, form: Compiler.form(of: ref.type)))
            steps.append(.write(WriteStep(kind: .removeLabels(labels), input: current.name!, inputColumns: current.columns,
                                          sql: inputSelect([t]), output: nil, position: position(start))))
        }
    }

    func compileDelete(detach: Bool, _ exprs: [Expr], start: Int) throws {
        ensureTable()
        let scope = current.scope
        var extras: [String] = []
        for e in exprs {
            // `DELETE n:Label` reads as removing a label, which is REMOVE's job.
            if case .hasLabels = e.kind {
                throw QueryError.syntax("DELETE removes nodes and relationships; use REMOVE to remove a label", "InvalidDelete", at: position(e.start))
            }
            let c = try compile(e, scope)
            // What the query text shows cannot be a graph element is rejected before running.
            if c.form == .bool { throw QueryError.syntax("DELETE expects a node, relationship or path", "InvalidArgumentType", at: position(e.start)) }
            if case .value = c.form, let v = constant(e), !v.isNull {
                throw QueryError.syntax("DELETE expects a node, relationship or path, got \(v.typeName)", "InvalidArgumentType", at: position(e.start))
            }
            if case .binary = e.kind {
                throw QueryError.syntax("DELETE expects a node, relationship or path", "InvalidArgumentType", at: position(e.start))
            }
            extras.append(asValue(c))
        }
        steps.append(.write(WriteStep(kind: .delete(detach: detach), input: current.name!, inputColumns: current.columns,
                                      sql: inputSelect(extras), output: nil, position: position(start))))
    }
}
