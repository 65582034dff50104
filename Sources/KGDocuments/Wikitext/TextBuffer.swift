/// Plain text being rendered, as UTF-8 bytes, with the wiki links inside it and the source line
/// each stretch of it came from. Whitespace is collapsed as it is appended, and the spacing that
/// dropped markup leaves behind ("Acme (<ref/>) ," → "Acme,") is tidied on the way.
struct TextBuffer {
    struct Link {
        var target: String
        var start: Int
        var end: Int
    }

    var bytes: [UInt8] = []
    var links: [Link] = []
    /// (offset in `bytes`, source line): bytes from `offset` on came from `line` or later.
    var anchors: [(offset: Int, line: Int)] = []
    /// The source line of the next byte appended.
    var line = 1
    var pendingSpace = false
    /// Field values: list items, `<br>` and line breaks separate values with ", ".
    var pendingSeparator = false
    /// The first bold phrase (`'''…'''`), for the article title.
    var firstBold: Range<Int>?
    var boldStart: Int?
    var isListItem = false

    private var anchoredLine = -1

    var isEmpty: Bool { bytes.isEmpty }

    /// Empties the buffer for the next block, keeping only the current line and the room the
    /// bytes had: the next paragraph is about as long, and growing to it by doubling costs
    /// several copies. (When the bytes went to a finished block, a new buffer of that size is
    /// made; the block keeps its own.)
    mutating func startOver() {
        var fresh = TextBuffer()
        fresh.line = line
        swap(&fresh.bytes, &bytes)
        fresh.bytes.removeAll(keepingCapacity: true)
        self = fresh
    }

    mutating func space() {
        if !bytes.isEmpty { pendingSpace = true }
    }

    mutating func separator() {
        if !bytes.isEmpty { pendingSeparator = true }
    }

    /// Appends one byte of content, resolving pending whitespace first.
    @inline(__always)
    mutating func append(_ c: UInt8) {
        if pendingSpace || pendingSeparator {
            resolvePending(before: c)
            if c == UInt8(ascii: ")"), let last = bytes.last, last == UInt8(ascii: "(") {
                dropEmptyParenthesis()
                return
            }
        } else if c == UInt8(ascii: ")"), let last = bytes.last, last == UInt8(ascii: "(") {
            dropEmptyParenthesis()
            return
        } else if c == UInt8(ascii: ","), let last = bytes.last, last == UInt8(ascii: ",") {
            return
        }
        if let last = bytes.last {
            // What dropped templates leave inside parentheses: "(; 中文)", "(中文, )".
            if last == UInt8(ascii: "("), c == UInt8(ascii: ";") || c == UInt8(ascii: ",") { return }
            if c == UInt8(ascii: ")"), last == UInt8(ascii: ";") || last == UInt8(ascii: ",") {
                bytes.removeLast()
                if bytes.last == UInt8(ascii: "(") {
                    dropEmptyParenthesis()
                    return
                }
            }
        }
        if line != anchoredLine {
            anchors.append((bytes.count, line))
            anchoredLine = line
        }
        bytes.append(c)
    }

    /// Bytes `append` does nothing special with once a byte has gone in before them.
    @inline(__always)
    static func isPlain(_ c: UInt8) -> Bool {
        c != UInt8(ascii: ")") && c != UInt8(ascii: ",") && c != UInt8(ascii: ";")
    }

    /// Appends bytes of which all but the first are `isPlain`: once the first is in, the rest
    /// need no tidying (no pending space, same line, nothing to drop), so they are copied as they are.
    mutating func append(plain run: UnsafeBufferPointer<UInt8>) {
        guard let first = run.first else { return }
        append(first)
        if run.count > 1 { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: run[1...])) }
    }

    mutating func append<S: Sequence>(contentsOf s: S) where S.Element == UInt8 {
        for c in s { append(c) }
    }

    mutating func append(_ s: String) {
        for c in s.utf8 { append(c) }
    }

    private mutating func resolvePending(before c: UInt8) {
        defer {
            pendingSpace = false
            pendingSeparator = false
        }
        guard let last = bytes.last else { return }
        if pendingSeparator {
            if last == UInt8(ascii: ",") || last == UInt8(ascii: "(") {
                if last == UInt8(ascii: ",") { bytes.append(0x20) }
                return
            }
            if c == UInt8(ascii: ",") || c == UInt8(ascii: ")") { return }
            bytes.append(UInt8(ascii: ","))
            bytes.append(0x20)
            return
        }
        switch c {
        case UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: ";"), UInt8(ascii: ":"), UInt8(ascii: ")"),
             UInt8(ascii: "!"), UInt8(ascii: "?"):
            // A space before punctuation is what a dropped ref or template leaves.
            return
        default:
            if last == UInt8(ascii: "(") || last == 0x20 { return }
            bytes.append(0x20)
        }
    }

    /// "Acme ({{lang|…}})" with the template dropped: remove the parentheses and the space before.
    private mutating func dropEmptyParenthesis() {
        bytes.removeLast()
        if bytes.last == 0x20 {
            bytes.removeLast()
            pendingSpace = true
        }
        let count = bytes.count
        while let last = anchors.last, last.offset > count {
            anchors.removeLast()
            anchoredLine = anchors.last?.line ?? -1
        }
    }

    /// Materialises a pending space so that a link's text starts at `bytes.count`.
    mutating func startSpan() -> Int {
        if pendingSeparator, !bytes.isEmpty {
            let last = bytes[bytes.count - 1]
            if last != UInt8(ascii: ",") && last != UInt8(ascii: "(") { bytes.append(UInt8(ascii: ",")) }
            if last != UInt8(ascii: "(") { bytes.append(0x20) }
        } else if pendingSpace, let last = bytes.last, last != 0x20, last != UInt8(ascii: "(") {
            bytes.append(0x20)
        }
        pendingSpace = false
        pendingSeparator = false
        return bytes.count
    }

    mutating func toggleBold() {
        if let start = boldStart {
            if firstBold == nil, bytes.count > start { firstBold = start..<bytes.count }
            boldStart = nil
        } else {
            boldStart = startSpan()
        }
    }

    /// The text as a string with surrounding whitespace removed.
    var string: String {
        var lo = 0
        var hi = bytes.count
        while lo < hi, bytes[lo] == 0x20 { lo += 1 }
        while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == UInt8(ascii: ",") { hi -= 1 }
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }
}
