/// Link targets: namespaces and the normalised form `LinkSpan.target` promises.
enum LinkTarget {
    enum Kind {
        case article
        case category(String)
        case file
        case interlanguage
    }

    /// The target's source text without comments and templates.
    static func raw(_ nodes: [WikiNode], _ p: UnsafeBufferPointer<UInt8>) -> String {
        if nodes.count == 1, case .text(let s, let e) = nodes[0] {
            return String(decoding: UnsafeBufferPointer(rebasing: p[s..<e]), as: UTF8.self)
        }
        var bytes: [UInt8] = []
        for node in nodes {
            if case .text(let s, let e) = node { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: p[s..<e])) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func classify(_ raw: String, hasText: Bool) -> Kind {
        let utf8 = raw.utf8
        var k = utf8.startIndex
        while k < utf8.endIndex, utf8[k] == 0x20 || utf8[k] == UInt8(ascii: "_") { k = utf8.index(after: k) }
        guard k < utf8.endIndex, utf8[k] != UInt8(ascii: ":"),
              let colon = utf8[k...].firstIndex(of: UInt8(ascii: ":")) else { return .article }
        var prefix: [UInt8] = []
        for b in utf8[k..<colon] where b != 0x20 && b != UInt8(ascii: "_") {
            prefix.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
            if prefix.count > 10 { return .article }
        }
        switch String(decoding: prefix, as: UTF8.self) {
        case "category":
            return .category(cleanName(raw[utf8.index(after: colon)...]))
        case "file", "image", "media":
            return .file
        default:
            let isLanguageCode = (2...3).contains(prefix.count) && prefix.allSatisfy { $0 >= 0x61 && $0 <= 0x7A }
            if isLanguageCode && !hasText { return .interlanguage }
            return .article
        }
    }

    /// First letter upper-cased, underscores as spaces, no `#fragment`, whitespace collapsed.
    static func normalize(_ raw: String) -> String? {
        let utf8 = raw.utf8
        let end = utf8.firstIndex(of: UInt8(ascii: "#")) ?? utf8.endIndex
        var name = cleanName(raw[..<end])
        if name.utf8.first == UInt8(ascii: ":") {
            name = cleanName(name.drop { $0 == ":" })
        }
        guard let first = name.utf8.first else { return nil }
        if first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z") {
            var bytes = Array(name.utf8)
            bytes[0] = first - 0x20
            return String(decoding: bytes, as: UTF8.self)
        }
        if first < 0x80 { return name }
        return name.prefix(1).uppercased() + name.dropFirst()
    }

    /// Underscores and runs of whitespace as single spaces, trimmed, character references decoded.
    static func cleanName<S: StringProtocol>(_ s: S) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        var space = false
        var hasEntity = false
        var previous: UInt8 = 0
        for b in s.utf8 {
            if b == UInt8(ascii: "_") || b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                space = !out.isEmpty
            } else if b == 0xA0 && previous == 0xC2 {
                out.removeLast()  // U+00A0 no-break space
                if out.last == 0x20 { out.removeLast() }
                space = !out.isEmpty
            } else {
                if space { out.append(0x20) }
                space = false
                out.append(b)
                if b == UInt8(ascii: "&") { hasEntity = true }
            }
            previous = b
        }
        let result = String(decoding: out, as: UTF8.self)
        if hasEntity, let decoded = HTMLEntities.decodeAll(result) { return decoded }
        return result
    }

    /// `[[Target (qualifier)|]]` shows "Target".
    static func pipeTrick(_ raw: String) -> String {
        var name = cleanName(raw)
        if let colon = name.firstIndex(of: ":") { name = String(name[name.index(after: colon)...]) }
        if let paren = name.firstIndex(of: "(") { name = String(name[..<paren]) }
        return name.trimming(" ")
    }
}

extension StringProtocol {
    func trimming(_ set: String) -> String {
        let chars = Set(set)
        var lo = startIndex
        var hi = endIndex
        while lo < hi, chars.contains(self[lo]) { lo = index(after: lo) }
        while hi > lo, chars.contains(self[index(before: hi)]) { hi = index(before: hi) }
        return String(self[lo..<hi])
    }
}
