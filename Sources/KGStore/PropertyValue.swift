import Foundation

/// A property value as the graph stores it: the typed literals of a triple's object.
///
/// In the triple table's `o` column a value is self-describing, so one SQL expression is one value:
/// strings are TEXT, integers INTEGER, floats REAL, and the rest are BLOBs whose first byte is a
/// tag (`ValueTag`). Dates are ISO 8601 text (`2014`, `2014-10`, `2021-12-10`), marked as dates in
/// the `dt` column so exports can type them (xsd:date, xsd:gYearMonth, xsd:gYear).
public enum PropertyValue: Hashable, Sendable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case boolean(Bool)
    case date(String)
    case list([PropertyValue])

    /// The text form for display and for formats that only have strings.
    public var displayText: String {
        switch self {
        case .string(let s), .date(let s): return s
        case .integer(let i): return String(i)
        case .float(let d): return JSONText.number(d)
        case .boolean(let b): return b ? "true" : "false"
        case .list(let items): return "[" + items.map(\.displayText).joined(separator: ", ") + "]"
        }
    }
}

/// The first byte of a BLOB-encoded value in the `o` column.
public enum ValueTag: UInt8, Sendable {
    case boolean = 1
    /// A list: the tag, then the list as JSON text (UTF-8), floats always with a fraction.
    case list = 2
    /// A map (query values only, never stored as a property): the tag, then a JSON object.
    case map = 3
}

public enum ValueCodec {
    /// The `o` column value and the `dt` column marker for a property value.
    public static func encode(_ value: PropertyValue) -> (SQLValue, String?) {
        switch value {
        case .string(let s): return (.text(s), nil)
        case .integer(let i): return (.integer(i), nil)
        case .float(let d): return (.real(d), nil)
        case .boolean(let b): return (.blob([ValueTag.boolean.rawValue, b ? 1 : 0]), nil)
        case .date(let s): return (.text(s), "date")
        case .list(let items):
            return (.blob([ValueTag.list.rawValue] + Array(JSONText.encode(.list(items)).utf8)), nil)
        }
    }

    public static func decode(_ value: SQLValue, datatype: String? = nil) -> PropertyValue? {
        switch value {
        case .null: return nil
        case .integer(let i): return .integer(i)
        case .real(let d): return .float(d)
        case .text(let s): return datatype == "date" ? .date(s) : .string(s)
        case .blob(let bytes):
            guard let tag = bytes.first.flatMap(ValueTag.init(rawValue:)) else { return nil }
            switch tag {
            case .boolean: return .boolean(bytes.count > 1 && bytes[1] != 0)
            case .list, .map:
                let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
                return JSONText.decodeProperty(text)
            }
        }
    }
}

/// JSON text written the way kg's formats need it: floats always carry a fraction or an exponent,
/// so readers keep integers and floats apart, and keys keep the order they are given in.
public enum JSONText {
    public static func number(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        var text = "\(d)"
        if !text.contains(".") && !text.contains("e") && !text.contains("E") { text += ".0" }
        return text
    }

    public static func string(_ s: String) -> String {
        // Most strings need no escaping: check the bytes once and copy them whole.
        var plain = true
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in s.utf8 {
            // U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
            if byte < 0x20 || byte == 0x22 || byte == 0x5C || (previous == (0xE2, 0x80) && (byte == 0xA8 || byte == 0xA9)) {
                plain = false
                break
            }
            previous = (previous.1, byte)
        }
        if plain { return "\"" + s + "\"" }
        return "\"" + TextEscaping.escape(s) { scalar in
            switch scalar {
            case "\"": "\\\""
            case "\\": "\\\\"
            case "\n": "\\n"
            case "\r": "\\r"
            case "\t": "\\t"
            case "\u{08}": "\\b"
            case "\u{0C}": "\\f"
            case "\u{2028}", "\u{2029}": TextEscaping.unicodeEscape(scalar)
            default: scalar.value < 0x20 ? TextEscaping.unicodeEscape(scalar) : nil
            }
        } + "\""
    }

    public static func encode(_ value: PropertyValue) -> String {
        switch value {
        case .string(let s), .date(let s): return string(s)
        case .integer(let i): return String(i)
        case .float(let d): return d.isFinite ? number(d) : "{\"~float\": \(string(number(d)))}"
        case .boolean(let b): return b ? "true" : "false"
        case .list(let items): return "[" + items.map(encode).joined(separator: ",") + "]"
        }
    }

    /// Reads JSON text into a property value; nil for null, maps, or text that is not JSON.
    public static func decodeProperty(_ text: String) -> PropertyValue? {
        (try? JSONValue.parse(text))?.propertyValue
    }
}
