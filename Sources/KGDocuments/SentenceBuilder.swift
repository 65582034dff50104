/// Cuts a rendered block into `Sentence` values: line numbers from the buffer's anchors, link
/// ranges converted from bytes to `Character` offsets.
enum SentenceBuilder {
    static func sentences(from text: TextBuffer, sections: [String], origin: Sentence.Origin = .body) -> [Sentence] {
        let protected = text.links.map { $0.start..<$0.end }
        let ranges = SentenceSplitter.split(text.bytes, protected: protected)
        var result: [Sentence] = []
        result.reserveCapacity(ranges.count)
        var anchorIndex = 0
        var linkIndex = 0
        for range in ranges {
            while anchorIndex + 1 < text.anchors.count, text.anchors[anchorIndex + 1].offset <= range.lowerBound { anchorIndex += 1 }
            let line = text.anchors.isEmpty ? text.line : text.anchors[anchorIndex].line
            let slice = text.bytes[range]
            let string = String(decoding: slice, as: UTF8.self)
            // Byte offsets are `Character` offsets up to the first non-ASCII byte or carriage
            // return ("\r\n" is one `Character`); a `Substring` counts within its own bounds, so
            // what follows that point does not change the count before it.
            let firstNonASCII = slice.firstIndex { $0 >= 0x80 }
            let plainEnd = firstNonASCII.map { (slice[..<$0].firstIndex(of: 0x0D) ?? $0) - range.lowerBound } ?? Int.max
            var links: [LinkSpan] = []
            var offsets = CharacterOffsets(string)
            while linkIndex < text.links.count, text.links[linkIndex].end <= range.lowerBound { linkIndex += 1 }
            var k = linkIndex
            while k < text.links.count, text.links[k].start < range.upperBound {
                let link = text.links[k]
                let lo = max(link.start, range.lowerBound) - range.lowerBound
                let hi = min(link.end, range.upperBound) - range.lowerBound
                if hi > lo {
                    let shown = String(decoding: text.bytes[(lo + range.lowerBound)..<(hi + range.lowerBound)], as: UTF8.self)
                    let chars = hi <= plainEnd ? lo..<hi : offsets.characterRange(lo..<hi)
                    links.append(LinkSpan(target: link.target, text: shown, range: chars))
                }
                k += 1
            }
            result.append(Sentence(text: string, line: line, sections: sections, links: links, origin: origin))
        }
        return result
    }

    /// Sentences of a plain string (news excerpts): no links, one starting line.
    static func sentences(of string: String, line: Int, sections: [String] = [], origin: Sentence.Origin) -> [Sentence] {
        sentences(from: buffer(string, line: line), sections: sections, origin: origin)
    }

    /// A headline is one unit even when it holds a period ("U.S. Adds Acme to List. Shares Fall").
    static func headline(_ string: String, line: Int, origin: Sentence.Origin) -> Sentence? {
        let text = buffer(string, line: line).string
        return text.isEmpty ? nil : Sentence(text: text, line: line, origin: origin)
    }

    private static func buffer(_ string: String, line: Int) -> TextBuffer {
        var buffer = TextBuffer()
        buffer.line = line
        for c in string.utf8 {
            if c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D { buffer.space() } else { buffer.append(c) }
        }
        return buffer
    }
}

/// Byte ranges of one string as ranges of `Character` offsets (what `LinkSpan.range` counts),
/// for ranges that come in increasing order, as a sentence's links do. The characters before a
/// range are `string[..<lo].count`, but counted on from the last range: from the last point
/// before `lo` where an ASCII character other than a carriage return is followed by another
/// ASCII character. A grapheme break there depends on those two characters alone, so the count
/// up to it is the same in any prefix that goes past it.
struct CharacterOffsets {
    private let string: String
    /// A byte offset at such a break (or 0), and the `Character`s before it.
    private var position = 0
    private var characters = 0

    init(_ string: String) {
        self.string = string
    }

    mutating func characterRange(_ bytes: Range<Int>) -> Range<Int> {
        let utf8 = string.utf8
        func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        let lo = bytes.lowerBound
        if lo < position {
            position = 0
            characters = 0
        }
        var breakPoint = lo
        while breakPoint > position {
            if breakPoint < utf8.count {
                let before = utf8[index(breakPoint - 1)]
                if before < 0x80, before != 0x0D, utf8[index(breakPoint)] < 0x80 { break }
            }
            breakPoint -= 1
        }
        characters += string[index(position)..<index(breakPoint)].count
        position = breakPoint
        let start = characters + string[index(breakPoint)..<index(lo)].count
        let length = string[index(lo)..<index(bytes.upperBound)].count
        return start..<(start + length)
    }
}
