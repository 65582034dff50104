/// Link targets: namespaces and the normalised form `LinkSpan.target` promises.
enum LinkTarget {
    enum Kind {
        case article
        case category(String)
        case file
        case interlanguage
    }

    /// Calls `body` with the target's source bytes without comments and templates: a slice of
    /// the source when the target is one run of text (nearly always), a gathered copy otherwise.
    static func withRaw<R>(_ nodes: WikiNodes, _ p: UnsafeBufferPointer<UInt8>,
                           _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if nodes.count == 1, case .text(let s, let e) = nodes[nodes.startIndex] {
            return try body(UnsafeBufferPointer(rebasing: p[s..<e]))
        }
        var bytes: [UInt8] = []
        for node in nodes {
            if case .text(let s, let e) = node { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: p[s..<e])) }
        }
        return try bytes.withUnsafeBufferPointer(body)
    }

    /// The target's source text without comments and templates.
    static func raw(_ nodes: WikiNodes, _ p: UnsafeBufferPointer<UInt8>) -> String {
        withRaw(nodes, p) { String(decoding: $0, as: UTF8.self) }
    }

    static func classify(_ raw: UnsafeBufferPointer<UInt8>, hasText: Bool) -> Kind {
        var k = 0
        while k < raw.count, raw[k] == 0x20 || raw[k] == UInt8(ascii: "_") { k += 1 }
        guard k < raw.count, raw[k] != UInt8(ascii: ":"),
              let colon = raw[k...].firstIndex(of: UInt8(ascii: ":")) else { return .article }
        var prefix: [UInt8] = []
        for b in raw[k..<colon] where b != 0x20 && b != UInt8(ascii: "_") {
            prefix.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
            if prefix.count > 10 { return .article }
        }
        switch String(decoding: prefix, as: UTF8.self) {
        case "category":
            return .category(cleanName(UnsafeBufferPointer(rebasing: raw[(colon + 1)...])))
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
        return normalize(cleanedName: cleanName(raw[..<end]))
    }

    static func normalize(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
        let end = raw.firstIndex(of: UInt8(ascii: "#")) ?? raw.count
        var (bytes, hasEntity) = cleanedBytes(UnsafeBufferPointer(rebasing: raw[..<end]))
        // The usual case, an ASCII first letter and no character references, in place.
        if !hasEntity, let first = bytes.first, first != UInt8(ascii: ":"), first < 0x80 {
            if first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z") { bytes[0] = first - 0x20 }
            return String(decoding: bytes, as: UTF8.self)
        }
        return normalize(cleanedName: finishName(bytes, hasEntity: hasEntity))
    }

    private static func normalize(cleanedName: String) -> String? {
        var name = cleanedName
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

    /// What `[[Target]]` shows: the target without a leading `:` (`[[:Category:X]]`).
    static func shownText(_ raw: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard raw.first == UInt8(ascii: ":") else { return raw }
        // Only a `:` that is a whole `Character` goes: not one a combining mark attaches to.
        if raw.count == 1 || raw[1] < 0x80 || String(decoding: raw, as: UTF8.self).first == ":" {
            return UnsafeBufferPointer(rebasing: raw[1...])
        }
        return raw
    }

    /// Underscores and runs of whitespace as single spaces, trimmed, character references decoded.
    static func cleanName<S: StringProtocol>(_ s: S) -> String {
        let (bytes, hasEntity) = cleanedBytes(s.utf8)
        return finishName(bytes, hasEntity: hasEntity)
    }

    static func cleanName(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        let (bytes, hasEntity) = cleanedBytes(raw)
        return finishName(bytes, hasEntity: hasEntity)
    }

    static func cleanedBytes<C: Collection<UInt8>>(_ s: C) -> (bytes: [UInt8], hasEntity: Bool) {
        var hasEntity = false
        // Never longer than the input: written in place rather than appended byte by byte.
        let out = [UInt8](unsafeUninitializedCapacity: s.count) { out, count in
            var space = false
            var previous: UInt8 = 0
            for b in s {
                if b == UInt8(ascii: "_") || b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                    space = count > 0
                } else if b == 0xA0 && previous == 0xC2 {
                    count -= 1  // U+00A0 no-break space
                    if count > 0, out[count - 1] == 0x20 { count -= 1 }
                    space = count > 0
                } else {
                    if space {
                        out[count] = 0x20
                        count += 1
                    }
                    space = false
                    out[count] = b
                    count += 1
                    if b == UInt8(ascii: "&") { hasEntity = true }
                }
                previous = b
            }
        }
        return (out, hasEntity)
    }

    private static func finishName(_ bytes: [UInt8], hasEntity: Bool) -> String {
        let result = String(decoding: bytes, as: UTF8.self)
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
    /// Trims the `Character`s of `set` (ASCII only) from both ends.
    ///
    /// Works on bytes: an ASCII byte is a whole `Character` when its neighbours are ASCII, except
    /// in "\r\n", which is one `Character` (in no set). Anything else at the edges (a combining
    /// mark after a space, a carriage return) takes the `Character` walk, so the result is always
    /// what comparing `Character`s gives.
    func trimming(_ set: String) -> String {
        var mask: (UInt64, UInt64) = (0, 0)
        for b in set.utf8 {
            precondition(b < 0x80, "trimming sets are ASCII")
            if b < 64 { mask.0 |= 1 << UInt64(b) } else { mask.1 |= 1 << UInt64(b - 64) }
        }
        func inSet(_ b: UInt8) -> Bool {
            b < 64 ? mask.0 & (1 << UInt64(b)) != 0 : b < 128 && mask.1 & (1 << UInt64(b - 64)) != 0
        }
        let bytesResult: String?? = utf8.withContiguousStorageIfAvailable { p -> String? in
            var lo = 0
            var hi = p.count
            while lo < hi, inSet(p[lo]) {
                if p[lo] == 0x0D { return nil }
                lo += 1
            }
            while hi > lo, inSet(p[hi - 1]) {
                if p[hi - 1] == 0x0D { return nil }
                hi -= 1
            }
            if lo < hi {
                if lo > 0, p[lo] >= 0x80 { return nil }
                if hi < p.count, p[hi - 1] >= 0x80 || (p[hi - 1] == 0x0D && p[hi] == 0x0A) { return nil }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: p[lo..<hi]), as: UTF8.self)
        }
        if let bytesResult, let result = bytesResult { return result }
        var lo = startIndex
        var hi = endIndex
        while lo < hi, set.contains(self[lo]) { lo = index(after: lo) }
        while hi > lo, set.contains(self[index(before: hi)]) { hi = index(before: hi) }
        return String(self[lo..<hi])
    }
}
