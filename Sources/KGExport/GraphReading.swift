import KGStore

/// Node labels by id for writers that print a relationship's endpoints while streaming.
///
/// Degrees follow a power law, so a small cache answers most look-ups; it is emptied when full,
/// which keeps memory bounded however big the graph.
final class LabelCache {
    private let store: GraphStore
    private var cache: [Int64: [String]] = [:]
    private let capacity: Int

    init(store: GraphStore, capacity: Int = 1 << 16) {
        self.store = store
        self.capacity = capacity
    }

    func labels(of node: Int64) throws -> [String] {
        if let hit = cache[node] { return hit }
        let statement = try store.db.cached("SELECT p FROM triple WHERE s = ? AND k = 0 ORDER BY p")
        try statement.bind(.integer(node), at: 1)
        var labels: [String] = []
        while try statement.step() {
            if let label = statement.string(at: 0) { labels.append(label) }
        }
        statement.reset()
        if cache.count >= capacity { cache.removeAll(keepingCapacity: true) }
        cache[node] = labels
        return labels
    }
}

extension GraphStore {
    /// The distinct labels in the graph, in byte order.
    func allLabels() throws -> [String] {
        try db.rows("SELECT DISTINCT p FROM triple WHERE k = 0 ORDER BY p").compactMap { $0[0].string }
    }

    func nodeCount() throws -> Int {
        Int(try db.scalar("SELECT count(*) FROM node")?.int ?? 0)
    }

    /// The nodes whose `name` is `name`: exactly, else ignoring case, else as an alias.
    func nodes(named name: String) throws -> [Int64] {
        let exact = try db.rows("SELECT s FROM triple WHERE k = 1 AND p = 'name' AND o = ? ORDER BY s", [.text(name)])
            .compactMap { $0[0].int }
        if !exact.isEmpty { return exact }
        let folded = try db.rows("SELECT s FROM triple WHERE k = 1 AND p = 'name' AND o = ? COLLATE NOCASE ORDER BY s", [.text(name)])
            .compactMap { $0[0].int }
        if !folded.isEmpty { return folded }
        var aliased: [Int64] = []
        let statement = try db.prepare("SELECT s, o FROM triple WHERE k = 1 AND p = 'aliases' ORDER BY s")
        while try statement.step() {
            if case .list(let items)? = ValueCodec.decode(statement.value(at: 1)),
               items.contains(where: { $0.displayText == name || $0.displayText.lowercased() == name.lowercased() }) {
                aliased.append(statement.int(at: 0))
            }
        }
        return aliased
    }
}

/// Sorted property keys, the order every writer prints them in (byte order, as SQLite sorts).
@inline(__always)
func sortedKeys(_ properties: [String: PropertyValue]) -> [String] {
    properties.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
}
