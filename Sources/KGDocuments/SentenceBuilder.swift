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
            let ascii = slice.allSatisfy { $0 < 0x80 }
            var links: [LinkSpan] = []
            while linkIndex < text.links.count, text.links[linkIndex].end <= range.lowerBound { linkIndex += 1 }
            var k = linkIndex
            while k < text.links.count, text.links[k].start < range.upperBound {
                let link = text.links[k]
                let lo = max(link.start, range.lowerBound) - range.lowerBound
                let hi = min(link.end, range.upperBound) - range.lowerBound
                if hi > lo {
                    let shown = String(decoding: text.bytes[(lo + range.lowerBound)..<(hi + range.lowerBound)], as: UTF8.self)
                    let chars = ascii ? lo..<hi : characterRange(string, lo..<hi)
                    links.append(LinkSpan(target: link.target, text: shown, range: chars))
                }
                k += 1
            }
            result.append(Sentence(text: string, line: line, sections: sections, links: links, origin: origin))
        }
        return result
    }

    /// A byte range of `s` as a range of `Character` offsets.
    static func characterRange(_ s: String, _ bytes: Range<Int>) -> Range<Int> {
        let utf8 = s.utf8
        let lo = utf8.index(utf8.startIndex, offsetBy: bytes.lowerBound)
        let hi = utf8.index(utf8.startIndex, offsetBy: bytes.upperBound)
        let start = s[..<lo].count
        let length = s[lo..<hi].count
        return start..<(start + length)
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
