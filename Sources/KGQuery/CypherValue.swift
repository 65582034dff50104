import KGStore

/// A value in a query's result: Cypher's value model (openCypher 9).
public indirect enum CypherValue: Hashable, Sendable {
    case null
    case boolean(Bool)
    case integer(Int64)
    case float(Double)
    case string(String)
    case list([CypherValue])
    /// Keys in the order they were written; Cypher maps compare as unordered.
    case map([String: CypherValue])
    case node(NodeRecord)
    case relationship(RelationshipRecord)
    /// `nodes.count == relationships.count + 1`; `relationships[i]` joins `nodes[i]` and `nodes[i+1]`
    /// in whichever stored direction it has.
    case path(nodes: [NodeRecord], relationships: [RelationshipRecord])
}

/// What a statement returns: its columns (as `RETURN` names them) and rows.
public struct QueryResult: Sendable {
    public var columns: [String]
    public var rows: [[CypherValue]]
    /// Counters for writing statements (nodes created, properties set, …), for display on stderr.
    public var statistics: [String: Int]

    public init(columns: [String], rows: [[CypherValue]], statistics: [String: Int] = [:]) {
        self.columns = columns
        self.rows = rows
        self.statistics = statistics
    }
}
