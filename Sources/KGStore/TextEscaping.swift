/// Rewrites text scalar by scalar for one output format's quoting rules (JSON, N-Triples, XML,
/// Cypher literals, TSV, terminal cells). Each format states only its table; the loop, the
/// no-copy path for text that needs nothing, and the `\uXXXX` spelling live here once.
public enum TextEscaping {
    /// `text` with every scalar for which `replacement` returns a string replaced by it.
    public static func escape(_ text: String, _ replacement: (Unicode.Scalar) -> String?) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { replacement($0) != nil }) else { return text }
        var out = String(scalars[..<first])
        out.reserveCapacity(text.utf8.count + 16)
        for scalar in scalars[first...] {
            if let replaced = replacement(scalar) { out += replaced } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    /// `\u` and four hex digits (the scalar must be in the BMP), as JSON and N-Triples spell controls.
    public static func unicodeEscape(_ scalar: Unicode.Scalar, uppercase: Bool = false) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: uppercase)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
