import Foundation

/// Opening the files users name (`.output`, `.read`, `-f`, `.dot`) with messages that say what
/// is wrong: a missing directory, no permission, a directory where a file was expected.
public enum FileAccess {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    public static func expand(_ path: String) -> String {
        (path as NSString).expandingTildeInPath
    }

    /// Creates or truncates `path` for writing.
    public static func openForWriting(_ path: String, append: Bool = false) throws -> FileHandle {
        FileHandle(fileDescriptor: try openDescriptorForWriting(path, append: append), closeOnDealloc: true)
    }

    /// The same, as a descriptor the caller closes.
    public static func openDescriptorForWriting(_ path: String, append: Bool = false) throws -> Int32 {
        let full = expand(path)
        let fd = open(full, O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC), 0o644)
        guard fd >= 0 else { throw failure(errno, path: path, writing: true) }
        return fd
    }

    /// The whole file as UTF-8 text (invalid bytes replaced).
    public static func readText(_ path: String) throws -> String {
        let full = expand(path)
        let fd = open(full, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw failure(errno, path: path, writing: false) }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var info = stat()
        if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            throw Failure(description: "cannot read \(path): it is a directory")
        }
        do {
            let data = try handle.readToEnd() ?? Data()
            return String(decoding: data, as: UTF8.self)
        } catch {
            throw Failure(description: "cannot read \(path): \(error.localizedDescription)")
        }
    }

    static func failure(_ code: Int32, path: String, writing: Bool) -> Failure {
        let verb = writing ? "write" : "read"
        let parent = (expand(path) as NSString).deletingLastPathComponent
        switch code {
        case ENOENT:
            if writing || !parent.isEmpty && !FileManager.default.fileExists(atPath: parent) {
                return Failure(description: "cannot \(verb) \(path): directory \(parent.isEmpty ? "." : parent) does not exist")
            }
            return Failure(description: "cannot read \(path): no such file")
        case EACCES, EPERM: return Failure(description: "cannot \(verb) \(path): permission denied")
        case EISDIR: return Failure(description: "cannot \(verb) \(path): it is a directory")
        case ENOTDIR: return Failure(description: "cannot \(verb) \(path): a part of the path is not a directory")
        case EROFS: return Failure(description: "cannot \(verb) \(path): read-only file system")
        case ENOSPC: return Failure(description: "cannot \(verb) \(path): no space left on the device")
        default: return Failure(description: "cannot \(verb) \(path): \(String(cString: strerror(code)))")
        }
    }
}

/// Where results go: standard output, or a file set by `.output` (or `.once`, for one result).
final class OutputChannel {
    private var file: (handle: FileHandle, path: String)?
    private var once: (handle: FileHandle, path: String)?

    /// True when results go to the terminal (colour and width apply).
    var isStandardOutput: Bool { file == nil && once == nil }

    func redirect(to path: String?) throws {
        if let path {
            let handle = try FileAccess.openForWriting(path)
            file = (handle, path)
        } else {
            file = nil
        }
    }

    func redirectOnce(to path: String) throws {
        once = (try FileAccess.openForWriting(path), path)
    }

    /// Writes (part of) one result's text; `endResult()` closes a `.once` file after it.
    func write(_ text: String) throws {
        if let once {
            try Self.write(text, to: once.handle, path: once.path)
        } else if let file {
            try Self.write(text, to: file.handle, path: file.path)
        } else {
            Console.out(text)
        }
    }

    /// The result is complete: a `.once` file is done.
    func endResult() {
        once = nil
    }

    private static func write(_ text: String, to handle: FileHandle, path: String) throws {
        do {
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            throw FileAccess.Failure(description: "cannot write \(path): \(error.localizedDescription)")
        }
    }
}

/// Standard output and error by file descriptor, so nothing sits in a buffer when a statement
/// fails or the process is interrupted.
enum Console {
    static func out(_ text: String) { write(text, to: STDOUT_FILENO) }
    static func error(_ text: String) { write(text, to: STDERR_FILENO) }

    private static func write(_ text: String, to fd: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return
            }
            bytes = bytes.dropFirst(n)
        }
    }
}
