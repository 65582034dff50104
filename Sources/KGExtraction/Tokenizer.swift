/// What a character is, worked out once per sentence: the rules ask the same few questions of
/// every character many times.
struct CharFlags: OptionSet, Hashable, Sendable {
    let rawValue: UInt8
    static let letter = CharFlags(rawValue: 1)
    static let upper = CharFlags(rawValue: 2)
    static let lower = CharFlags(rawValue: 4)
    static let number = CharFlags(rawValue: 8)
    /// The first scalar is Han, kana or Hangul (`Tokenizer.isHan`).
    static let han = CharFlags(rawValue: 16)

    init(rawValue: UInt8) { self.rawValue = rawValue }

    init(_ c: Character) {
        var f: CharFlags = []
        if c.isLetter { f.insert(.letter) }
        if c.isUppercase { f.insert(.upper) }
        if c.isLowercase { f.insert(.lower) }
        if c.isNumber { f.insert(.number) }
        if let s = c.unicodeScalars.first, Tokenizer.isHan(s) { f.insert(.han) }
        self = f
    }

    /// A letter or a digit: what words are made of.
    var isWord: Bool { !isDisjoint(with: [.letter, .number]) }

    static let ascii: [CharFlags] = (0..<128).map { CharFlags(Character(Unicode.Scalar(UInt8($0)))) }
}

/// A sentence's text read once: positions count `Character`s (as link ranges and mentions do),
/// over the text's UTF-8 bytes, with each character's classes worked out once. In ASCII text (most
/// sentences) a character is a byte, and no table of offsets is kept.
struct SentenceText {
    let string: String
    let utf8: [UInt8]
    /// Number of characters.
    let count: Int
    let isASCII: Bool
    private let flags: [CharFlags]
    /// Outside ASCII text: the byte offset each character starts at, and the end.
    private let starts: [Int]
    /// Outside ASCII text: each character's only scalar, or nil when it has several.
    private let scalars: [Unicode.Scalar?]

    init(_ string: String) {
        self.string = string
        utf8 = Array(string.utf8)
        // "\r\n" is one character: such text takes the general path.
        if utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
            isASCII = true
            count = utf8.count
            flags = utf8.map { CharFlags.ascii[Int($0)] }
            starts = []
            scalars = []
        } else {
            isASCII = false
            var flags: [CharFlags] = [], starts: [Int] = [], scalars: [Unicode.Scalar?] = []
            flags.reserveCapacity(utf8.count)
            starts.reserveCapacity(utf8.count + 1)
            scalars.reserveCapacity(utf8.count)
            var offset = 0
            for c in string {
                starts.append(offset)
                offset += c.utf8.count
                flags.append(c.utf8.count == 1 ? CharFlags.ascii[Int(c.utf8.first!)] : CharFlags(c))
                let u = c.unicodeScalars
                scalars.append(u.index(after: u.startIndex) == u.endIndex ? u.first : nil)
            }
            starts.append(offset)
            count = flags.count
            self.flags = flags
            self.starts = starts
            self.scalars = scalars
        }
    }

    @inline(__always) func flags(_ i: Int) -> CharFlags { flags[i] }

    /// The character at `i` when it is a single scalar: `text[i] == "'"` is `chars[i] == "'"`
    /// for the punctuation the rules look for (none of it has another canonical form).
    @inline(__always) subscript(i: Int) -> Unicode.Scalar? {
        isASCII ? Unicode.Scalar(utf8[i]) : scalars[i]
    }

    @inline(__always) func byteOffset(_ i: Int) -> Int { isASCII ? i : starts[i] }

    func byteRange(_ r: Range<Int>) -> Range<Int> { byteOffset(r.lowerBound)..<byteOffset(r.upperBound) }

    /// The characters from `i` on are `phrase` (compared scalar by scalar: the phrases are ASCII).
    func matches(_ phrase: String, at i: Int) -> Bool {
        var k = i
        for s in phrase.unicodeScalars {
            guard k < count, self[k] == s else { return false }
            k += 1
        }
        return true
    }

    /// `String(chars[r])`.
    func string(_ r: Range<Int>) -> String {
        String(decoding: utf8[byteRange(r)], as: UTF8.self)
    }

    /// The characters in `r` lower-cased: `String(chars[r]).lowercased()`.
    func lowercased(_ r: Range<Int>) -> String {
        let bytes = byteRange(r)
        if isASCII { return Tokenizer.asciiLowercased(utf8[bytes]) }
        return string(r).lowercased()
    }
}

/// A word of a sentence, with where it sits (in `Character` offsets).
struct Token: Hashable, Sendable {
    let text: String
    let range: Range<Int>
    /// Followed directly by "'s" / "’s" (not part of `text` or `range`).
    let possessive: Bool
    /// Starts a name: a capital or Han first letter, "iFlytek", "3M". Read many times per
    /// token, so worked out once.
    let isCapitalized: Bool
    /// The first character's classes.
    let first: CharFlags
    /// `text.lowercased()` and `NameFolding.fold(text)`, asked of the same tokens again and again.
    let lower: String
    let folded: String
}

/// Splits rendered sentence text into words, keeping abbreviations ("U.S.", "Inc.", "C.") and
/// internal apostrophes ("Xiao'ou") whole and setting possessives apart.
enum Tokenizer {
    static let abbreviations: Set<String> = ["inc", "ltd", "co", "corp", "jr", "sr", "st", "dr", "mr", "mrs", "ms", "prof", "no", "bros", "plc", "llc"]

    static func isHan(_ s: Unicode.Scalar) -> Bool {
        (0x4E00...0x9FFF).contains(s.value) || (0x3400...0x4DBF).contains(s.value) || (0x3040...0x30FF).contains(s.value)
            || (0xAC00...0xD7AF).contains(s.value)
    }

    static func asciiLowercased(_ bytes: ArraySlice<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { buffer in
            var n = 0
            for b in bytes {
                buffer[n] = b >= 0x41 && b <= 0x5A ? b + 32 : b
                n += 1
            }
            return n
        }
    }

    static func tokenize(_ text: SentenceText) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(text.count / 4)
        func token(_ range: Range<Int>, possessive: Bool) -> Token {
            let first = text.flags(range.lowerBound)
            var capitalized = first.contains(.upper) || first.contains(.han)
            // "iFlytek", "eBay": a lower-case letter then an upper-case one.
            if !capitalized, first.contains(.lower), range.count > 1, text.flags(range.lowerBound + 1).contains(.upper) { capitalized = true }
            if !capitalized, first.contains(.number) {
                capitalized = range.contains { text.flags($0).contains(.upper) } && range.contains { text.flags($0).contains(.letter) }
            }
            let word = text.string(range)
            let bytes = text.byteRange(range)
            guard text.isASCII else {
                return Token(text: word, range: range, possessive: possessive, isCapitalized: capitalized, first: first,
                             lower: word.lowercased(), folded: NameFolding.fold(word))
            }
            // Most words are letters alone: lower-cased they are folded, and most have no capital.
            var upper = false, punctuated = false
            for b in text.utf8[bytes] {
                switch b {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): upper = true
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): break
                default: punctuated = true
                }
            }
            let lower = upper ? asciiLowercased(text.utf8[bytes]) : word
            let folded = punctuated ? text.utf8.withUnsafeBufferPointer { NameFolding.foldASCII(UnsafeBufferPointer(rebasing: $0[bytes]))! } : lower
            return Token(text: word, range: range, possessive: possessive, isCapitalized: capitalized, first: first, lower: lower, folded: folded)
        }
        var i = 0
        let n = text.count
        while i < n {
            let c = text[i]
            if !text.flags(i).isWord && c != "&" { i += 1; continue }
            if c == "&" {
                tokens.append(token(i..<(i + 1), possessive: false))
                i += 1
                continue
            }
            let start = i
            var j = i
            var possessive = false
            while j < n {
                if text.flags(j).isWord { j += 1; continue }
                let ch = text[j]
                if ch == "'" || ch == "\u{2019}" {
                    // Possessive "'s" at a word's end.
                    if j + 1 < n, text[j + 1] == "s", j + 2 >= n || !text.flags(j + 2).isWord {
                        possessive = true
                        break
                    }
                    // Internal apostrophe: "Xiao'ou", "O'Brien".
                    if j + 1 < n, text.flags(j + 1).contains(.letter), j > start { j += 1; continue }
                    break
                }
                if ch == "-" {
                    // "Next-Generation" stays whole; "Kong-headquartered" splits.
                    if j + 1 < n, !text.flags(j + 1).isDisjoint(with: [.upper, .number]) { j += 1; continue }
                    break
                }
                if ch == "&", j + 1 < n, text.flags(j + 1).contains(.upper), j > start, text.flags(j - 1).contains(.upper) {
                    j += 1; continue   // "AT&T"
                }
                if ch == "." {
                    // "Pony.ai", "Amazon.com": a dot inside a name.
                    if j + 1 < n, text.flags(j + 1).contains(.lower), j + 2 < n, text.flags(j + 2).contains(.letter),
                       text.flags(start).contains(.upper) {
                        j += 1; continue
                    }
                    // "U.S.", "U.S.A.", "A.I.": single letters separated by periods.
                    if singleLettersBetweenDots(text, start..<j) {
                        if j + 1 < n, text.flags(j + 1).contains(.letter), text.flags(j + 1).contains(.upper) { j += 1; continue }
                        j += 1
                        break
                    }
                    if j - start <= 8, abbreviations.contains(text.lowercased(start..<j)) { j += 1; break }
                    break
                }
                break
            }
            if j > start {
                tokens.append(token(start..<j, possessive: possessive))
            }
            i = possessive ? j + 2 : max(j, start + 1)
        }
        return tokens
    }

    /// "U.S", "A.I": every piece between periods one character long, ending in a letter.
    private static func singleLettersBetweenDots(_ text: SentenceText, _ word: Range<Int>) -> Bool {
        guard let last = word.last, text.flags(last).contains(.letter) else { return false }
        var piece = 0
        for i in word {
            if text[i] == "." { piece = 0; continue }
            piece += 1
            if piece > 1 { return false }
        }
        return true
    }
}
