/// Plain text and Markdown bodies: paragraphs (blank-line separated) and list items become
/// sentences; with `markdown`, `#` headings open sections and inline markup is removed
/// (`[text](url)` → text, images, emphasis, code fences and HTML tags dropped).
enum MarkdownText {
    struct Result {
        var sentences: [Sentence] = []
        var headings: [Document.Heading] = []
    }

    static func render(_ p: UnsafeBufferPointer<UInt8>, range: Range<Int>, lines: LineIndex, markdown: Bool) -> Result {
        var result = Result()
        var buffer = TextBuffer()
        var sectionStack: [String] = []
        var sections: [String] = []
        var inFence = false

        func endBlock() {
            if !buffer.isEmpty {
                result.sentences += SentenceBuilder.sentences(from: buffer, sections: sections)
            }
            buffer = TextBuffer()
        }

        var lineStart = range.lowerBound
        var lineNumber = lines.line(of: lineStart)
        while lineStart < range.upperBound {
            var lineEnd = lineStart
            while lineEnd < range.upperBound, p[lineEnd] != 0x0A { lineEnd += 1 }
            defer {
                lineStart = lineEnd + 1
                lineNumber += 1
            }
            var k = lineStart
            while k < lineEnd, p[k] == 0x20 || p[k] == 0x09 { k += 1 }
            var e = lineEnd
            while e > k, p[e - 1] == 0x20 || p[e - 1] == 0x09 || p[e - 1] == 0x0D { e -= 1 }
            if k == e {
                if !inFence { endBlock() }
                continue
            }
            if markdown {
                if e - k >= 3, (p[k] == UInt8(ascii: "`") && p[k + 1] == p[k] && p[k + 2] == p[k])
                    || (p[k] == UInt8(ascii: "~") && p[k + 1] == p[k] && p[k + 2] == p[k]) {
                    endBlock()
                    inFence.toggle()
                    continue
                }
                if inFence { continue }
                if p[k] == UInt8(ascii: "#") {
                    var level = 0
                    while k + level < e, p[k + level] == UInt8(ascii: "#") { level += 1 }
                    if level <= 6, k + level == e || p[k + level] == 0x20 {
                        endBlock()
                        var heading = TextBuffer()
                        var h = k + level
                        while e > h, p[e - 1] == UInt8(ascii: "#") { e -= 1 }
                        while h < e, p[h] == 0x20 { h += 1 }
                        inline(p, h..<e, into: &heading, line: lineNumber)
                        let title = heading.string
                        if sectionStack.count < level { sectionStack += Array(repeating: "", count: level - sectionStack.count) }
                        sectionStack.removeSubrange(level...)
                        sectionStack[level - 1] = title
                        sections = sectionStack.filter { !$0.isEmpty }
                        result.headings.append(Document.Heading(title: title, level: level, line: lineNumber))
                        continue
                    }
                }
                if p[k] == UInt8(ascii: "|") { endBlock(); continue }  // a table row
                if p[k] == UInt8(ascii: ">") {
                    k += 1
                    while k < e, p[k] == 0x20 || p[k] == UInt8(ascii: ">") { k += 1 }
                }
                if let itemStart = listItemStart(p, k, e) {
                    endBlock()
                    buffer.isListItem = true
                    k = itemStart
                } else if buffer.isListItem, lineStart == k {
                    endBlock()
                }
                if e - k >= 3, (p[k] == UInt8(ascii: "-") || p[k] == UInt8(ascii: "*") || p[k] == UInt8(ascii: "_")),
                   (k..<e).allSatisfy({ p[$0] == p[k] || p[$0] == 0x20 }) {
                    endBlock()  // a rule
                    continue
                }
                buffer.space()
                inline(p, k..<e, into: &buffer, line: lineNumber)
            } else {
                buffer.space()
                buffer.line = lineNumber
                for j in k..<e {
                    let c = p[j]
                    if c == 0x20 || c == 0x09 || c == 0x0D { buffer.space() } else { buffer.append(c) }
                }
            }
        }
        endBlock()
        return result
    }

    /// Where a list item's text starts (`- `, `* `, `+ `, `1. `, `1) `).
    private static func listItemStart(_ p: UnsafeBufferPointer<UInt8>, _ k: Int, _ e: Int) -> Int? {
        guard k + 1 < e else { return nil }
        let c = p[k]
        if (c == UInt8(ascii: "-") || c == UInt8(ascii: "*") || c == UInt8(ascii: "+")), p[k + 1] == 0x20 { return k + 2 }
        var d = k
        while d < e, p[d] >= UInt8(ascii: "0"), p[d] <= UInt8(ascii: "9"), d - k < 9 { d += 1 }
        if d > k, d + 1 < e, p[d] == UInt8(ascii: ".") || p[d] == UInt8(ascii: ")"), p[d + 1] == 0x20 { return d + 2 }
        return nil
    }

    /// Inline Markdown: links keep their text, images, emphasis markers, code ticks and HTML tags go.
    private static func inline(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into out: inout TextBuffer, line: Int) {
        out.line = line
        var k = range.lowerBound
        let end = range.upperBound
        while k < end {
            let c = p[k]
            switch c {
            case 0x20, 0x09, 0x0D:
                out.space()
                k += 1
            case UInt8(ascii: "!") where k + 1 < end && p[k + 1] == UInt8(ascii: "["):
                if let (_, after) = linkParts(p, k + 1, end) { k = after } else { out.append(c); k += 1 }
            case UInt8(ascii: "["):
                if let (text, after) = linkParts(p, k, end) {
                    inline(p, text, into: &out, line: line)
                    k = after
                } else {
                    out.append(c)
                    k += 1
                }
            case UInt8(ascii: "*"), UInt8(ascii: "`"):
                k += 1
            case UInt8(ascii: "_"):
                // Emphasis only at a word edge; snake_case stays.
                let before = k > range.lowerBound ? p[k - 1] : 0x20
                let after = k + 1 < end ? p[k + 1] : 0x20
                if isWordByte(before) && isWordByte(after) { out.append(c) }
                k += 1
            case UInt8(ascii: "<"):
                var gt = k + 1
                while gt < end, p[gt] != UInt8(ascii: ">"), p[gt] != UInt8(ascii: "<") { gt += 1 }
                if gt < end, p[gt] == UInt8(ascii: ">"), k + 1 < end, isTagStart(p[k + 1]) {
                    k = gt + 1
                } else {
                    out.append(c)
                    k += 1
                }
            case UInt8(ascii: "&"):
                if let (decoded, length) = HTMLEntities.decode(p, at: k, end: end) {
                    out.append(decoded)
                    k += length
                } else {
                    out.append(c)
                    k += 1
                }
            default:
                out.append(c)
                k += 1
            }
        }
    }

    /// `[text](url)` at `k`: the text's range and the offset after `)`.
    private static func linkParts(_ p: UnsafeBufferPointer<UInt8>, _ k: Int, _ end: Int) -> (Range<Int>, Int)? {
        var depth = 0
        var close = k
        while close < end {
            if p[close] == UInt8(ascii: "[") { depth += 1 }
            if p[close] == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { break }
            }
            close += 1
        }
        guard close + 1 < end, p[close] == UInt8(ascii: "]"), p[close + 1] == UInt8(ascii: "(") else { return nil }
        var paren = close + 2
        while paren < end, p[paren] != UInt8(ascii: ")") { paren += 1 }
        guard paren < end else { return nil }
        return ((k + 1)..<close, paren + 1)
    }

    private static func isWordByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c >= 0x80
    }

    private static func isTagStart(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == UInt8(ascii: "/") || c == UInt8(ascii: "!")
    }
}
