/// How many terminal columns text takes, so table columns line up when cells hold CJK text,
/// emoji or combining marks (a `String.count` of 4 for 商汤科技 would misalign it by 4 columns).
///
/// Per grapheme cluster: East Asian Wide and Fullwidth characters and emoji presentation take two
/// columns; combining marks, format characters and controls take none; everything else one.
public enum DisplayWidth {
    public static func columns(_ text: String) -> Int {
        var total = 0
        for character in text { total += columns(of: character) }
        return total
    }

    public static func columns(of character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        // A variation selector 16 asks for emoji presentation, which terminals draw two wide.
        if scalars.count > 1, scalars.contains(where: { $0.value == 0xFE0F }), first.properties.isEmoji { return 2 }
        return columns(of: first)
    }

    static func columns(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v == 0 { return 0 }
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        if v < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v >= 0x1160 && v <= 0x11FF { return 0 } // Hangul medial vowels and final consonants join the syllable.
        if v == 0x200B { return 0 }
        if scalar.properties.isEmojiPresentation { return 2 }
        return isWide(v) ? 2 : 1
    }

    /// East Asian Width W and F (Unicode 15, UAX #11), as ranges.
    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
             0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1AFF0...0x1B2FF, 0x1F200...0x1F2FF,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// The longest prefix of `text` that fits in `width` columns, with `…` in the last column when
    /// something was cut.
    public static func truncate(_ text: String, toColumns width: Int) -> String {
        guard width > 0 else { return "" }
        if columns(text) <= width { return text }
        var out = ""
        var used = 0
        for character in text {
            let w = columns(of: character)
            if used + w > width - 1 { break }
            out.append(character)
            used += w
        }
        return out + "…"
    }

    /// `text` followed by spaces up to `width` columns (or preceded, right-aligned).
    public static func pad(_ text: String, toColumns width: Int, rightAligned: Bool = false) -> String {
        let fill = max(0, width - columns(text))
        let spaces = String(repeating: " ", count: fill)
        return rightAligned ? spaces + text : text + spaces
    }
}
