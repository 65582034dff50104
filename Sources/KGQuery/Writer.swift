import CSQLite
import Foundation
import KGStore

/// Applies writing clauses row by row (inside the statement's transaction) and keeps the
/// counters users see after a write.
struct Writer {
    let store: GraphStore
    let params: [SQLValue]
    var stats: [String: Int] = [:]
    var db: Database { store.db }

    init(store: GraphStore, params: [SQLValue]) {
        self.store = store
        self.params = params
    }

    mutating func count(_ key: String, _ n: Int = 1) { stats[key, default: 0] += n }

    func rows(_ sql: String) throws -> [[SQLValue]] {
        let s = try db.prepare(sql)
        try QueryEngine.bind(s, params)
        var out: [[SQLValue]] = []
        let n = s.columnCount
        while try s.step() { out.append((0..<n).map { s.value(at: $0) }) }
        return out
    }

    func createTable(_ name: String, _ columns: [String]) throws {
        try db.execute("DROP TABLE IF EXISTS temp.\(name)")
        try db.execute("CREATE TEMP TABLE \(name)(kg_row\(columns.map { ", " + $0 }.joined()))")
    }

    func insert(_ table: String, _ values: [SQLValue]) throws {
        let placeholders = (["NULL"] + values.map { _ in "?" }).joined(separator: ", ")
        try db.run("INSERT INTO temp.\(table) VALUES (\(placeholders))", values)
    }

    mutating func run(_ step: WriteStep) throws {
        let input = try rows(step.sql)
        let n = step.inputColumns.count
        switch step.kind {
        case .create(let plan):
            if let output = step.output { try createTable(output, step.outputColumns) }
            for row in input {
                let created = try create(plan, row)
                if let output = step.output { try insert(output, Array(row.prefix(n)) + created) }
            }
        case .merge(let plan):
            try createTable(plan.mergeInput, step.inputColumns.map(\.sql))
            try createTable(step.output!, step.outputColumns)
            for row in input {
                let inputRow = Array(row.prefix(n))
                try db.run("DELETE FROM temp.\(plan.mergeInput)")
                try insert(plan.mergeInput, inputRow)
                let matched = try rows(plan.matchSQL)
                if matched.isEmpty {
                    for (i, v) in row.enumerated() where i >= n {
                        if case .map(let m) = ValCodec.decode(v), m.values.contains(where: \.isNull) {
                            throw QueryError(.semanticError, "MergeReadOwnWrites", "cannot merge using a null property value", position: step.position)
                        }
                    }
                    let created = try create(plan.create, row)
                    try insert(step.output!, inputRow + created + [.integer(1)])
                } else {
                    for m in matched {
                        let values = step.inputColumns.isEmpty && m.count == 1 && step.outputColumns.count == 1 ? [] : m
                        try insert(step.output!, values + [.integer(0)])
                    }
                }
            }
        case .setProperty(let key):
            for row in input {
                try setProperty(ValCodec.decode(row[n]), key, ValCodec.decode(row[n + 1]), at: step.position)
            }
        case .setAllProperties(let merge):
            for row in input {
                let target = ValCodec.decode(row[n])
                var value = ValCodec.decode(row[n + 1])
                if target.isNull { continue }
                switch value {
                case .node(let id): value = .map(try GraphReader(db: db).properties(id))
                case .rel(let id): value = .map(try GraphReader(db: db).relationshipProperties(id))
                default: break
                }
                guard case .map(let m) = value else {
                    if value.isNull && !merge { try clearProperties(target); continue }
                    throw QueryError(.typeError, "InvalidArgumentType", "SET expects a Map, got \(value.typeName)", position: step.position)
                }
                if !merge { try clearProperties(target, keeping: Set(m.keys)) }
                for key in m.keys.sorted() { try setProperty(target, key, m[key]!, at: step.position) }
            }
        case .setLabels(let labels):
            for row in input {
                switch ValCodec.decode(row[n]) {
                case .null: continue
                case .node(let id):
                    for label in labels where try db.scalar("SELECT 1 FROM triple WHERE s = ? AND k = 0 AND p = ?", [.integer(id), .text(label)]) == nil {
                        try store.addLabel(label, to: id)
                        count("labels-added")
                    }
                case let v: throw QueryError(.typeError, "InvalidArgumentType", "cannot set labels on \(v.typeName)", position: step.position)
                }
            }
        case .removeProperty(let key):
            for row in input {
                try setProperty(ValCodec.decode(row[n]), key, .null, at: step.position)
            }
        case .removeLabels(let labels):
            for row in input {
                switch ValCodec.decode(row[n]) {
                case .null: continue
                case .node(let id):
                    for label in labels where try db.scalar("SELECT 1 FROM triple WHERE s = ? AND k = 0 AND p = ?", [.integer(id), .text(label)]) != nil {
                        try store.removeLabel(label, from: id)
                        count("labels-removed")
                    }
                case let v: throw QueryError(.typeError, "InvalidArgumentType", "cannot remove labels from \(v.typeName)", position: step.position)
                }
            }
        case .delete(let detach):
            var nodes: [Int64] = [], rels: [Int64] = []
            for row in input {
                for v in row[n...] {
                    switch ValCodec.decode(v) {
                    case .null: continue
                    case .node(let id): nodes.append(id)
                    case .rel(let id): rels.append(id)
                    case .path(let ns, let rs): nodes += ns; rels += rs
                    case let other:
                        throw QueryError(.typeError, "InvalidArgumentType", "DELETE expects a node, relationship or path, got \(other.typeName)", position: step.position)
                    }
                }
            }
            for id in Set(rels) where try db.scalar("SELECT 1 FROM triple WHERE id = ? AND k = 2", [.integer(id)]) != nil {
                try db.run("DELETE FROM triple WHERE id = ? AND k = 2", [.integer(id)])
                count("relationships-deleted")
            }
            var seen = Set<Int64>()
            for id in nodes where seen.insert(id).inserted {
                guard try store.nodeExists(id) else { continue }
                // Written as two index look-ups: with `k = 2 AND (s = ?1 OR o = ?1)` SQLite scans
                // every relationship in POS instead.
                if detach {
                    try db.run("""
                        DELETE FROM triple WHERE id IN (SELECT id FROM triple WHERE s = ?1 AND k = 2
                                                        UNION ALL SELECT id FROM triple WHERE o = ?1 AND k = 2)
                        """, [.integer(id)])
                    count("relationships-deleted", db.changes)
                } else if try db.scalar("SELECT 1 FROM triple WHERE s = ?1 AND k = 2 UNION ALL SELECT 1 FROM triple WHERE o = ?1 AND k = 2 LIMIT 1", [.integer(id)]) != nil {
                    throw QueryError(.constraintVerificationFailed, "DeleteConnectedNode",
                                     "cannot delete node \(id) because it still has relationships; use DETACH DELETE", position: step.position)
                }
                try db.run("DELETE FROM triple WHERE s = ?", [.integer(id)])
                try db.run("DELETE FROM node WHERE id = ?", [.integer(id)])
                count("nodes-deleted")
            }
        }
    }

    /// Creates one row's pattern; returns the values of the new variables.
    mutating func create(_ plan: CreatePlan, _ row: [SQLValue]) throws -> [SQLValue] {
        func properties(_ index: Int?) throws -> [(String, Val)] {
            guard let index, case .map(let m) = ValCodec.decode(row[index]) else { return [] }
            return m.keys.sorted().map { ($0, m[$0]!) }
        }
        var nodeIDs: [Int64] = []
        for source in plan.nodes {
            switch source {
            case .existing(let column):
                switch ValCodec.decode(row[column]) {
                case .int(let id), .node(let id): nodeIDs.append(id)
                case .null: throw QueryError(.semanticError, "CreatingOnNull", "cannot create a relationship to a null node")
                case let v: throw QueryError(.typeError, "InvalidArgumentType", "expected a Node but got \(v.typeName)")
                }
            case .new(let labels, let props):
                let id = try store.createNode()
                count("nodes-created")
                for label in labels where try db.scalar("SELECT 1 FROM triple WHERE s = ? AND k = 0 AND p = ?", [.integer(id), .text(label)]) == nil {
                    try store.addLabel(label, to: id)
                    count("labels-added")
                }
                for (key, value) in try properties(props) where !value.isNull {
                    try setNodeProperty(id, key, value)
                }
                nodeIDs.append(id)
            }
        }
        var relIDs: [Int64] = []
        for spec in plan.rels {
            let id = try store.addRelationship(from: nodeIDs[spec.from], type: spec.type, to: nodeIDs[spec.to])
            count("relationships-created")
            for (key, value) in try properties(spec.properties) where !value.isNull {
                try setRelProperty(id, key, value)
            }
            relIDs.append(id)
        }
        var out: [SQLValue] = []
        for o in plan.outputs {
            switch o {
            case .node(let i): out.append(.integer(nodeIDs[i]))
            case .rel(let i): out.append(.integer(relIDs[i]))
            case .path(let i):
                let p = plan.paths[i]
                out.append(ValCodec.encode(.path(nodes: p.nodes.map { nodeIDs[$0] }, rels: p.rels.map { relIDs[$0] })))
            }
        }
        return out
    }

    func propertyValue(_ key: String, _ value: Val) throws -> PropertyValue {
        guard let p = ValCodec.property(value) else {
            throw QueryError(.typeError, "InvalidPropertyType", "property '\(key)' cannot hold a \(value.typeName)")
        }
        return p
    }

    mutating func setNodeProperty(_ id: Int64, _ key: String, _ value: Val) throws {
        if value.isNull {
            if try store.property(key, of: id) != nil { try store.removeProperty(key, from: id) }
            count("properties-set")
            return
        }
        try store.setProperty(key, try propertyValue(key, value), on: id)
        count("properties-set")
    }

    /// Relationship properties: provenance keys of the right type live in their columns, the
    /// rest in the `qual` JSON object, as `GraphStore.relationshipRecord` reads them.
    mutating func setRelProperty(_ id: Int64, _ key: String, _ value: Val) throws {
        var column: String?
        switch (key, value) {
        case ("date", .string), ("evidence", .string), ("extractor", .string), ("confidence", .float): column = key
        default: break
        }
        let property: PropertyValue? = value.isNull ? nil : try propertyValue(key, value)
        var pairs: [(String, JSONValue)] = []
        if case .text(let q)? = try db.scalar("SELECT qual FROM triple WHERE id = ?", [.integer(id)]),
           case .object(let existing)? = try? JSONValue.parse(q) {
            pairs = existing.filter { $0.0 != key }
        }
        if column == nil, let property { pairs.append((key, JSONValue(property: property))) }
        pairs.sort { $0.0 < $1.0 }
        let qual: SQLValue = pairs.isEmpty ? .null : .text(JSONValue.object(pairs).text)
        try db.run("UPDATE triple SET qual = ? WHERE id = ?", [qual, .integer(id)])
        for provenance in ["date", "evidence", "extractor", "confidence"] where provenance == key {
            // The column name comes from this fixed list, never from the query.
            let stored: SQLValue = column != nil ? ValCodec.encode(value) : .null
            try db.run("UPDATE triple SET \(provenance) = ? WHERE id = ?", [stored, .integer(id)])
        }
        count("properties-set")
    }

    mutating func setProperty(_ target: Val, _ key: String, _ value: Val, at position: SourcePosition?) throws {
        switch target {
        case .null: return
        case .node(let id): try setNodeProperty(id, key, value)
        case .rel(let id): try setRelProperty(id, key, value)
        default: throw QueryError(.typeError, "InvalidArgumentType", "cannot set a property on \(target.typeName)", position: position)
        }
    }

    mutating func clearProperties(_ target: Val, keeping: Set<String> = []) throws {
        switch target {
        case .node(let id):
            for (key, _) in try GraphReader(db: db).properties(id) where !keeping.contains(key) { try setNodeProperty(id, key, .null) }
        case .rel(let id):
            for (key, _) in try GraphReader(db: db).relationshipProperties(id) where !keeping.contains(key) { try setRelProperty(id, key, .null) }
        default: break
        }
    }
}
