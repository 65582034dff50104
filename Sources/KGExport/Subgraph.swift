import KGQuery
import KGStore

/// A part of the graph to draw or write: some nodes and relationships between them, in order.
public struct Subgraph: Sendable, Equatable {
    public var nodes: [NodeRecord]
    public var relationships: [RelationshipRecord]
    /// Nodes drawn with a heavier outline: the centre of a neighbourhood.
    public var highlighted: Set<Int64>

    public init(nodes: [NodeRecord], relationships: [RelationshipRecord], highlighted: Set<Int64> = []) {
        self.nodes = nodes
        self.relationships = relationships
        self.highlighted = highlighted
    }

    /// The nodes, relationships and paths a query returned (also inside lists and maps), each
    /// once, in id order. A relationship's end that the result does not hold is looked up in
    /// `store` when there is one, so every edge has both its ends.
    public init(result: QueryResult, store: GraphStore? = nil) throws {
        var nodes: [Int64: NodeRecord] = [:]
        var relationships: [Int64: RelationshipRecord] = [:]
        func collect(_ value: CypherValue) {
            switch value {
            case .node(let n): nodes[n.id] = n
            case .relationship(let r): relationships[r.id] = r
            case .path(let ns, let rs):
                for n in ns { nodes[n.id] = n }
                for r in rs { relationships[r.id] = r }
            case .list(let items): items.forEach(collect)
            case .map(let entries): entries.values.forEach(collect)
            case .null, .boolean, .integer, .float, .string: break
            }
        }
        for row in result.rows { row.forEach(collect) }
        for r in relationships.values {
            for end in [r.start, r.end] where nodes[end] == nil {
                nodes[end] = try store?.node(end) ?? NodeRecord(id: end, labels: [], properties: [:])
            }
        }
        self.nodes = nodes.values.sorted { $0.id < $1.id }
        self.relationships = relationships.values.sorted { $0.id < $1.id }
        self.highlighted = []
    }

    /// The nodes within `depth` relationships of the node(s) called `name` (either direction),
    /// nearest first, at most `maxNodes` of them, and every relationship among them.
    public static func neighbourhood(of name: String, depth: Int, in store: GraphStore, maxNodes: Int? = nil) throws -> Subgraph {
        let roots = try store.nodes(named: name)
        guard !roots.isEmpty else { throw ExportError.noSuchNode(name) }
        return try neighbourhood(of: roots, depth: depth, in: store, maxNodes: maxNodes)
    }

    public static func neighbourhood(of roots: [Int64], depth: Int, in store: GraphStore, maxNodes: Int? = nil) throws -> Subgraph {
        let limit = maxNodes.flatMap { $0 > 0 ? $0 : nil } ?? .max
        var order: [Int64] = []
        var seen = Set<Int64>()
        for root in roots.sorted() where order.count < limit && seen.insert(root).inserted { order.append(root) }
        var frontier = order
        var level = 0
        let outgoing = try store.db.prepare("SELECT o FROM triple WHERE s = ? AND k = 2")
        let incoming = try store.db.prepare("SELECT s FROM triple WHERE o = ? AND k = 2")
        while level < depth, !frontier.isEmpty, order.count < limit {
            var next = Set<Int64>()
            for node in frontier {
                for statement in [outgoing, incoming] {
                    statement.reset()
                    try statement.bind(.integer(node), at: 1)
                    while try statement.step() {
                        let other = statement.int(at: 0)
                        if !seen.contains(other) { next.insert(other) }
                    }
                }
            }
            frontier = []
            for node in next.sorted() where order.count < limit {
                seen.insert(node)
                order.append(node)
                frontier.append(node)
            }
            level += 1
        }
        var nodes: [NodeRecord] = []
        var relationships: [RelationshipRecord] = []
        let edges = try store.db.prepare("SELECT id, o FROM triple WHERE s = ? AND k = 2 ORDER BY id")
        for id in order {
            guard let node = try store.node(id) else { continue }
            nodes.append(node)
            edges.reset()
            try edges.bind(.integer(id), at: 1)
            var ids: [Int64] = []
            while try edges.step() {
                if seen.contains(edges.int(at: 1)) { ids.append(edges.int(at: 0)) }
            }
            for rid in ids { if let r = try store.relationship(rid) { relationships.append(r) } }
        }
        relationships.sort { $0.id < $1.id }
        return Subgraph(nodes: nodes, relationships: relationships, highlighted: Set(roots))
    }
}
