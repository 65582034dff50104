import Foundation

/// Reading valid UTF-8 (a Swift string's bytes) a scalar at a time, and the character classes
/// ICU's regular expressions use, for scanners written out in place of an expression.
enum UTF8Scan {
    /// The scalar starting at byte `i` and its length in bytes.
    @inline(__always)
    static func scalar(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar, Int) {
        let b0 = UInt32(bytes[i])
        if b0 < 0x80 { return (Unicode.Scalar(UInt8(b0)), 1) }
        if b0 < 0xE0 { return (scalar((b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)), 2) }
        if b0 < 0xF0 {
            return (scalar((b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)), 3)
        }
        return (scalar((b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F)), 4)
    }

    /// The scalar that ends at byte `i` and the byte it starts at.
    @inline(__always)
    static func scalar(_ bytes: UnsafeBufferPointer<UInt8>, before i: Int) -> (Unicode.Scalar, Int) {
        var j = i - 1
        while bytes[j] & 0xC0 == 0x80 { j -= 1 }
        return (scalar(bytes, at: j).0, j)
    }

    private static func scalar(_ value: UInt32) -> Unicode.Scalar {
        // Valid UTF-8 decodes to a valid scalar.
        Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    /// `\d`: a decimal digit of any script.
    @inline(__always)
    static func isDecimal(_ s: Unicode.Scalar) -> Bool {
        s.isASCII ? (s.value >= 48 && s.value <= 57) : s.properties.generalCategory == .decimalNumber
    }

    /// An ASCII byte that `\w` matches: a letter, a digit or `_`.
    @inline(__always)
    static func isASCIIWord(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95
    }

    /// An ASCII byte that `\s` matches.
    @inline(__always)
    static func isASCIISpace(_ b: UInt8) -> Bool { b == 32 || (b >= 9 && b <= 13) }

    /// An ASCII letter.
    @inline(__always)
    static func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= 97 && (b | 0x20) <= 122 }

    /// ICU's `\w`: `[\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\u200c\u200d]`.
    static func isRegexWord(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII { return isASCIIWord(UInt8(s.value)) }
        if s.value == 0x200C || s.value == 0x200D { return true }
        let p = s.properties
        if p.isAlphabetic { return true }
        switch p.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation: return true
        default: return false
        }
    }

    /// What ICU's `\b` looks through: a grapheme extender or a format character is never a
    /// boundary itself and is skipped when looking back.
    static func isBoundaryTransparent(_ s: Unicode.Scalar) -> Bool {
        !s.isASCII && (s.properties.isGraphemeExtend || s.properties.generalCategory == .format)
    }

    /// The last scalar before byte `i` that `\b` does not look through is a word character.
    static func wordBefore(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        var j = i
        while j > 0 {
            let (s, start) = scalar(bytes, before: j)
            if !isBoundaryTransparent(s) { return isRegexWord(s) }
            j = start
        }
        return false
    }

    /// Where the text ending at byte `end` that is `word` (ASCII, its letters in lower case) starts,
    /// ignoring case as ICU does: the only other character that folds to an ASCII letter of
    /// these words is "ſ" (long s).
    static func foldedStart(_ bytes: UnsafeBufferPointer<UInt8>, _ end: Int, _ word: [UInt8]) -> Int? {
        var j = end
        for w in word.reversed() {
            guard j > 0 else { return nil }
            let b = bytes[j - 1]
            if b == w || (w >= 0x61 && w <= 0x7A && b == w - 32) {
                j -= 1
            } else if w == UInt8(ascii: "s"), j >= 2, b == 0xBF, bytes[j - 2] == 0xC5 {
                j -= 2
            } else {
                return nil
            }
        }
        return j
    }

    /// The bytes ending at `end` are `word`.
    static func endsWith(_ bytes: UnsafeBufferPointer<UInt8>, _ end: Int, _ word: [UInt8]) -> Bool {
        end >= word.count && hasPrefix(bytes, end - word.count, word)
    }

    /// `\s`: White_Space.
    @inline(__always)
    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        s.isASCII ? isASCIISpace(UInt8(s.value)) : s.properties.isWhitespace
    }

    /// Where the run of spaces from byte `i` ends.
    static func spaces(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        var k = i
        while k < bytes.count {
            let (s, length) = scalar(bytes, at: k)
            guard isSpace(s) else { break }
            k += length
        }
        return k
    }

    /// Where the run of spaces ending at byte `i` starts.
    static func spacesBefore(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        var k = i
        while k > 0 {
            let (s, start) = scalar(bytes, before: k)
            guard isSpace(s) else { break }
            k = start
        }
        return k
    }

    /// `\b` at byte `i` right after a word character: the end, or a character that is neither a
    /// word character nor looked through.
    static func boundaryAfterWord(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        guard i < bytes.count else { return true }
        let s = scalar(bytes, at: i).0
        return !isBoundaryTransparent(s) && !isRegexWord(s)
    }

    /// Byte offsets as UTF-16 offsets, as `NSRange` counts.
    static func utf16Range(_ bytes: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> NSRange {
        func units(_ from: Int, _ to: Int) -> Int {
            var n = 0
            for k in from..<to where bytes[k] & 0xC0 != 0x80 { n += bytes[k] >= 0xF0 ? 2 : 1 }
            return n
        }
        let start = units(0, r.lowerBound)
        return NSRange(location: start, length: units(r.lowerBound, r.upperBound))
    }

    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self)
    }

    /// The bytes from `i` on start with `word`.
    static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ i: Int, _ word: [UInt8]) -> Bool {
        guard i + word.count <= bytes.count else { return false }
        for k in 0..<word.count where bytes[i + k] != word[k] { return false }
        return true
    }
}
