/// Splits rendered text into sentences. A sentence ends at `.`, `!` or `?` (with any closing
/// quotes or brackets) followed by whitespace and something that can start a sentence. A period
/// after an initial ("Gregory C. Allen"), a title ("Dr.") or inside a number does not end one; after
/// an abbreviation that may also end a sentence ("Inc.", "U.S.") it does only when a typical
/// sentence opening follows ("… by the U.S. The company …").
enum SentenceSplitter {
    /// Never end a sentence: they precede a name or a number.
    static let titles: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "st", "gen", "sen", "rep", "gov", "lt", "col", "capt", "sgt", "rev", "hon",
        "maj", "adm", "cmdr", "pres", "supt", "mt", "ft", "no", "nos", "vol", "pp", "p", "fig", "op", "art", "sec",
        "ch", "vs", "v", "cf", "ca", "c", "approx", "viz", "al", "ed", "eds", "pt", "messrs", "mme", "mlle", "sr", "jr",
    ]
    /// May end a sentence.
    static let abbreviations: Set<String> = [
        "inc", "ltd", "co", "corp", "bros", "plc", "llc", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
        "sept", "oct", "nov", "dec", "dept", "univ", "assn", "ave", "blvd", "est", "govt", "intl", "natl", "e.g", "i.e",
    ]
    /// Words that open sentences and rarely follow an abbreviation inside one.
    static let openers: Set<String> = [
        "The", "A", "An", "It", "Its", "In", "On", "At", "He", "She", "They", "We", "I", "This", "That", "These", "Those",
        "His", "Her", "Their", "Our", "However", "But", "After", "Before", "During", "Since", "As", "According",
        "Following", "When", "While", "By", "For", "From", "With", "Also", "Then", "There", "Some", "Many", "Most",
        "Both", "Each", "Later", "Meanwhile", "Earlier", "Under", "Although", "Despite", "If",
    ]

    /// Byte ranges of the sentences in `text`; no sentence ends inside one of `protected`.
    static func split(_ text: [UInt8], protected: [Range<Int>] = []) -> [Range<Int>] {
        var result: [Range<Int>] = []
        let n = text.count
        var start = 0
        var protectedIndex = 0
        var i = 0
        while i < n {
            i = text.withUnsafeBufferPointer { p in
                var k = i
                while k < n, p[k] != UInt8(ascii: "."), p[k] != UInt8(ascii: "!"), p[k] != UInt8(ascii: "?") { k += 1 }
                return k
            }
            guard i < n else { break }
            while protectedIndex < protected.count, protected[protectedIndex].upperBound <= i { protectedIndex += 1 }
            if protectedIndex < protected.count, protected[protectedIndex].contains(i) {
                i += 1
                continue
            }
            if let next = boundary(text, at: i, start: start) {
                emit(&result, text, start, next.end)
                start = next.next
                i = next.next
                continue
            }
            i += 1
        }
        emit(&result, text, start, n)
        return result
    }

    private static func emit(_ result: inout [Range<Int>], _ text: [UInt8], _ start: Int, _ end: Int) {
        var lo = start
        var hi = end
        while lo < hi, text[lo] == 0x20 { lo += 1 }
        while hi > lo, text[hi - 1] == 0x20 { hi -= 1 }
        guard lo < hi else { return }
        // A fragment without a letter or digit ("—", "…") belongs to the sentence before it.
        var hasWord = text[lo..<hi].contains { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) }
        if !hasWord, text[lo..<hi].contains(where: { $0 >= 0x80 }) {
            hasWord = String(decoding: text[lo..<hi], as: UTF8.self).unicodeScalars.contains {
                $0.properties.isAlphabetic || $0.properties.numericType != nil
            }
        }
        if !hasWord, let previous = result.last {
            result[result.count - 1] = previous.lowerBound..<hi
            return
        }
        result.append(lo..<hi)
    }

    /// If the terminal punctuation at `i` ends a sentence: where that sentence ends and where the next starts.
    private static func boundary(_ text: [UInt8], at i: Int, start: Int) -> (end: Int, next: Int)? {
        let n = text.count
        var e = i + 1
        // "...", "?!"
        while e < n, text[e] == UInt8(ascii: ".") || text[e] == UInt8(ascii: "!") || text[e] == UInt8(ascii: "?") { e += 1 }
        // Closing quotes and brackets belong to the sentence.
        while e < n {
            let c = text[e]
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") || c == UInt8(ascii: ")") || c == UInt8(ascii: "]") {
                e += 1
            } else if c == 0xE2, e + 2 < n, text[e + 1] == 0x80, text[e + 2] == 0x9D || text[e + 2] == 0x99 {
                e += 3 // ” ’
            } else {
                break
            }
        }
        guard e < n, text[e] == 0x20 else { return nil }
        var k = e
        while k < n, text[k] == 0x20 { k += 1 }
        guard k < n else { return nil }
        let next = text[k]
        let startsSentence: Bool
        if next >= UInt8(ascii: "A") && next <= UInt8(ascii: "Z") || next >= UInt8(ascii: "0") && next <= UInt8(ascii: "9") {
            startsSentence = true
        } else if next == UInt8(ascii: "\"") || next == UInt8(ascii: "'") || next == UInt8(ascii: "(") || next == UInt8(ascii: "[") {
            startsSentence = true
        } else if next >= 0x80 {
            startsSentence = !startsWithLowercase(text, at: k)
        } else {
            startsSentence = false
        }
        guard startsSentence else { return nil }
        if text[i] == UInt8(ascii: "."), e == i + 1 || text[i + 1] != UInt8(ascii: ".") {
            // The word before the period.
            var w = i
            while w > start, text[w - 1] != 0x20, text[w - 1] != UInt8(ascii: "(") && text[w - 1] != UInt8(ascii: "\"") { w -= 1 }
            let word = text[w..<i]
            if !word.isEmpty {
                if word.count == 1, let ch = word.first, ch >= UInt8(ascii: "A"), ch <= UInt8(ascii: "Z") {
                    return nil // an initial
                }
                let lowered = String(decoding: word.map { $0 | (($0 >= 0x41 && $0 <= 0x5A) ? 0x20 : 0) }, as: UTF8.self)
                if titles.contains(lowered) { return nil }
                let dotted = word.contains(UInt8(ascii: "."))
                if abbreviations.contains(lowered) || (dotted && word.count <= 6) {
                    guard isOpener(text, at: k) else { return nil }
                }
            }
        }
        return (e, k)
    }

    private static func isOpener(_ text: [UInt8], at k: Int) -> Bool {
        var e = k
        while e < text.count, text[e] != 0x20, text[e] != UInt8(ascii: ","), e - k < 20 { e += 1 }
        return openers.contains(String(decoding: text[k..<e], as: UTF8.self))
    }

    private static func startsWithLowercase(_ text: [UInt8], at k: Int) -> Bool {
        var e = k + 1
        while e < text.count, text[e] & 0xC0 == 0x80 { e += 1 }
        guard let scalar = String(decoding: text[k..<e], as: UTF8.self).unicodeScalars.first else { return false }
        return scalar.properties.isLowercase
    }
}
