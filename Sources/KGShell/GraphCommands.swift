import Foundation
import KGQuery
import KGStore

/// The exploring dot-commands: `.schema`, `.stats`, `.find`, `.show`, `.neighbors`, `.path`, `.why`.
/// Those that return part of the graph leave it as the last result, so `.why` and `.dot` follow.
extension Shell {
    func showSchema() throws {
        let schema = try catalog.schema()
        var rows: [[CypherValue]] = []
        for (name, count) in schema.labels { rows.append([.string("label"), .string(name), .integer(Int64(count))]) }
        for (name, count) in schema.relationshipTypes { rows.append([.string("relationship type"), .string(name), .integer(Int64(count))]) }
        for (name, count) in schema.propertyKeys { rows.append([.string("property key"), .string(name), .integer(Int64(count))]) }
        try emit(QueryResult(columns: ["kind", "name", "count"], rows: rows), footer: false)
    }

    func showStats() throws {
        let stats = try store.stats()
        let pairs: [(String, String)] = [
            ("graph", store.path),
            ("file size", ByteCountFormatter.string(fromByteCount: stats.fileBytes, countStyle: .file)),
            ("documents", String(stats.documents)),
            ("nodes", String(stats.nodes)),
            ("relationships", String(stats.relationships)),
            ("triples", String(stats.triples)),
        ]
        var out = pairs.map { DisplayWidth.pad($0.0, toColumns: 14) + $0.1 }.joined(separator: "\n") + "\n"
        if !stats.labels.isEmpty {
            out += "\nnodes per label\n" + stats.labels.map { "  " + DisplayWidth.pad($0.0, toColumns: 24) + " \($0.1)" }.joined(separator: "\n") + "\n"
        }
        if !stats.relationshipTypes.isEmpty {
            out += "\nrelationships per type\n" + stats.relationshipTypes.map { "  " + DisplayWidth.pad($0.0, toColumns: 24) + " \($0.1)" }.joined(separator: "\n") + "\n"
        }
        try emitText(out)
    }

    func find(_ text: String) throws {
        let matches = try catalog.matches(of: text)
        var rows: [[CypherValue]] = []
        for match in matches {
            try checkInterrupt()
            let labels = try store.node(match.node)?.labels ?? []
            rows.append([.string(match.name), .string(labels.map { ":" + $0 }.joined()),
                         .string(match.matched == match.name ? "" : match.matched)])
        }
        if rows.isEmpty {
            try emitText("No entity matches '\(text)'.\n")
            return
        }
        try emit(QueryResult(columns: ["name", "labels", "alias"], rows: rows), footer: true)
    }

    /// The nodes `name` stands for; a helpful error (with near misses) when there are none.
    func resolve(_ name: String) throws -> [NodeRecord] {
        let ids = try catalog.nodes(named: name)
        if ids.isEmpty {
            let near = try catalog.matches(of: name, limit: 5).map(\.name)
            var message = "no entity named '\(name)'"
            if !near.isEmpty { message += "; did you mean: " + near.map { "'\($0)'" }.joined(separator: ", ") + "?" }
            throw ShellError(message)
        }
        return try ids.compactMap { try store.node($0) }
    }

    /// One node for commands that need exactly one; a note on stderr when the name is shared.
    func resolveOne(_ name: String) throws -> NodeRecord {
        let nodes = try resolve(name)
        if nodes.count > 1 {
            Console.error("note: \(nodes.count) entities are named '\(name)'; using \(Self.describe(nodes[0])) (#\(nodes[0].id))\n")
        }
        return nodes[0]
    }

    static func displayName(_ node: NodeRecord) -> String { node.name ?? "#\(node.id)" }

    static func describe(_ node: NodeRecord) -> String {
        displayName(node) + (node.labels.isEmpty ? "" : " (" + node.labels.map { ":" + $0 }.joined() + ")")
    }

    func show(_ name: String) throws {
        var out = ""
        var rows: [[CypherValue]] = []
        var cache: [Int64: NodeRecord] = [:]
        func node(_ id: Int64) throws -> NodeRecord {
            if let n = cache[id] { return n }
            let n = try store.node(id) ?? NodeRecord(id: id, labels: [], properties: [:])
            cache[id] = n
            return n
        }
        for entity in try resolve(name) {
            cache[entity.id] = entity
            if !out.isEmpty { out += "\n" }
            out += Self.displayName(entity) + "  " + (entity.labels.isEmpty ? "(no label)" : entity.labels.map { ":" + $0 }.joined())
                + "  #\(entity.id)\n"
            let keys = entity.properties.keys.filter { $0 != "name" && $0 != "aliases" }.sorted()
            let width = (keys.map(DisplayWidth.columns).max() ?? 0) + 1
            for key in keys {
                out += "  " + DisplayWidth.pad(key + ":", toColumns: width) + " " + (entity.properties[key]?.displayText ?? "") + "\n"
            }
            if case .list(let aliases)? = entity.properties["aliases"], !aliases.isEmpty {
                out += "  aliases: " + aliases.map(\.displayText).joined(separator: ", ") + "\n"
            }
            let (outgoing, incoming) = try catalog.relationships(of: entity.id)
            if !outgoing.isEmpty {
                out += "  out (\(outgoing.count)):\n"
                for rel in outgoing {
                    let other = try node(rel.end)
                    out += "    -[:\(rel.type)\(Self.dateSuffix(rel))]-> \(Self.describe(other))\n"
                    rows.append([.node(entity), .relationship(rel), .node(other)])
                }
            }
            if !incoming.isEmpty {
                out += "  in (\(incoming.count)):\n"
                for rel in incoming {
                    let other = try node(rel.start)
                    out += "    <-[:\(rel.type)\(Self.dateSuffix(rel))]- \(Self.describe(other))\n"
                    rows.append([.node(other), .relationship(rel), .node(entity)])
                }
            }
            if outgoing.isEmpty && incoming.isEmpty { out += "  no relationships\n" }
        }
        setLastResult(QueryResult(columns: ["a", "r", "b"], rows: rows))
        try emitText(out)
    }

    static func dateSuffix(_ rel: RelationshipRecord) -> String {
        guard let date = rel.properties["date"]?.displayText else { return "" }
        return " " + date
    }

    func neighbors(_ name: String, depth: Int, limit: Int = 2000) throws {
        let start = try resolveOne(name)
        var nodes: [Int64: NodeRecord] = [start.id: start]
        var seenRelationships = Set<Int64>()
        var frontier = [start.id]
        var rows: [[CypherValue]] = []
        var table: [[CypherValue]] = []
        var truncated = false
        func node(_ id: Int64) throws -> NodeRecord {
            if let n = nodes[id] { return n }
            let n = try store.node(id) ?? NodeRecord(id: id, labels: [], properties: [:])
            nodes[id] = n
            return n
        }
        walk: for level in 1...depth {
            var next: [Int64] = []
            for id in frontier {
                try checkInterrupt()
                let (outgoing, incoming) = try catalog.relationships(of: id)
                for rel in outgoing + incoming where !seenRelationships.contains(rel.id) {
                    if rows.count >= limit { truncated = true; break walk }
                    seenRelationships.insert(rel.id)
                    let otherID = rel.start == id ? rel.end : rel.start
                    let isNew = nodes[otherID] == nil
                    let a = try node(rel.start), b = try node(rel.end)
                    if isNew { next.append(otherID) }
                    rows.append([.node(a), .relationship(rel), .node(b)])
                    table.append([.integer(Int64(level)), .string(Self.describe(a)),
                                  .string("-[:\(rel.type)\(Self.dateSuffix(rel))]->"), .string(Self.describe(b))])
                }
            }
            frontier = next
        }
        setLastResult(QueryResult(columns: ["a", "r", "b"], rows: rows))
        if truncated { Console.error("note: stopped at \(limit) relationships; ask for a smaller DEPTH\n") }
        if table.isEmpty {
            try emitText("\(Self.describe(start)) has no relationships.\n")
            return
        }
        try emit(QueryResult(columns: ["depth", "from", "relationship", "to"], rows: table))
    }

    /// Breadth-first over relationships in either direction, up to `maxDepth` hops.
    func path(from a: String, to b: String, maxDepth: Int = 8) throws {
        let source = try resolveOne(a), target = try resolveOne(b)
        var parent: [Int64: (node: Int64, rel: RelationshipRecord)?] = [source.id: nil]
        var frontier = [source.id]
        var found = source.id == target.id
        var depth = 0
        while !found && !frontier.isEmpty && depth < maxDepth {
            depth += 1
            var next: [Int64] = []
            for id in frontier where !found {
                try checkInterrupt()
                let (outgoing, incoming) = try catalog.relationships(of: id)
                for rel in outgoing + incoming {
                    let other = rel.start == id ? rel.end : rel.start
                    if parent[other] != nil { continue }
                    parent[other] = (id, rel)
                    if other == target.id { found = true; break }
                    next.append(other)
                }
            }
            frontier = next
        }
        guard found else {
            throw ShellError("no path between '\(Self.displayName(source))' and '\(Self.displayName(target))' within \(maxDepth) relationships")
        }
        var nodeIDs = [target.id]
        var rels: [RelationshipRecord] = []
        var cursor = target.id
        while let step = parent[cursor] ?? nil {
            rels.insert(step.rel, at: 0)
            nodeIDs.insert(step.node, at: 0)
            cursor = step.node
        }
        let nodes = try nodeIDs.map { try store.node($0) ?? NodeRecord(id: $0, labels: [], properties: [:]) }
        setLastResult(QueryResult(columns: ["path"], rows: [[.path(nodes: nodes, relationships: rels)]]))
        var text = Self.describe(nodes[0])
        for (i, rel) in rels.enumerated() {
            let forward = rel.start == nodes[i].id
            text += forward ? "\n  -[:\(rel.type)\(Self.dateSuffix(rel))]-> " : "\n  <-[:\(rel.type)\(Self.dateSuffix(rel))]- "
            text += Self.describe(nodes[i + 1])
        }
        try emitText(text + "\n(\(rels.count) relationship\(rels.count == 1 ? "" : "s"))\n")
    }

    /// Every relationship in a value, in the order met, each once.
    static func relationships(in values: [CypherValue], into found: inout [RelationshipRecord], seen: inout Set<Int64>) {
        for value in values {
            switch value {
            case .relationship(let rel):
                if seen.insert(rel.id).inserted { found.append(rel) }
            case .path(_, let rels):
                for rel in rels where seen.insert(rel.id).inserted { found.append(rel) }
            case .list(let items):
                relationships(in: items, into: &found, seen: &seen)
            case .map(let map):
                relationships(in: map.keys.sorted().map { map[$0]! }, into: &found, seen: &seen)
            default:
                break
            }
        }
    }

    func why() throws {
        guard let last = lastResult else { throw ShellError("no result yet: run a query (or .show, .neighbors, .path) first") }
        var rels: [RelationshipRecord] = []
        var seen = Set<Int64>()
        for row in last.rows { Self.relationships(in: row, into: &rels, seen: &seen) }
        guard !rels.isEmpty else { throw ShellError("the last result has no relationships; return r from a pattern such as (a)-[r]->(b)") }
        var names: [Int64: String] = [:]
        func name(_ id: Int64) throws -> String {
            if let n = names[id] { return n }
            let n = try store.node(id).map(Self.displayName) ?? "#\(id)"
            names[id] = n
            return n
        }
        var rows: [[CypherValue]] = []
        var text = ""
        for given in rels {
            try checkInterrupt()
            // Read it again: the stored row has the document's path even when the query left it out.
            let rel = try store.relationship(given.id) ?? given
            func prop(_ key: String) -> CypherValue { rel.properties[key].map(CypherValue.init(property:)) ?? .null }
            let from = try name(rel.start), to = try name(rel.end)
            rows.append([.string(from), .string(rel.type), .string(to), prop("date"), prop("source"), prop("evidence"), prop("extractor"), prop("confidence")])
            text += "\(from) -[:\(rel.type)]-> \(to)\(Self.dateSuffix(rel).isEmpty ? "" : "  (" + Self.dateSuffix(rel).dropFirst() + ")")\n"
            text += "  source:     \(rel.properties["source"]?.displayText ?? "(none recorded)")\n"
            text += "  rule:       \(rel.properties["extractor"]?.displayText ?? "(none recorded)")\n"
            if let confidence = rel.properties["confidence"]?.displayText { text += "  confidence: \(confidence)\n" }
            text += "  evidence:   \(rel.properties["evidence"]?.displayText ?? "(none recorded)")\n\n"
        }
        if options.mode == .table || options.mode == .line {
            try emitText(text)
        } else {
            try emit(QueryResult(columns: ["from", "type", "to", "date", "source", "evidence", "rule", "confidence"], rows: rows))
        }
    }
}
