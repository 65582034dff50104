/// What can go wrong opening or using a graph file, in words a user can act on.
public enum StoreError: Error, CustomStringConvertible, Sendable {
    case missingFile(String)
    case notAGraph(String, reason: String)
    case newerSchema(String, found: Int32, supported: Int32)
    case readOnly(String)
    case sqlite(SQLiteError)
    case invalid(String)

    public var description: String {
        switch self {
        case .missingFile(let path): return "\(path): no such graph file"
        case .notAGraph(let path, let reason): return "\(path): not a kg graph (\(reason))"
        case .newerSchema(let path, let found, let supported):
            return "\(path): made by a newer kg (schema version \(found); this kg reads up to \(supported)); upgrade kg to open it"
        case .readOnly(let path): return "\(path): the graph file is read-only"
        case .sqlite(let e): return e.description
        case .invalid(let message): return message
        }
    }
}
