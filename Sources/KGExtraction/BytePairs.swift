/// Which byte pairs (hashed to 4096 bits) occur in a text. A word with a pair the text lacks is
/// not in it, and one missing pair says so without searching: most of the phrases the anaphora
/// look for are absent from most sentences.
struct BytePairs {
    private let bits: [UInt64]

    init(_ bytes: [UInt8]) {
        var bits = [UInt64](repeating: 0, count: 64)
        for i in bytes.indices.dropFirst() {
            let h = Self.hash(bytes[i - 1], bytes[i])
            bits[h >> 6] |= 1 << UInt64(h & 63)
        }
        self.bits = bits
    }

    @inline(__always) static func hash(_ a: UInt8, _ b: UInt8) -> Int { (Int(a) &* 31 &+ Int(b)) & 4095 }

    static func hashes(_ bytes: [UInt8]) -> [Int] {
        bytes.indices.dropFirst().map { hash(bytes[$0 - 1], bytes[$0]) }
    }

    /// False when the pairs (`hashes`, in any integer type) include one missing from the text.
    @inline(__always) func mayContain<C: Collection>(_ pairs: C) -> Bool where C.Element: BinaryInteger {
        bits.withUnsafeBufferPointer { b in
            pairs.allSatisfy { let h = Int($0); return b[h >> 6] & (1 << UInt64(h & 63)) != 0 }
        }
    }
}
