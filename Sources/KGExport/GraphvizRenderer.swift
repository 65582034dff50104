import Foundation

/// Runs Graphviz's `dot` on DOT text as it is written, so a picture of a big graph never needs
/// the whole DOT text in memory or on disk.
public struct GraphvizRenderer {
    public enum Format: String, Sendable, CaseIterable {
        case svg, png, pdf
    }

    /// The `dot` program: `$KG_DOT` when set, else the first on `PATH`.
    public let executable: String

    /// Fails with `ExportError.graphvizMissing` when Graphviz is not installed.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard let found = Self.locate(environment: environment) else { throw ExportError.graphvizMissing }
        executable = found
    }

    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let explicit = environment["KG_DOT"], !explicit.isEmpty {
            return FileManager.default.isExecutableFile(atPath: explicit) ? explicit : nil
        }
        for directory in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/dot"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Renders what `write` writes to its sink into `output` (nil or `-`: standard output).
    @discardableResult
    public func render<T>(format: Format, output: String?, write: (ByteSink) throws -> T) throws -> T {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        var arguments = ["-T\(format.rawValue)"]
        if let output, output != "-" { arguments += ["-o", output] }
        process.arguments = arguments
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardError = errors
        if output == nil || output == "-" { process.standardOutput = FileHandle.standardOutput }
        // A dot that stops reading (a syntax error, say) must give us EPIPE, not kill kg.
        signal(SIGPIPE, SIG_IGN)
        do {
            try process.run()
        } catch {
            throw ExportError.graphvizFailed(status: -1, message: "\(executable): \(error.localizedDescription)")
        }
        // dot's messages are read on the side so a chatty dot cannot fill the pipe and stall.
        let collected = ErrorCollector()
        let reader = Thread { collected.set(errors.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let sink = ByteSink(descriptor: input.fileHandleForWriting.fileDescriptor, name: "dot", owned: false)
        let result: T
        do {
            result = try write(sink)
            try sink.flush()
        } catch {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            throw error
        }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        let message = String(decoding: collected.wait(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0 else {
            throw ExportError.graphvizFailed(status: process.terminationStatus, message: message)
        }
        return result
    }
}

/// Hands dot's standard error from the reading thread to the caller.
private final class ErrorCollector: @unchecked Sendable {
    private let condition = NSCondition()
    private var data: Data?

    func set(_ value: Data) {
        condition.lock()
        data = value
        condition.signal()
        condition.unlock()
    }

    func wait() -> Data {
        condition.lock()
        defer { condition.unlock() }
        while data == nil { condition.wait() }
        return data ?? Data()
    }
}
