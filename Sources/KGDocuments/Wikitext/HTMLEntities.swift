/// The HTML character references that occur in article wikitext.
enum HTMLEntities {
    static let named: [String: String] = [
        "nbsp": " ", "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "ndash": "–", "mdash": "—",
        "minus": "−", "thinsp": " ", "ensp": " ", "emsp": " ", "hairsp": " ", "hellip": "…", "times": "×",
        "middot": "·", "bull": "•", "deg": "°", "prime": "′", "Prime": "″", "lsquo": "‘", "rsquo": "’",
        "ldquo": "“", "rdquo": "”", "laquo": "«", "raquo": "»", "copy": "©", "reg": "®", "trade": "™",
        "euro": "€", "pound": "£", "yen": "¥", "cent": "¢", "sect": "§", "para": "¶", "frac12": "½",
        "frac14": "¼", "frac34": "¾", "zwj": "", "zwnj": "", "shy": "", "lrm": "", "rlm": "",
    ]

    /// Decodes `&name;`, `&#NNN;` or `&#xHH;` at `k`: the text and the reference's length.
    static func decode(_ p: UnsafeBufferPointer<UInt8>, at k: Int, end: Int? = nil) -> (String, Int)? {
        let limit = min(end ?? p.count, k + 12)
        var e = k + 1
        while e < limit, p[e] != UInt8(ascii: ";") {
            let c = p[e]
            let ok = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == UInt8(ascii: "#")
            guard ok else { return nil }
            e += 1
        }
        guard e < limit, e > k + 1 else { return nil }
        let body = String(decoding: UnsafeBufferPointer(rebasing: p[(k + 1)..<e]), as: UTF8.self)
        if body.hasPrefix("#") {
            var digits = body.dropFirst()
            var radix = 10
            if digits.first == "x" || digits.first == "X" {
                digits = digits.dropFirst()
                radix = 16
            }
            guard let value = UInt32(digits, radix: radix), let scalar = Unicode.Scalar(value) else { return nil }
            let text = value == 0xA0 ? " " : String(Character(scalar))
            return (text, e + 1 - k)
        }
        guard let text = named[body] else { return nil }
        return (text, e + 1 - k)
    }

    static func decodeAll(_ s: String) -> String? {
        let bytes = Array(s.utf8)
        return bytes.withUnsafeBufferPointer { p in
            var out = ""
            var changed = false
            var k = 0
            var runStart = 0
            while k < p.count {
                if p[k] == UInt8(ascii: "&"), let (text, length) = decode(p, at: k) {
                    out += String(decoding: UnsafeBufferPointer(rebasing: p[runStart..<k]), as: UTF8.self)
                    out += text
                    k += length
                    runStart = k
                    changed = true
                } else {
                    k += 1
                }
            }
            guard changed else { return nil }
            out += String(decoding: UnsafeBufferPointer(rebasing: p[runStart..<p.count]), as: UTF8.self)
            return out
        }
    }
}
