import KGStore

/// What can go wrong exporting or importing, with what the user needs to find the cause.
public enum ExportError: Error, CustomStringConvertible, Sendable {
    case cannotWrite(String, reason: String)
    case cannotRead(String, reason: String)
    /// A line of a JSON-lines file that cannot be imported: `file:line: reason`.
    case malformedLine(file: String, line: Int, reason: String)
    case noSuchNode(String)
    case graphvizMissing
    case graphvizFailed(status: Int32, message: String)
    case invalidOption(String)
    case store(String)

    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): return "\(path): cannot write: \(reason)"
        case .cannotRead(let path, let reason): return "\(path): cannot read: \(reason)"
        case .malformedLine(let file, let line, let reason): return "\(file):\(line): \(reason)"
        case .noSuchNode(let name): return "no node named \(JSONText.string(name)) in the graph"
        case .graphvizMissing:
            return "Graphviz's `dot` is not installed (on Debian/Ubuntu: apt-get install graphviz); "
                + "export --format dot and render the file elsewhere"
        case .graphvizFailed(let status, let message):
            return "Graphviz's dot failed (exit status \(status))" + (message.isEmpty ? "" : ": \(message)")
        case .invalidOption(let message): return message
        case .store(let message): return message
        }
    }
}
