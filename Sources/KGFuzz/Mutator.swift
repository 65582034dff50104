/// SplitMix64: tiny, fast and fully determined by its seed, so input number `i` of a run with
/// seed `s` can be rebuilt exactly when it needs replaying.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The generator for input `index` of a run: independent of every other input, so a worker
    /// restarted after a crash goes on with the same sequence.
    public init(seed: UInt64, index: UInt64) {
        var mixer = SplitMix64(seed: seed ^ (index &* 0x9E37_79B9_7F4A_7C15))
        state = mixer.next() ^ index
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// Byte-level and token-level mutations of seed inputs, plus the hostile shapes every parser
/// must survive: deep nesting, huge lines, invalid UTF-8, NUL bytes, truncation, random bytes.
struct Mutator {
    /// Tokens of the input language (`{{`, `MATCH `, `: `…): splicing them in reaches deeper
    /// parser states than random bytes do.
    let dictionary: [[UInt8]]
    /// Openers that nest (`{{`, `[[`, `(`, `[`), with their closers.
    let nesting: [(open: [UInt8], close: [UInt8])]
    /// Inputs are capped so one mutation cannot eat the machine's memory.
    var maxLength: Int
    /// Nesting depths and repeat counts to try. 10,000 is the bar; the in-process test loop can
    /// ask for shallower shapes when the deep ones are covered by a test in a child process.
    var depths: [Int] = [16, 101, 200, 1000, 10_000]

    static let interestingBytes: [UInt8] = [0x00, 0x01, 0x0A, 0x0D, 0x09, 0x20, 0x7F, 0x80, 0xBF, 0xC0, 0xC2, 0xE0,
                                            0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x22, 0x27, 0x5C, 0x60, 0x7B, 0x7D,
                                            0x5B, 0x5D, 0x28, 0x29, 0x7C, 0x3D, 0x3A, 0x2D, 0x23, 0x3C, 0x3E]
    /// Ill-formed UTF-8: lone continuation, overlong, surrogate, past U+10FFFF, truncated.
    static let invalidUTF8: [[UInt8]] = [[0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
                                         [0xF5], [0xFF], [0xE5, 0x95], [0xF0, 0x9F, 0x98], [0xC2]]
    /// Well-formed but awkward text: combining marks, right-to-left, zero width, astral, BOM.
    static let awkwardText: [String] = ["\u{0301}", "\u{202E}", "\u{200B}", "😀", "商汤科技", "\u{FEFF}", "\u{2028}",
                                        "\r\n", "\r", "\t", "\u{0}", "\u{1B}[31m", "Ǆ", "ﬃ", "İ"]

    func mutate(_ input: [UInt8], corpus: [[UInt8]], rng: inout SplitMix64) -> [UInt8] {
        var data = input
        let rounds = 1 + rng.below(rng.chance(20) ? 16 : 4)
        for _ in 0..<rounds {
            data = mutateOnce(data, corpus: corpus, rng: &rng)
            if data.count > maxLength { data.removeLast(data.count - maxLength) }
        }
        return data
    }

    private func mutateOnce(_ input: [UInt8], corpus: [[UInt8]], rng: inout SplitMix64) -> [UInt8] {
        var data = input
        let position = data.isEmpty ? 0 : rng.below(data.count + 1)
        switch rng.below(17) {
        case 0 where !data.isEmpty: // flip a bit
            let i = rng.below(data.count)
            data[i] ^= UInt8(1 << rng.below(8))
        case 1 where !data.isEmpty: // an interesting byte
            data[rng.below(data.count)] = rng.pick(Self.interestingBytes)
        case 2: // a few random bytes
            data.insert(contentsOf: (0..<(1 + rng.below(8))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, at: position)
        case 3 where !data.isEmpty: // delete a range
            let start = rng.below(data.count)
            let length = 1 + rng.below(min(64, data.count - start))
            data.removeSubrange(start..<(start + length))
        case 4 where !data.isEmpty: // duplicate a range
            let start = rng.below(data.count)
            let length = 1 + rng.below(min(256, data.count - start))
            let chunk = Array(data[start..<(start + length)])
            data.insert(contentsOf: chunk, at: rng.below(data.count + 1))
        case 5, 6, 7: // a token of the language
            if let token = dictionary.isEmpty ? nil : rng.pick(dictionary) { data.insert(contentsOf: token, at: position) }
        case 8: // a token repeated
            if let token = dictionary.isEmpty ? nil : rng.pick(dictionary) {
                let times = 2 + rng.below(rng.chance(10) ? min(2000, depths.max() ?? 2) : 40)
                data.insert(contentsOf: Array([[UInt8]](repeating: token, count: times).joined()), at: position)
            }
        case 9: // deep nesting, closed or not
            if let pair = nesting.isEmpty ? nil : rng.pick(nesting) {
                let depth = rng.pick(depths)
                var bomb = Array([[UInt8]](repeating: pair.open, count: depth).joined())
                if rng.chance(60) {
                    bomb += Array("x".utf8)
                    bomb += Array([[UInt8]](repeating: pair.close, count: rng.chance(80) ? depth : rng.below(depth)).joined())
                }
                data.insert(contentsOf: bomb, at: position)
            }
        case 10: // truncate
            data.removeLast(data.count - rng.below(data.count + 1))
        case 11 where !corpus.isEmpty: // splice with another seed
            let other = rng.pick(corpus)
            let cut = other.isEmpty ? 0 : rng.below(other.count)
            data = Array(data[..<position]) + Array(other[cut...])
        case 12: // invalid UTF-8
            data.insert(contentsOf: rng.pick(Self.invalidUTF8), at: position)
        case 13: // NUL and control bytes
            data.insert(rng.pick([0x00, 0x00, 0x1A, 0x04, 0x0C, 0x0B]), at: position)
        case 14: // a huge line
            let byte: UInt8 = rng.pick([0x61, 0x20, 0x7B, 0x5B, 0x28, 0x27, 0x3D, 0x2D, 0x7C])
            data.insert(contentsOf: [UInt8](repeating: byte, count: rng.pick([4096, 65_536, 1 << 20])), at: position)
        case 15: // awkward but valid text
            data.insert(contentsOf: Array(rng.pick(Self.awkwardText).utf8), at: position)
        default: // swap two ranges' bytes (reorders structure)
            if data.count > 2 {
                let a = rng.below(data.count), b = rng.below(data.count)
                data.swapAt(a, b)
            }
        }
        return data
    }

    /// A fresh input with no seed behind it.
    func generate(rng: inout SplitMix64) -> [UInt8] {
        switch rng.below(5) {
        case 0: // random bytes
            return (0..<rng.below(4096)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        case 1: // random printable ASCII and newlines
            return (0..<rng.below(4096)).map { _ in rng.chance(5) ? 0x0A : UInt8(0x20 + rng.below(95)) }
        case 2: // pure nesting
            guard let pair = nesting.isEmpty ? nil : rng.pick(nesting) else { return [] }
            let depth = rng.pick(depths + [depths.max() ?? 1, depths.max() ?? 1]) * (rng.chance(10) ? 5 : 1)
            return Array([[UInt8]](repeating: pair.open, count: depth).joined())
                + (rng.chance(50) ? Array([[UInt8]](repeating: pair.close, count: depth).joined()) : [])
        default: // token soup
            var data: [UInt8] = []
            for _ in 0..<(1 + rng.below(200)) {
                if rng.chance(80), !dictionary.isEmpty { data += rng.pick(dictionary) } else { data += Array(rng.pick(["x", " ", "\n", "1", "a b", "é"]).utf8) }
            }
            return data
        }
    }
}
