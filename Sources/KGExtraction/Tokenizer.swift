/// A word of a sentence, with where it sits (in `Character` offsets).
struct Token: Hashable, Sendable {
    let text: String
    let range: Range<Int>
    /// Followed directly by "'s" / "’s" (not part of `text` or `range`).
    let possessive: Bool
    /// Starts a name: see `capitalized(_:)`. Read many times per token, so worked out once.
    let isCapitalized: Bool

    init(text: String, range: Range<Int>, possessive: Bool) {
        self.text = text
        self.range = range
        self.possessive = possessive
        isCapitalized = Self.capitalized(text)
    }

    static func capitalized(_ text: String) -> Bool {
        guard let first = text.first else { return false }
        if first.isUppercase { return true }
        if first.unicodeScalars.first.map(Tokenizer.isHan) == true { return true }
        // "iFlytek", "eBay": a lower-case letter then an upper-case one.
        if first.isLowercase, text.count > 1, text.dropFirst().first?.isUppercase == true { return true }
        if first.isNumber, text.contains(where: \.isUppercase), text.contains(where: \.isLetter) { return true }
        return false
    }
}

/// Splits rendered sentence text into words, keeping abbreviations ("U.S.", "Inc.", "C.") and
/// internal apostrophes ("Xiao'ou") whole and setting possessives apart.
enum Tokenizer {
    static let abbreviations: Set<String> = ["inc", "ltd", "co", "corp", "jr", "sr", "st", "dr", "mr", "mrs", "ms", "prof", "no", "bros", "plc", "llc"]

    static func isHan(_ s: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(s.value) || (0x3400...0x4DBF).contains(s.value) || (0x3040...0x30FF).contains(s.value)
            || (0xAC00...0xD7AF).contains(s.value)
    }

    static func isWordChar(_ c: Character) -> Bool {
        if let a = c.asciiValue, c.utf8.count == 1 {
            return (a >= 48 && a <= 57) || (a >= 65 && a <= 90) || (a >= 97 && a <= 122)
        }
        return c.isLetter || c.isNumber
    }

    /// The characters as a string; ASCII (most words) written straight as bytes.
    static func text(_ chars: [Character], _ range: Range<Int>) -> String {
        var ascii = true
        let s = String(unsafeUninitializedCapacity: range.count) { buffer in
            var n = 0
            for i in range {
                guard let a = chars[i].asciiValue, chars[i].utf8.count == 1 else { ascii = false; return 0 }
                buffer[n] = a
                n += 1
            }
            return n
        }
        return ascii ? s : String(chars[range])
    }

    static func tokenize(_ chars: [Character]) -> [Token] {
        var tokens: [Token] = []
        var i = 0
        let n = chars.count
        while i < n {
            let c = chars[i]
            if !isWordChar(c) && c != "&" { i += 1; continue }
            if c == "&" {
                tokens.append(Token(text: "&", range: i..<(i + 1), possessive: false))
                i += 1
                continue
            }
            let start = i
            var j = i
            var possessive = false
            while j < n {
                let ch = chars[j]
                if isWordChar(ch) { j += 1; continue }
                if ch == "'" || ch == "\u{2019}" {
                    // Possessive "'s" at a word's end.
                    if j + 1 < n, chars[j + 1] == "s", j + 2 >= n || !isWordChar(chars[j + 2]) {
                        possessive = true
                        break
                    }
                    // Internal apostrophe: "Xiao'ou", "O'Brien".
                    if j + 1 < n, chars[j + 1].isLetter, j > start { j += 1; continue }
                    break
                }
                if ch == "-" {
                    // "Next-Generation" stays whole; "Kong-headquartered" splits.
                    if j + 1 < n, chars[j + 1].isUppercase || chars[j + 1].isNumber { j += 1; continue }
                    break
                }
                if ch == "&", j + 1 < n, chars[j + 1].isUppercase, j > start, chars[j - 1].isUppercase {
                    j += 1; continue   // "AT&T"
                }
                if ch == "." {
                    let word = String(chars[start..<j])
                    // "Pony.ai", "Amazon.com": a dot inside a name.
                    if j + 1 < n, chars[j + 1].isLowercase, j + 2 < n, chars[j + 2].isLetter, word.first?.isUppercase == true {
                        j += 1; continue
                    }
                    // "U.S.", "U.S.A.", "A.I.": single letters separated by periods.
                    let lettersOnly = word.split(separator: ".").allSatisfy { $0.count == 1 }
                    if lettersOnly && word.last?.isLetter == true && word.split(separator: ".").last?.count == 1 {
                        if j + 1 < n, chars[j + 1].isLetter, chars[j + 1].isUppercase { j += 1; continue }
                        j += 1
                        break
                    }
                    if abbreviations.contains(word.lowercased()) { j += 1; break }
                    break
                }
                break
            }
            if j > start {
                tokens.append(Token(text: text(chars, start..<j), range: start..<j, possessive: possessive))
            }
            i = possessive ? j + 2 : max(j, start + 1)
        }
        return tokens
    }
}
