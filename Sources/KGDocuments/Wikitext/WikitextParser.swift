import Foundation

/// A wikitext parser that never fails. It reads UTF-8 bytes once, left to right, keeping the
/// constructs that are open (`{{`, `[[`, `[http…`, `<ref>`, `{|`) on an explicit stack instead of
/// recursing. A closer closes the nearest matching open construct; anything opened after it and
/// still open degrades to text, as does everything left open at the end — the result
/// mwparserfromhell's backtracking gives, without the backtracking. Constructs nested deeper than
/// `maxDepth` are read as text, which bounds the depth of the tree for the recursive walks after it.
struct WikitextParser {
    /// mwparserfromhell's limit too; real articles nest a handful of levels.
    static let maxDepth = 100

    /// Parses `range` of `bytes` (the whole buffer by default).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>? = nil, headings: Bool = true) -> [WikiNode] {
        var parser = WikitextParser(bytes, range: range ?? 0..<bytes.count, headings: headings)
        return parser.run()
    }

    private enum FrameKind {
        case root
        case template
        case link
        case externalLink(url: Range<Int>)
        case tag(name: String, attributes: Range<Int>)
        case table
    }

    private struct Frame {
        var kind: FrameKind
        var start: Int
        var openerEnd: Int
        var children: [WikiNode] = []
        /// Templates: for each `|`, its child index and the child index of the parameter's
        /// first `=` (-1 while none); links: the first `|` only.
        var separators: [(pipe: Int, equals: Int)] = []

        init(kind: FrameKind, start: Int, openerEnd: Int) {
            self.kind = kind
            self.start = start
            self.openerEnd = openerEnd
        }
    }

    private let p: UnsafeBufferPointer<UInt8>
    private let lower: Int
    private let n: Int
    private let headings: Bool
    private var i: Int
    private var textStart: Int
    private var stack: [Frame]
    private var openTemplates = 0
    private var openLinks = 0
    private var openTags = 0
    private var openTables = 0
    // Once a closing marker is known to be absent after some offset, it is absent after any
    // later one: remembering that keeps many unclosed comments or `<nowiki>` tags linear.
    private var commentCloseMissing = false
    private var rawCloseMissing: Set<String> = []
    /// Per tag name, the offset of the next closing tag found by a look-ahead (`Int.max`: none).
    private var nextClosingTag: [String: Int] = [:]

    private init(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, headings: Bool) {
        p = bytes
        lower = range.lowerBound
        n = range.upperBound
        self.headings = headings
        i = range.lowerBound
        textStart = range.lowerBound
        var root = Frame(kind: .root, start: range.lowerBound, openerEnd: range.lowerBound)
        // Top-level nodes run at about one per 30-40 bytes of an article.
        root.children.reserveCapacity(range.count / 32 + 4)
        stack = [root]
        stack.reserveCapacity(16)
    }

    // MARK: - Main loop

    private mutating func run() -> [WikiNode] {
        if i < n { lineStart() }
        while i < n {
            let b = p[i]
            switch b {
            case UInt8(ascii: "{"):
                if byte(i + 1) == UInt8(ascii: "{"), canOpen {
                    open(.template, length: 2)
                } else {
                    i += 1
                }
            case UInt8(ascii: "}"):
                if byte(i + 1) == UInt8(ascii: "}"), openTemplates > 0, let k = nearest(where: { if case .template = $0 { true } else { false } }) {
                    closeTemplate(at: k)
                } else {
                    i += 1
                }
            case UInt8(ascii: "["):
                if byte(i + 1) == UInt8(ascii: "["), canOpen {
                    open(.link, length: 2)
                } else if canOpen, let urlEnd = urlEnd(from: i + 1) {
                    openExternalLink(urlEnd: urlEnd)
                } else {
                    i += 1
                }
            case UInt8(ascii: "]"):
                if case .externalLink = stack[stack.count - 1].kind {
                    closeExternalLink()
                } else if byte(i + 1) == UInt8(ascii: "]"), openLinks > 0, let k = nearest(where: { if case .link = $0 { true } else { false } }) {
                    closeLink(at: k)
                } else {
                    i += 1
                }
            case UInt8(ascii: "|"):
                pipe()
            case UInt8(ascii: "="):
                equalsSign()
            case UInt8(ascii: "<"):
                angle()
            case UInt8(ascii: "'"):
                apostrophes()
            case 0x0A:
                newline()
            default:
                i = nextMarkup(from: i + 1)
            }
        }
        flush(n)
        collapse(into: 0)
        return stack[0].children
    }

    private func byte(_ k: Int) -> UInt8 { k < n ? p[k] : 0 }

    /// The offset of the next byte the main loop acts on (or `n`).
    private func nextMarkup(from start: Int) -> Int {
        var k = start
        while k < n, !Self.isMarkup(p[k]) { k += 1 }
        return k
    }

    /// The bytes the main loop acts on: `{ } [ ] | = < '` and newline. Runs of anything else are
    /// skipped in one go.
    @inline(__always)
    private static func isMarkup(_ b: UInt8) -> Bool {
        let low: UInt64 = 1 << 0x0A | 1 << 0x27 | 1 << 0x3C | 1 << 0x3D
        let high: UInt64 = 1 << (0x5B - 64) | 1 << (0x5D - 64) | 1 << (0x7B - 64) | 1 << (0x7C - 64) | 1 << (0x7D - 64)
        return b < 64 ? low & (1 << UInt64(b)) != 0 : b < 128 && high & (1 << UInt64(b - 64)) != 0
    }

    private var canOpen: Bool { stack.count <= Self.maxDepth }

    private mutating func flush(_ upTo: Int) {
        if textStart < upTo {
            stack[stack.count - 1].children.append(.text(start: textStart, end: upTo))
        }
        textStart = upTo
    }

    private mutating func append(_ node: WikiNode) {
        stack[stack.count - 1].children.append(node)
    }

    private mutating func open(_ kind: FrameKind, length: Int) {
        flush(i)
        var frame = Frame(kind: kind, start: i, openerEnd: i + length)
        // Room for the usual contents (name and a few parameters; a link's target and text)
        // at once rather than by doubling from one.
        if case .template = kind {
            frame.children.reserveCapacity(8)
            frame.separators.reserveCapacity(4)
        } else {
            frame.children.reserveCapacity(4)
        }
        stack.append(frame)
        switch kind {
        case .template: openTemplates += 1
        case .link: openLinks += 1
        case .tag: openTags += 1
        case .table: openTables += 1
        case .externalLink, .root: break
        }
        i += length
        textStart = i
    }

    /// The innermost open frame that `matches`. Braces and brackets do not reach past an open
    /// `<ref>`: like MediaWiki's preprocessor, a reference's content is opaque to the template
    /// or link around it (`{{a|x<ref>y}}</ref>}}` closes `a` at the last `}}`).
    private func nearest(crossingReferences: Bool = false, where matches: (FrameKind) -> Bool) -> Int? {
        var k = stack.count - 1
        while k > 0 {
            if matches(stack[k].kind) { return k }
            if !crossingReferences, case .tag(let name, _) = stack[k].kind, name == "ref" { return nil }
            k -= 1
        }
        return nil
    }

    /// Frames above `k` were never closed: their openers and contents become part of frame `k`.
    private mutating func collapse(into k: Int) {
        guard stack.count - 1 > k else { return }
        for j in (k + 1)..<stack.count {
            let frame = stack[j]
            stack[k].children.append(.text(start: frame.start, end: frame.openerEnd))
            stack[k].children.append(contentsOf: frame.children)
            switch frame.kind {
            case .template: openTemplates -= 1
            case .link: openLinks -= 1
            case .tag: openTags -= 1
            case .table: openTables -= 1
            case .externalLink, .root: break
            }
        }
        stack.removeSubrange((k + 1)...)
    }

    // MARK: - Templates

    private mutating func closeTemplate(at k: Int) {
        flush(i)
        collapse(into: k)
        let frame = stack.removeLast()
        openTemplates -= 1
        let end = i + 2
        let children = frame.children
        let separators = frame.separators
        let nameEnd = separators.first?.pipe ?? children.count
        let nameRangeEnd = separators.first.map { Self.offset(children[$0.pipe]) } ?? i
        var parameters: [WikiParameter] = []
        parameters.reserveCapacity(separators.count)
        for (s, (separator, eq)) in separators.enumerated() {
            let segmentStart = separator + 1
            let segmentEnd = s + 1 < separators.count ? separators[s + 1].pipe : children.count
            let valueStartOffset = Self.offset(children[separator]) + 1
            let valueEndOffset = s + 1 < separators.count ? Self.offset(children[separators[s + 1].pipe]) : i
            if eq >= 0 {
                let eqOffset = Self.offset(children[eq])
                parameters.append(WikiParameter(
                    name: children[segmentStart..<eq], nameRange: valueStartOffset..<eqOffset,
                    value: children[(eq + 1)..<segmentEnd], valueRange: (eqOffset + 1)..<valueEndOffset))
            } else {
                parameters.append(WikiParameter(
                    name: nil, nameRange: nil,
                    value: children[segmentStart..<segmentEnd], valueRange: valueStartOffset..<valueEndOffset))
            }
        }
        append(.template(WikiTemplate(
            start: frame.start, end: end, name: children[0..<nameEnd],
            nameRange: frame.openerEnd..<nameRangeEnd, parameters: parameters)))
        i = end
        textStart = end
    }

    private static func offset(_ node: WikiNode) -> Int {
        if case .text(let start, _) = node { return start }
        return 0
    }

    private mutating func pipe() {
        let top = stack.count - 1
        switch stack[top].kind {
        case .template:
            flush(i)
            stack[top].separators.append((stack[top].children.count, -1))
            stack[top].children.append(.text(start: i, end: i + 1))
            i += 1
            textStart = i
        case .link where stack[top].separators.isEmpty:
            flush(i)
            stack[top].separators.append((stack[top].children.count, -1))
            stack[top].children.append(.text(start: i, end: i + 1))
            i += 1
            textStart = i
        default:
            i += 1
        }
    }

    private mutating func equalsSign() {
        let top = stack.count - 1
        if case .template = stack[top].kind, let last = stack[top].separators.last, last.equals < 0 {
            flush(i)
            stack[top].separators[stack[top].separators.count - 1].equals = stack[top].children.count
            stack[top].children.append(.text(start: i, end: i + 1))
            i += 1
            textStart = i
        } else {
            i += 1
        }
    }

    // MARK: - Links

    private mutating func closeLink(at k: Int) {
        flush(i)
        collapse(into: k)
        let frame = stack.removeLast()
        openLinks -= 1
        let children = frame.children
        let pipeIndex = frame.separators.first?.pipe
        let targetEnd = pipeIndex.map { Self.offset(children[$0]) } ?? i
        var end = i + 2
        let trailStart = end
        while end < n, p[end] >= UInt8(ascii: "a"), p[end] <= UInt8(ascii: "z") { end += 1 }
        append(.link(WikiLink(
            start: frame.start, end: end,
            target: children[0..<(pipeIndex ?? children.count)],
            targetRange: frame.openerEnd..<targetEnd,
            text: pipeIndex.map { children[($0 + 1)...] },
            trail: end > trailStart ? trailStart..<end : nil)))
        i = end
        textStart = end
    }

    /// End of a URL starting at `from` if a URL scheme starts there.
    private func urlEnd(from start: Int) -> Int? {
        guard hasURLScheme(at: start) else { return nil }
        var e = start
        while e < n {
            let c = p[e]
            if c <= 0x20 || c == UInt8(ascii: "]") || c == UInt8(ascii: "[") || c == UInt8(ascii: "<") || c == UInt8(ascii: "\"") { break }
            e += 1
        }
        guard e < n, p[e] == UInt8(ascii: "]") || p[e] == 0x20 || p[e] == 0x09 else { return nil }
        return e
    }

    private func hasURLScheme(at k: Int) -> Bool {
        for scheme in Self.urlSchemes where k + scheme.count <= n {
            var matches = true
            for (offset, c) in scheme.enumerated() where p[k + offset] | 0x20 != c | 0x20 {
                matches = false
                break
            }
            if matches { return true }
        }
        return false
    }

    private static let urlSchemes: [[UInt8]] = ["http://", "https://", "//", "ftp://", "mailto:", "irc://", "news:"].map { Array($0.utf8) }

    private mutating func openExternalLink(urlEnd: Int) {
        flush(i)
        let url = (i + 1)..<urlEnd
        if p[urlEnd] == UInt8(ascii: "]") {
            append(.externalLink(WikiExternalLink(start: i, end: urlEnd + 1, url: url, text: [])))
            i = urlEnd + 1
            textStart = i
            return
        }
        stack.append(Frame(kind: .externalLink(url: url), start: i, openerEnd: urlEnd + 1))
        i = urlEnd + 1
        textStart = i
    }

    private mutating func closeExternalLink() {
        flush(i)
        let frame = stack.removeLast()
        guard case .externalLink(let url) = frame.kind else { return }
        append(.externalLink(WikiExternalLink(start: frame.start, end: i + 1, url: url, text: frame.children[...])))
        i += 1
        textStart = i
    }

    // MARK: - Lines

    private mutating func newline() {
        // A link target and an external link never span lines: an open one was not a link.
        while stack.count > 1 {
            let top = stack[stack.count - 1]
            let unfinished: Bool
            switch top.kind {
            case .externalLink: unfinished = true
            case .link: unfinished = top.separators.isEmpty
            default: unfinished = false
            }
            guard unfinished else { break }
            flush(i)
            collapse(into: stack.count - 2)
        }
        i += 1
        if i < n { lineStart() }
    }

    /// Constructs that only exist at the start of a line: headings and table borders.
    private mutating func lineStart() {
        let b = p[i]
        if b == UInt8(ascii: "="), headings {
            heading()
            return
        }
        var k = i
        while k < n, p[k] == 0x20 || p[k] == 0x09 || p[k] == UInt8(ascii: ":") { k += 1 }
        guard k + 1 < n else { return }
        if p[k] == UInt8(ascii: "{"), p[k + 1] == UInt8(ascii: "|"), canOpen {
            i = k
            open(.table, length: 2)
        } else if p[k] == UInt8(ascii: "|"), p[k + 1] == UInt8(ascii: "}"), openTables > 0,
                  let t = nearest(where: { if case .table = $0 { true } else { false } }) {
            i = k
            flush(i)
            collapse(into: t)
            let frame = stack.removeLast()
            openTables -= 1
            append(.table(WikiTable(start: frame.start, end: i + 2, children: frame.children[...])))
            i += 2
            textStart = i
        }
    }

    private mutating func heading() {
        var e = i
        while e < n, p[e] != 0x0A { e += 1 }
        var te = e
        while te > i, p[te - 1] == 0x20 || p[te - 1] == 0x09 || p[te - 1] == 0x0D { te -= 1 }
        // `== History == <!-- note -->` is still a heading.
        while te - i > 7, p[te - 1] == UInt8(ascii: ">"), p[te - 2] == UInt8(ascii: "-"), p[te - 3] == UInt8(ascii: "-") {
            var k = te - 4
            while k > i, !(p[k] == UInt8(ascii: "<") && p[k + 1] == UInt8(ascii: "!") && p[k + 2] == UInt8(ascii: "-") && p[k + 3] == UInt8(ascii: "-")) { k -= 1 }
            guard k > i else { break }
            te = k
            while te > i, p[te - 1] == 0x20 || p[te - 1] == 0x09 { te -= 1 }
        }
        var left = 0
        while i + left < te, p[i + left] == UInt8(ascii: "=") { left += 1 }
        guard i + left < te else { return }
        var right = 0
        while p[te - 1 - right] == UInt8(ascii: "=") { right += 1 }
        let level = min(left, right, 6)
        let contentStart = i + level
        let contentEnd = te - level
        guard level >= 1, contentStart < contentEnd else { return }
        flush(i)
        let children = WikitextParser.parse(p, range: contentStart..<contentEnd, headings: false)
        append(.heading(WikiHeading(level: level, start: i, end: te, children: children[...])))
        i = te
        textStart = te
    }

    // MARK: - Quotes

    private mutating func apostrophes() {
        var run = 1
        while i + run < n, p[i + run] == UInt8(ascii: "'") { run += 1 }
        guard run >= 2 else {
            i += 1
            return
        }
        flush(i)
        var at = i
        let marker: Int
        switch run {
        case 2, 3, 5:
            marker = run
        case 4:
            // MediaWiki reads `''''` as an apostrophe followed by bold.
            append(.text(start: at, end: at + 1))
            at += 1
            marker = 3
        default:
            append(.text(start: at, end: at + run - 5))
            at += run - 5
            marker = 5
        }
        append(.quotes(count: marker, at: at))
        i += run
        textStart = i
    }

    // MARK: - Tags and comments

    private mutating func angle() {
        let next = byte(i + 1)
        if next == UInt8(ascii: "!"), byte(i + 2) == UInt8(ascii: "-"), byte(i + 3) == UInt8(ascii: "-") {
            comment()
        } else if next == UInt8(ascii: "/") {
            closingTag()
        } else if Self.isASCIILetter(next) {
            openingTag()
        } else {
            i += 1
        }
    }

    private mutating func comment() {
        if !commentCloseMissing, let close = find(Self.commentClose, from: i + 4) {
            flush(i)
            append(.comment(start: i, end: close + 3))
            i = close + 3
            textStart = i
        } else {
            commentCloseMissing = true
            i += 4
        }
    }

    private static let commentClose = Array("-->".utf8)

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, needle.count <= n - start else { return nil }
        var k = start
        let last = n - needle.count
        while k <= last {
            if p[k] == first {
                var j = 1
                while j < needle.count, p[k + j] == needle[j] { j += 1 }
                if j == needle.count { return k }
            }
            k += 1
        }
        return nil
    }

    /// Name of a tag at `start` (ASCII letters and digits), lower-cased, and where it ends.
    private func tagName(at start: Int) -> (String, Int)? {
        var e = start
        while e < n, Self.isASCIILetter(p[e]) || (e > start && p[e] >= UInt8(ascii: "0") && p[e] <= UInt8(ascii: "9")) { e += 1 }
        guard e > start, e - start <= 20 else { return nil }
        var name = [UInt8]()
        name.reserveCapacity(e - start)
        for k in start..<e { name.append(p[k] | 0x20) }
        return (String(decoding: name, as: UTF8.self), e)
    }

    private mutating func closingTag() {
        guard let (name, nameEnd) = tagName(at: i + 2), let kind = WikiTags.kinds[name] else {
            i += 1
            return
        }
        var gt = nameEnd
        while gt < n, p[gt] == 0x20 || p[gt] == 0x09 { gt += 1 }
        guard gt < n, p[gt] == UInt8(ascii: ">") else {
            i += 1
            return
        }
        if name == "br" {
            // `</br>` is a common misspelling of `<br/>`.
            flush(i)
            append(.tag(WikiTag(name: name, start: i, end: gt + 1, attributes: gt..<gt, children: [], rawContent: nil, selfClosing: true,
                                hidden: kind.contains(.hidden))))
            i = gt + 1
            textStart = i
            return
        }
        if openTags > 0, let k = nearest(crossingReferences: true, where: { if case .tag(let open, _) = $0 { open == name } else { false } }) {
            flush(i)
            collapse(into: k)
            let frame = stack.removeLast()
            openTags -= 1
            guard case .tag(_, let attributes) = frame.kind else { return }
            append(.tag(WikiTag(name: name, start: frame.start, end: gt + 1, attributes: attributes,
                                children: frame.children[...], rawContent: nil, selfClosing: false, hidden: kind.contains(.hidden))))
        } else {
            // A stray closing tag: markup without content, dropped like a comment.
            flush(i)
            append(.comment(start: i, end: gt + 1))
        }
        i = gt + 1
        textStart = i
    }

    private mutating func openingTag() {
        guard let (name, nameEnd) = tagName(at: i + 1), let kind = WikiTags.kinds[name] else {
            i += 1
            return
        }
        guard nameEnd < n, p[nameEnd] == UInt8(ascii: ">") || p[nameEnd] == UInt8(ascii: "/") || p[nameEnd] <= 0x20 else {
            i += 1
            return
        }
        // Attributes run to the next `>`; a `<` or a blank line first means this was not a tag.
        var gt = nameEnd
        let limit = min(n, nameEnd + 2048)
        var quote: UInt8 = 0
        while gt < limit {
            let c = p[gt]
            if quote != 0 {
                if c == quote { quote = 0 }
            } else if c == UInt8(ascii: ">") {
                break
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                if gt > nameEnd, p[gt - 1] == UInt8(ascii: "=") { quote = c }
            } else if c == UInt8(ascii: "<") || (c == 0x0A && gt + 1 < n && p[gt + 1] == 0x0A) {
                gt = limit
                break
            }
            gt += 1
        }
        guard gt < limit else {
            i += 1
            return
        }
        let selfClosing = p[gt - 1] == UInt8(ascii: "/")
        let attributes = nameEnd..<(selfClosing ? gt - 1 : gt)
        if selfClosing || kind.contains(.void) {
            flush(i)
            append(.tag(WikiTag(name: name, start: i, end: gt + 1, attributes: attributes, children: [], rawContent: nil, selfClosing: true,
                                hidden: kind.contains(.hidden))))
            i = gt + 1
            textStart = i
            return
        }
        if kind.contains(.raw) {
            guard !rawCloseMissing.contains(name), let (contentEnd, closeEnd) = findClosingTag(name, from: gt + 1) else {
                rawCloseMissing.insert(name)
                i += 1
                return
            }
            flush(i)
            append(.tag(WikiTag(name: name, start: i, end: closeEnd, attributes: attributes, children: [],
                                rawContent: (gt + 1)..<contentEnd, selfClosing: false, hidden: kind.contains(.hidden))))
            i = closeEnd
            textStart = i
            return
        }
        // An opening tag whose closing tag never comes is text, as in MediaWiki; checking ahead
        // keeps an unclosed `<ref>` from hiding the rest of a template from its closing braces.
        guard canOpen, hasClosingTag(name, after: gt + 1) else {
            i += 1
            return
        }
        open(.tag(name: name, attributes: attributes), length: gt + 1 - i)
    }

    private mutating func hasClosingTag(_ name: String, after k: Int) -> Bool {
        if let known = nextClosingTag[name], known == Int.max || known >= k { return known != Int.max }
        let found = findClosingTag(name, from: k)?.0 ?? Int.max
        nextClosingTag[name] = found
        return found != Int.max
    }

    /// Finds `</name>` (any case) after `from`: the offset of `<` and the offset after `>`.
    private func findClosingTag(_ name: String, from start: Int) -> (Int, Int)? {
        let needle = Array(name.utf8)
        guard let base = p.baseAddress else { return nil }
        var k = start
        while k + 2 + needle.count < n {
            guard let found = memchr(base + k, Int32(UInt8(ascii: "<")), n - 2 - needle.count - k) else { return nil }
            k = UnsafeRawPointer(found) - UnsafeRawPointer(base)
            if p[k + 1] == UInt8(ascii: "/") {
                var j = 0
                while j < needle.count, p[k + 2 + j] | 0x20 == needle[j] { j += 1 }
                if j == needle.count {
                    var gt = k + 2 + j
                    while gt < n, p[gt] == 0x20 || p[gt] == 0x09 { gt += 1 }
                    if gt < n, p[gt] == UInt8(ascii: ">") { return (k, gt + 1) }
                }
            }
            k += 1
        }
        return nil
    }

    private static func isASCIILetter(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
    }
}
