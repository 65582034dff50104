/// Maps byte offsets of a UTF-8 buffer to 1-based line numbers.
struct LineIndex: Sendable {
    /// Byte offset where each line starts; `starts[0] == 0`.
    let starts: [Int]

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var starts = [0]
        starts.reserveCapacity(bytes.count / 40 + 1)
        for i in 0..<bytes.count where bytes[i] == 0x0A {
            starts.append(i + 1)
        }
        self.starts = starts
    }

    /// Line of the byte at `offset` (offsets past the end belong to the last line).
    func line(of offset: Int) -> Int {
        var lo = 0
        var hi = starts.count
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if starts[mid] <= offset { lo = mid } else { hi = mid }
        }
        return lo + 1
    }
}
