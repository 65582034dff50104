import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Buffered byte output for the exporters: a file, standard output, a pipe, or memory.
///
/// Exports are streamed, so a writer appends to a 64 KiB buffer that goes to the descriptor
/// when full; memory stays flat however big the graph. Text is appended as UTF-8 bytes without
/// building intermediate `String`s, which is most of an exporter's time.
public final class ByteSink {
    private enum Target {
        case descriptor(Int32, owned: Bool)
        case memory
    }

    private let target: Target
    /// What the user called the destination, for error messages.
    public let name: String
    private var buffer: [UInt8] = []
    private var collected: [UInt8] = []
    private static let flushThreshold = 1 << 16
    public private(set) var bytesWritten = 0

    /// Writes to `path`, replacing it; `nil` or `-` is standard output.
    public init(path: String?) throws {
        if let path, path != "-" {
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw ExportError.cannotWrite(path, reason: String(cString: strerror(errno))) }
            target = .descriptor(fd, owned: true)
            name = path
        } else {
            target = .descriptor(STDOUT_FILENO, owned: false)
            name = "standard output"
        }
        buffer.reserveCapacity(Self.flushThreshold + 4096)
    }

    /// Writes to an open descriptor (a pipe to Graphviz, say); closes it on `close()` when `owned`.
    public init(descriptor: Int32, name: String, owned: Bool) {
        target = .descriptor(descriptor, owned: owned)
        self.name = name
        buffer.reserveCapacity(Self.flushThreshold + 4096)
    }

    private init(memoryNamed name: String) {
        target = .memory
        self.name = name
    }

    /// A sink that keeps everything, for tests and for callers that want a `String`.
    public static func memory() -> ByteSink { ByteSink(memoryNamed: "memory") }

    /// Everything written so far (memory sinks only; flushes first).
    public var bytes: [UInt8] {
        if case .memory = target { return collected + buffer }
        return []
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }

    deinit {
        if case .descriptor(let fd, true) = target, !closed { _ = posixClose(fd) }
    }

    @inline(__always)
    public func write(_ byte: UInt8) {
        buffer.append(byte)
    }

    @inline(__always)
    public func write(_ string: String) {
        var s = string
        s.withUTF8 { buffer.append(contentsOf: $0) }
    }

    @inline(__always)
    public func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    public func write(_ value: Int64) {
        if value >= 0 && value < 10 { buffer.append(0x30 + UInt8(value)); return }
        write(String(value))
    }

    /// Called by writers between records: hands a full buffer to the destination.
    @inline(__always)
    public func flushIfFull() throws {
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    public func flush() throws {
        defer { buffer.removeAll(keepingCapacity: true) }
        bytesWritten += buffer.count
        switch target {
        case .memory:
            collected.append(contentsOf: buffer)
        case .descriptor(let fd, _):
            try buffer.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = posixWrite(fd, raw.baseAddress! + offset, raw.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw ExportError.cannotWrite(name, reason: String(cString: strerror(errno)))
                    }
                    offset += n
                }
            }
        }
    }

    /// Flushes and, for a file this sink opened, closes it (reporting errors such as a full disk).
    public func close() throws {
        try flush()
        if case .descriptor(let fd, true) = target, !closed {
            closed = true
            if posixClose(fd) != 0 { throw ExportError.cannotWrite(name, reason: String(cString: strerror(errno))) }
        }
    }
    private var closed = false
}

// The C functions, named apart from this file's methods of the same names.
@inline(__always) private func posixClose(_ fd: Int32) -> Int32 { close(fd) }
@inline(__always) private func posixWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { write(fd, buffer, count) }
