/// Renders wikitext nodes to plain text. In running text (`paragraphs`) it cuts the text into
/// blocks — paragraphs and list items — and tracks the section headings; in `field` mode (an
/// infobox value) line breaks, `<br>` and list items separate values with ", ".
struct WikiRenderer {
    enum Mode {
        case paragraphs
        case field
    }

    struct Block {
        var text: TextBuffer
        var sections: [String]
    }

    struct Heading {
        var title: String
        var level: Int
        var line: Int
    }

    let p: UnsafeBufferPointer<UInt8>
    let lines: LineIndex
    let mode: Mode
    var out = TextBuffer()
    var blocks: [Block] = []
    var headings: [Heading] = []
    var categories: [String] = []
    /// Section titles by level (index 0 = level 1); the path is the non-empty ones.
    private var sectionStack: [String] = []
    private var sections: [String] = []
    /// Newlines seen since the last content, and whether the last source byte ended a line.
    private var newlines = 0
    private var atLineStart = true

    init(_ p: UnsafeBufferPointer<UInt8>, lines: LineIndex, mode: Mode) {
        self.p = p
        self.lines = lines
        self.mode = mode
    }

    // MARK: - Blocks

    mutating func endBlock() {
        if out.bytes.contains(where: { $0 != 0x20 }) {
            blocks.append(Block(text: out, sections: sections))
        }
        out.startOver()
        newlines = 0
    }

    private mutating func enterHeading(_ heading: WikiHeading) {
        endBlock()
        var sub = WikiRenderer(p, lines: lines, mode: .field)
        sub.render(heading.children, inline: true)
        let title = sub.out.string
        let level = heading.level
        if sectionStack.count < level { sectionStack.append(contentsOf: repeatElement("", count: level - sectionStack.count)) }
        sectionStack.removeSubrange(level...)
        sectionStack[level - 1] = title
        sections = sectionStack.filter { !$0.isEmpty }
        headings.append(Heading(title: title, level: level, line: lines.line(of: heading.start)))
        atLineStart = false
    }

    // MARK: - Nodes

    /// `inline`: inside a link, template or heading, where line structure does not cut blocks.
    mutating func render(_ nodes: WikiNodes, inline: Bool) {
        for node in nodes { render(node, inline: inline) }
    }

    mutating func render(_ node: WikiNode, inline: Bool) {
        // A paragraph or list item that opens with a link, template or bold text starts its own
        // block here, not at the text after it (which would leave the link on the block before).
        if mode == .paragraphs && !inline && atLineStart {
            switch node {
            case .link, .template, .externalLink, .quotes:
                startsContent()
            case .tag(let tag) where !tag.hidden:
                startsContent()
            default:
                break
            }
        }
        switch node {
        case .text(let start, let end):
            copy(start, end, inline: inline)
        case .template(let template):
            InlineTemplates.render(template, into: &self)
        case .link(let link):
            renderLink(link)
        case .externalLink(let link):
            // A bare `[http://…]` shows as a footnote number: nothing worth keeping.
            render(link.text, inline: true)
        case .tag(let tag):
            renderTag(tag, inline: inline)
        case .comment:
            break
        case .heading(let heading):
            if mode == .paragraphs && !inline {
                enterHeading(heading)
            } else {
                render(heading.children, inline: true)
            }
        case .quotes(let count, _):
            if count >= 3 { out.toggleBold() }
        case .table(let table):
            if mode == .paragraphs && !inline {
                endBlock()
                for row in WikiTableRenderer.render(table, p, lines: lines) { blocks.append(Block(text: row, sections: sections)) }
            }
        }
    }

    private mutating func startsContent() {
        if newlines >= 2 || (out.isListItem && newlines >= 1) { endBlock() }
        atLineStart = false
        newlines = 0
    }

    private mutating func renderTag(_ tag: WikiTag, inline: Bool) {
        if tag.hidden { return }
        switch tag.name {
        case "br", "hr", "p", "li", "dd", "dt", "tr", "h1", "h2", "h3", "h4", "h5", "h6":
            if mode == .field { out.separator() } else { out.space() }
            if tag.name == "hr" || tag.name == "p" || tag.name.first == "h" {
                if mode == .paragraphs && !inline { endBlock() }
            }
        case "nowiki", "pre":
            if let raw = tag.rawContent { copy(raw.lowerBound, raw.upperBound, inline: true) }
        case "table":
            if mode == .paragraphs && !inline { endBlock() }
            return
        default:
            break
        }
        if !tag.children.isEmpty { render(tag.children, inline: inline) }
    }

    // MARK: - Links

    private mutating func renderLink(_ link: WikiLink) {
        LinkTarget.withRaw(link.target, p) { rawTarget in renderLink(link, rawTarget: rawTarget) }
    }

    private mutating func renderLink(_ link: WikiLink, rawTarget: UnsafeBufferPointer<UInt8>) {
        let kind = LinkTarget.classify(rawTarget, hasText: link.text != nil)
        switch kind {
        case .category(let name):
            categories.append(name)
            return
        case .file, .interlanguage:
            return
        case .article:
            break
        }
        let start = out.startSpan()
        if let text = link.text, !text.isEmpty {
            render(text, inline: true)
        } else if link.text != nil {
            out.append(LinkTarget.pipeTrick(String(decoding: rawTarget, as: UTF8.self)))
        } else {
            appendDecoded(LinkTarget.shownText(rawTarget))
        }
        if let trail = link.trail {
            for k in trail { out.append(p[k]) }
        }
        let end = out.bytes.count
        if end > start, let target = LinkTarget.normalize(rawTarget) {
            out.links.append(TextBuffer.Link(target: target, start: start, end: end))
        }
    }

    private mutating func appendDecoded(_ buffer: UnsafeBufferPointer<UInt8>) {
        var k = 0
        while k < buffer.count {
            if buffer[k] == UInt8(ascii: "&"), let (decoded, length) = HTMLEntities.decode(buffer, at: k) {
                out.append(decoded)
                k += length
            } else {
                var run = k + 1
                while run < buffer.count, TextBuffer.isPlain(buffer[run]), buffer[run] != UInt8(ascii: "&") { run += 1 }
                out.append(plain: UnsafeBufferPointer(rebasing: buffer[k..<run]))
                k = run
            }
        }
    }

    // MARK: - Text

    /// Copies source text, collapsing whitespace; outside inline contexts blank lines and list
    /// markers at the start of a line cut blocks.
    mutating func copy(_ start: Int, _ end: Int, inline: Bool) {
        guard start < end else { return }
        let blocky = mode == .paragraphs && !inline
        out.line = lines.line(of: start)
        var k = start
        while k < end {
            let c = p[k]
            switch c {
            case 0x0A:
                out.line += 1
                if mode == .field {
                    out.separator()
                } else {
                    out.space()
                    newlines += 1
                }
                atLineStart = true
                k += 1
                continue
            case 0x20, 0x09, 0x0D, 0x0C:
                out.space()
                atLineStart = false
                k += 1
                continue
            default:
                break
            }
            if atLineStart {
                atLineStart = false
                if blocky {
                    if newlines >= 2 || (out.isListItem && newlines >= 1) { endBlock() }
                    if c == UInt8(ascii: "*") || c == UInt8(ascii: "#") || c == UInt8(ascii: ":") || c == UInt8(ascii: ";") {
                        endBlock()
                        out.isListItem = true
                        while k < end, p[k] == UInt8(ascii: "*") || p[k] == UInt8(ascii: "#") || p[k] == UInt8(ascii: ":") || p[k] == UInt8(ascii: ";") { k += 1 }
                        continue
                    }
                    if c == UInt8(ascii: "-"), k + 3 < end, p[k + 1] == c, p[k + 2] == c, p[k + 3] == c {
                        endBlock()
                        while k < end, p[k] == c { k += 1 }
                        continue
                    }
                } else if mode == .field, c == UInt8(ascii: "*") || c == UInt8(ascii: "#") {
                    out.separator()
                    while k < end, p[k] == UInt8(ascii: "*") || p[k] == UInt8(ascii: "#") { k += 1 }
                    continue
                }
            }
            newlines = 0
            switch c {
            case UInt8(ascii: "&"):
                if let (decoded, length) = HTMLEntities.decode(p, at: k, end: end) {
                    if decoded == " " { out.space() } else { out.append(decoded) }
                    k += length
                    continue
                }
            case UInt8(ascii: "_"):
                if let length = magicWordLength(at: k, end: end) {
                    k += length
                    continue
                }
            case 0xC2:
                // No-break space.
                if k + 1 < end, p[k + 1] == 0xA0 {
                    out.space()
                    k += 2
                    continue
                }
            default:
                break
            }
            out.append(c)
            k += 1
            // Bytes that need none of the checks above (most of any text) go over as a run.
            var run = k
            while run < end, Self.isPlain(p[run]) { run += 1 }
            if run > k {
                out.append(plain: UnsafeBufferPointer(rebasing: p[k..<run]))
                k = run
            }
        }
    }

    /// Not whitespace, not the start of an entity, magic word or no-break space, and none of the
    /// punctuation `TextBuffer` tidies around.
    @inline(__always)
    private static func isPlain(_ c: UInt8) -> Bool {
        let special: UInt64 = 1 << 0x0A | 1 << 0x20 | 1 << 0x09 | 1 << 0x0D | 1 << 0x0C | 1 << 0x26 | 1 << 0x29 | 1 << 0x2C | 1 << 0x3B
        return c < 64 ? special & (1 << UInt64(c)) == 0 : c != UInt8(ascii: "_") && c != 0xC2
    }

    /// `__TOC__`, `__NOTOC__` and other behaviour switches.
    private func magicWordLength(at k: Int, end: Int) -> Int? {
        guard k + 4 < end, p[k + 1] == UInt8(ascii: "_") else { return nil }
        var e = k + 2
        while e < end, p[e] >= UInt8(ascii: "A"), p[e] <= UInt8(ascii: "Z") { e += 1 }
        guard e > k + 2, e + 1 < end, p[e] == UInt8(ascii: "_"), p[e + 1] == UInt8(ascii: "_") else { return nil }
        return e + 2 - k
    }

    // MARK: - Helpers for template rendering

    /// Renders nodes into a separate buffer and returns the text (used for template arguments).
    func renderedText(_ nodes: WikiNodes) -> String {
        var sub = WikiRenderer(p, lines: lines, mode: .field)
        sub.render(nodes, inline: true)
        return sub.out.string
    }

    /// Source bytes as a string.
    func source(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: p[range]), as: UTF8.self)
    }
}
