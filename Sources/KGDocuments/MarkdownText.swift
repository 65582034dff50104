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
    ///
    /// Linear in the input whatever its brackets: matching `]` and the next `)` are found in
    /// one pass each up front, and a link's text is walked in place with an explicit stack of
    /// where to resume, so nested links cost no recursion.
    private static func inline(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into out: inout TextBuffer, line: Int) {
        out.line = line
        let brackets = Brackets(p, range)
        var resume: [(close: Int, after: Int)] = []
        var k = range.lowerBound
        let end = range.upperBound
        while k < end {
            if let top = resume.last, k == top.close {
                resume.removeLast()
                k = top.after
                continue
            }
            let c = p[k]
            switch c {
            case 0x20, 0x09, 0x0D:
                out.space()
                k += 1
            case UInt8(ascii: "!") where k + 1 < end && p[k + 1] == UInt8(ascii: "["):
                if let (_, after) = brackets.link(at: k + 1) { k = after } else { out.append(c); k += 1 }
            case UInt8(ascii: "["):
                if let (text, after) = brackets.link(at: k) {
                    resume.append((text.upperBound, after))
                    k = text.lowerBound
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
                if let gt = brackets.tagEnd(at: k), k + 1 < end, isTagStart(p[k + 1]) {
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

    /// Where each `[` closes, and where the next `)` and `>`/`<` are, for one inline range.
    private struct Brackets {
        /// For a `[` at offset i (relative to the range), the offset of its matching `]`, or -1.
        var closing: [Int32]
        /// For each offset, the offset of the next `)` at or after it, or -1.
        var nextParen: [Int32]
        /// For each offset, the offset of the next `>` or `<` at or after it, or -1.
        var nextAngle: [Int32]
        let base: Int
        let end: Int
        let p: UnsafeBufferPointer<UInt8>

        init(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
            self.p = p
            base = range.lowerBound
            end = range.upperBound
            let n = range.count
            closing = [Int32](repeating: -1, count: n)
            nextParen = [Int32](repeating: -1, count: n + 1)
            nextAngle = [Int32](repeating: -1, count: n + 1)
            var open: [Int32] = []
            for i in 0..<n {
                switch p[base + i] {
                case UInt8(ascii: "["): open.append(Int32(i))
                case UInt8(ascii: "]"): if let o = open.popLast() { closing[Int(o)] = Int32(i) }
                default: break
                }
            }
            var paren: Int32 = -1, angle: Int32 = -1
            for i in stride(from: n - 1, through: 0, by: -1) {
                let c = p[base + i]
                if c == UInt8(ascii: ")") { paren = Int32(i) }
                if c == UInt8(ascii: ">") || c == UInt8(ascii: "<") { angle = Int32(i) }
                nextParen[i] = paren
                nextAngle[i] = angle
            }
        }

        /// `[text](url)` at `k`: the text's range and the offset after `)`.
        func link(at k: Int) -> (Range<Int>, Int)? {
            let close = Int(closing[k - base])
            guard close >= 0 else { return nil }
            let closeAt = base + close
            guard closeAt + 1 < end, p[closeAt + 1] == UInt8(ascii: "(") else { return nil }
            let paren = Int(nextParen[close + 2])
            guard paren >= 0 else { return nil }
            return ((k + 1)..<closeAt, base + paren + 1)
        }

        /// For a `<` at `k`: the offset of the `>` that ends the tag, if one comes before any other `<`.
        func tagEnd(at k: Int) -> Int? {
            guard k + 1 < end else { return nil }
            let next = Int(nextAngle[k + 1 - base])
            guard next >= 0, p[base + next] == UInt8(ascii: ">") else { return nil }
            return base + next
        }
    }

    private static func isWordByte(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c >= 0x80
    }

    private static func isTagStart(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == UInt8(ascii: "/") || c == UInt8(ascii: "!")
    }
}
