import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file (or standard input) line by line in large blocks, handing out each line as a
/// view into its buffer: no per-line allocation, and memory bounded by the longest line.
final class LineReader {
    private let fd: Int32
    private let ownsDescriptor: Bool
    let name: String
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var filled = 0
    private var position = 0
    private var atEOF = false
    /// The number of the line last returned, from 1.
    private(set) var lineNumber = 0
    private var source: [UInt8]?

    /// `-` reads standard input.
    init(path: String) throws {
        if path == "-" {
            fd = STDIN_FILENO
            ownsDescriptor = false
            name = "<stdin>"
        } else {
            let opened = open(path, O_RDONLY | O_CLOEXEC)
            guard opened >= 0 else { throw ExportError.cannotRead(path, reason: String(cString: strerror(errno))) }
            var info = stat()
            if fstat(opened, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                _ = posixClose(opened)
                throw ExportError.cannotRead(path, reason: "it is a directory")
            }
            fd = opened
            ownsDescriptor = true
            name = path
        }
        capacity = 1 << 20
        storage = .allocate(capacity: capacity)
    }

    /// Reads lines from bytes already in memory.
    init(bytes: [UInt8], name: String) {
        fd = -1
        ownsDescriptor = false
        self.name = name
        capacity = max(bytes.count, 1)
        storage = .allocate(capacity: capacity)
        bytes.withUnsafeBufferPointer { storage.update(from: $0.baseAddress!, count: bytes.count) }
        filled = bytes.count
        atEOF = true
    }

    deinit {
        storage.deallocate()
        if ownsDescriptor { _ = posixClose(fd) }
    }

    /// The next line without its `\n` (and `\r\n`), valid until the next call; nil at the end.
    func nextLine() throws -> UnsafeBufferPointer<UInt8>? {
        while true {
            if position < filled,
               let newline = memchr(storage + position, 0x0A, filled - position) {
                let end = newline.assumingMemoryBound(to: UInt8.self) - storage
                let line = lineView(from: position, to: end)
                position = end + 1
                lineNumber += 1
                return line
            }
            if atEOF {
                guard position < filled else { return nil }
                let line = lineView(from: position, to: filled)
                position = filled
                lineNumber += 1
                return line
            }
            try refill()
        }
    }

    private func lineView(from start: Int, to end: Int) -> UnsafeBufferPointer<UInt8> {
        var end = end
        if end > start && storage[end - 1] == 0x0D { end -= 1 }
        return UnsafeBufferPointer(start: storage + start, count: end - start)
    }

    private func refill() throws {
        // Keep the unfinished line, moved to the front; grow only when one line fills the buffer.
        let pending = filled - position
        if position > 0 {
            if pending > 0 { memmove(storage, storage + position, pending) }
            position = 0
            filled = pending
        }
        if filled == capacity {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            bigger.update(from: storage, count: filled)
            storage.deallocate()
            storage = bigger
            capacity *= 2
        }
        while true {
            let n = read(fd, storage + filled, capacity - filled)
            if n < 0 {
                if errno == EINTR { continue }
                throw ExportError.cannotRead(name, reason: String(cString: strerror(errno)))
            }
            if n == 0 { atEOF = true } else { filled += n }
            return
        }
    }
}

// The C functions, named apart from this file's methods of the same names.
@inline(__always) private func posixClose(_ fd: Int32) -> Int32 { close(fd) }
