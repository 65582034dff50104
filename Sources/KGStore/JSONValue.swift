/// A JSON value that keeps what Foundation's reader loses: integers apart from floats (by the
/// number's text), the full 64-bit integer range, and the order of an object's keys.
public indirect enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case float(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.integer(x), .integer(y)): return x == y
        case let (.float(x), .float(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        case .integer(let i): hasher.combine(i)
        case .float(let d): hasher.combine(d)
        case .string(let s): hasher.combine(s)
        case .array(let a): hasher.combine(a)
        case .object(let o): for (k, v) in o { hasher.combine(k); hasher.combine(v) }
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let pairs) = self { return pairs.first { $0.0 == key }?.1 }
        return nil
    }

    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }

    /// As a property value: scalars and lists of them; a `{"~float": …}` object is a float.
    public var propertyValue: PropertyValue? {
        switch self {
        case .null: return nil
        case .bool(let b): return .boolean(b)
        case .integer(let i): return .integer(i)
        case .float(let d): return .float(d)
        case .string(let s): return .string(s)
        case .array(let items): return .list(items.compactMap(\.propertyValue))
        case .object(let pairs):
            if pairs.count == 1, pairs[0].0 == "~float" {
                switch pairs[0].1 {
                case .float(let d): return .float(d)
                case .integer(let i): return .float(Double(i))
                case .string(let s): return Double(s).map(PropertyValue.float)
                default: return nil
                }
            }
            return nil
        }
    }

    /// Serialises with `JSONText`'s rules (floats keep a fraction, keys in order, compact).
    public var text: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .float(let d): return d.isFinite ? JSONText.number(d) : "{\"~float\":\(JSONText.string(JSONText.number(d)))}"
        case .string(let s): return JSONText.string(s)
        case .array(let a): return "[" + a.map(\.text).joined(separator: ",") + "]"
        case .object(let o): return "{" + o.map { JSONText.string($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
        }
    }

    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public let offset: Int
        public let reason: String
        public var description: String { "\(reason) at character \(offset + 1)" }
    }

    /// Parses one JSON text; the error's offset counts bytes (UTF-8) from the start.
    public static func parse(_ text: String) throws(ParseError) -> JSONValue {
        var text = text
        // withUTF8 only rethrows untyped errors, so the typed one travels out as a Result.
        return try text.withUTF8 { bytes in Result { () throws(ParseError) in try JSONParser.parse(bytes) } }.get()
    }

    /// Parses one JSON text held in a byte buffer (a line of a file being imported).
    public static func parse(bytes: UnsafeBufferPointer<UInt8>) throws(ParseError) -> JSONValue {
        try JSONParser.parse(bytes)
    }
}
