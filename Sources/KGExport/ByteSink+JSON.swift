import KGStore

extension ByteSink {
    /// A JSON string, escaped exactly as `JSONText.string` does (so either writer's output reads
    /// back the same), but byte by byte into the buffer.
    public func writeJSONString(_ string: String) {
        write(UInt8(ascii: "\""))
        var s = string
        s.withUTF8 { bytes in
            var start = 0
            var i = 0
            let n = bytes.count
            while i < n {
                let c = bytes[i]
                let escape: StaticString?
                var width = 1
                switch c {
                case UInt8(ascii: "\""): escape = "\\\""
                case UInt8(ascii: "\\"): escape = "\\\\"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0x08: escape = "\\b"
                case 0x0C: escape = "\\f"
                case 0xE2 where i + 2 < n && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9):
                    // U+2028 and U+2029 are valid JSON but end lines in JavaScript.
                    escape = bytes[i + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                    width = 3
                default:
                    escape = c < 0x20 ? "" : nil
                }
                if let escape {
                    if start < i { write(UnsafeBufferPointer(rebasing: bytes[start..<i])) }
                    if escape.utf8CodeUnitCount > 0 {
                        escape.withUTF8Buffer { write($0) }
                    } else {
                        write("\\u00")
                        write(Self.hexDigits[Int(c >> 4)])
                        write(Self.hexDigits[Int(c & 0xF)])
                    }
                    i += width
                    start = i
                } else {
                    i += 1
                }
            }
            if start < n { write(UnsafeBufferPointer(rebasing: bytes[start..<n])) }
        }
        write(UInt8(ascii: "\""))
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// A property value as JSON (floats keep a fraction; non-finite floats as `{"~float":…}`).
    public func writeJSON(_ value: PropertyValue) {
        switch value {
        case .string(let s), .date(let s): writeJSONString(s)
        case .integer(let i): write(i)
        case .float(let d):
            if d.isFinite { write(JSONText.number(d)) } else { write(JSONText.encode(value)) }
        case .boolean(let b): write(b ? "true" : "false")
        case .list(let items):
            write(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { write(UInt8(ascii: ",")) }
                writeJSON(item)
            }
            write(UInt8(ascii: "]"))
        }
    }
}
