import Foundation

/// How names are compared: the same folding the answer keys use (case, accents, punctuation and
/// spacing ignored), plus the variants resolution looks a name up under.
public enum NameFolding {
    /// Case, accents, `'’".,()[]` dropped, `&` as "and", runs of space/`-_/` as one space.
    public static func fold(_ name: String) -> String {
        foldASCII(name) ?? foldUnicode(name)
    }

    static func foldUnicode(_ name: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(name.unicodeScalars.count)
        var pendingSpace = false
        // ASCII and unified Han ideographs (most of the non-ASCII names) have no decomposition,
        // no case and no marks: such a name needs no normalising.
        let plain = name.unicodeScalars.allSatisfy { $0.isASCII || (0x4E00...0x9FFF).contains($0.value) || (0x3400...0x4DBF).contains($0.value) }
        for scalar in plain ? name.unicodeScalars : name.decomposedStringWithCompatibilityMapping.unicodeScalars {
            if !scalar.isASCII {
                let category = scalar.properties.generalCategory
                if category == .nonspacingMark || category == .enclosingMark { continue }
            }
            switch scalar {
            case "\u{2018}", "\u{2019}", "'", "`", "\"", ".", ",", "(", ")", "[", "]", "\u{201C}", "\u{201D}":
                continue
            case "&":
                pendingSpace = true
                if !out.isEmpty { out.unicodeScalars.append(" ") }
                out += "and"
                continue
            case " ", "\t", "\n", "-", "_", "/", "\u{2013}", "\u{2014}", "\u{00A0}":
                pendingSpace = true
                continue
            default:
                break
            }
            if pendingSpace && !out.isEmpty { out.unicodeScalars.append(" ") }
            pendingSpace = false
            if scalar.isASCII {
                out.unicodeScalars.append(scalar.value >= 0x41 && scalar.value <= 0x5A ? Unicode.Scalar(UInt8(scalar.value) + 32) : scalar)
            } else if plain {
                out.unicodeScalars.append(scalar)
            } else {
                for lowered in String(scalar).lowercased().unicodeScalars { out.unicodeScalars.append(lowered) }
            }
        }
        return out
    }

    /// `fold` for pure ASCII text (nearly every name), on bytes: no Unicode decomposition needed.
    /// Nil when the text has a non-ASCII byte.
    static func foldASCII(_ name: String) -> String? {
        var name = name
        return name.withUTF8 { foldASCII($0) }
    }

    static func foldASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var ampersands = 0
        for b in bytes {
            if b >= 0x80 { return nil }
            if b == UInt8(ascii: "&") { ampersands += 1 }
        }
        // Written straight into the string: a short result needs no allocation at all. An "&"
        // becomes " and" and may bring a space before the next word.
        return String(unsafeUninitializedCapacity: bytes.count + 4 * ampersands) { out in
            var n = 0
            var pendingSpace = false
            for b in bytes {
                switch b {
                case UInt8(ascii: "'"), UInt8(ascii: "`"), UInt8(ascii: "\""), UInt8(ascii: "."), UInt8(ascii: ","),
                     UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"):
                    continue
                case UInt8(ascii: "&"):
                    pendingSpace = true
                    if n > 0 { out[n] = UInt8(ascii: " "); n += 1 }
                    out[n] = UInt8(ascii: "a"); out[n + 1] = UInt8(ascii: "n"); out[n + 2] = UInt8(ascii: "d")
                    n += 3
                    continue
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "/"):
                    pendingSpace = true
                    continue
                default:
                    break
                }
                if pendingSpace && n > 0 { out[n] = UInt8(ascii: " "); n += 1 }
                pendingSpace = false
                out[n] = b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b + 32 : b
                n += 1
            }
            return n
        }
    }

    /// The key a name is filed under: folded, without a leading "the".
    public static func key(_ name: String) -> String { key(folded: fold(name)) }

    /// `key` of a name whose `fold` is `f`.
    static func key(folded f: String) -> String {
        if f.hasPrefix("the ") && f.count > 6 { return String(f.dropFirst(4)) }
        return f
    }

    /// A company's name without trailing legal-form words ("Alibaba Group" → "alibaba"); nil when
    /// nothing was dropped or nothing would be left.
    public static func strippedCompanyKey(_ name: String, suffixes: Set<String>) -> String? {
        strippedCompanyKey(key: key(name), suffixes: suffixes)
    }

    /// `strippedCompanyKey` from the name's key.
    static func strippedCompanyKey(key: String, suffixes: Set<String>) -> String? {
        // Most names end in no legal form: look at the last word before splitting.
        guard let space = key.utf8.lastIndex(of: UInt8(ascii: " ")) else { return nil }
        let last = String(key[key.utf8.index(after: space)...])
        guard suffixes.contains(last) || suffixes.contains(last + ".") else { return nil }
        var words = spaceSeparated(key).map(String.init)
        var dropped = false
        while words.count > 1, let last = words.last, suffixes.contains(last) || suffixes.contains(last + ".") {
            words.removeLast()
            dropped = true
        }
        return dropped ? words.joined(separator: " ") : nil
    }

    /// "CVPR Conference" → "cvpr": an acronym followed by the kind of body it is names the same
    /// thing as the acronym alone.
    public static func acronymKey(_ name: String, heads: Set<String>) -> String? {
        guard name.utf8.contains(UInt8(ascii: " ")) else { return nil }
        // Most names' first word has a lower-case letter. In any text a byte "a"…"z" starts a
        // character that is neither a capital nor a digit, and the bytes up to the first space
        // are in the first word.
        let firstWord = name.utf8.drop(while: { $0 == UInt8(ascii: " ") }).prefix(while: { $0 != UInt8(ascii: " ") })
        if firstWord.contains(where: { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) { return nil }
        let words = spaceSeparated(name)
        guard words.count == 2, words[0].count >= 2, words[0].allSatisfy({ $0.isUppercase || $0.isNumber }),
              heads.contains(words[1].lowercased()) else { return nil }
        return key(String(words[0]))
    }

    /// `text.split(separator: " ")`, on bytes when the text is ASCII (where a character is a
    /// byte); names are split into words on every lookup.
    static func spaceSeparated(_ text: String) -> [Substring] {
        let utf8 = text.utf8
        var words: [Substring] = []
        var start: String.Index?
        var i = utf8.startIndex
        while i != utf8.endIndex {
            let b = utf8[i]
            if b >= 0x80 || b == 0x0D { return text.split(separator: " ") }
            if b == UInt8(ascii: " ") {
                if let s = start { words.append(Substring(utf8[s..<i])); start = nil }
            } else if start == nil {
                start = i
            }
            utf8.formIndex(after: &i)
        }
        if let s = start { words.append(Substring(utf8[s...])) }
        return words
    }

    /// Restricted Damerau–Levenshtein distance, stopping early once it exceeds `limit`.
    public static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
        let x = Array(a), y = Array(b)
        if abs(x.count - y.count) > limit { return limit + 1 }
        if x.isEmpty || y.isEmpty { return max(x.count, y.count) }
        var prevPrev = [Int](repeating: 0, count: y.count + 1)
        var prev = Array(0...y.count)
        var cur = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            cur[0] = i
            var rowMin = cur[0]
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { v = min(v, prevPrev[j - 2] + 1) }
                cur[j] = v
                rowMin = min(rowMin, v)
            }
            if rowMin > limit { return limit + 1 }
            (prevPrev, prev, cur) = (prev, cur, prevPrev)
        }
        return prev[y.count]
    }
}

extension StringProtocol {
    /// `trimmingCharacters(in: .whitespaces)` (spaces and tabs) without the trip through
    /// NSString: names are trimmed on every lookup.
    func trimmedSpaces() -> String {
        func isSpace(_ s: Unicode.Scalar) -> Bool {
            s == " " || s == "\t" || (!s.isASCII && s.properties.generalCategory == .spaceSeparator)
        }
        let string = String(self)
        let scalars = string.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return "" }
        if !isSpace(first) && !isSpace(last) { return string }
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, isSpace(scalars[start]) { start = scalars.index(after: start) }
        while end > start, isSpace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(Substring(scalars[start..<end]))
    }
}
