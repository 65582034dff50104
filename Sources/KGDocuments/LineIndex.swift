import Foundation

/// Maps byte offsets of a UTF-8 buffer to 1-based line numbers.
struct LineIndex: Sendable {
    /// Byte offset where each line starts; `starts[0] == 0`.
    let starts: [Int]

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var starts = [0]
        starts.reserveCapacity(bytes.count / 40 + 1)
        if let base = bytes.baseAddress {
            let end = base + bytes.count
            var at = base
            while at < end, let found = memchr(at, 0x0A, end - at) {
                let newline = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self))
                starts.append(newline - base + 1)
                at = newline + 1
            }
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
