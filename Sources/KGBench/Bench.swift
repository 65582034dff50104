import ArgumentParser
import Foundation
import KGStore

/// kg's benchmarks. Run from the package root in a release build:
///
///     swift build -c release && .build/release/KGBench load --data /tmp/kgbench
///
/// Each benchmark puts kg beside a reference measured in the same run (SQLite's own shell,
/// hand-written SQL, another parser), because the machines are shared and noisy: ratios from
/// one run mean more than absolute times from different runs.
@main
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "KGBench",
        abstract: "kg's release-build benchmarks.",
        subcommands: [LoadBenchmark.self, QueryBenchmark.self, IngestBenchmark.self]
    )
}

struct DataOptions: ParsableArguments {
    @Option(help: "Folder for generated graphs (made with ../shared/bench/gen_graph.py when missing).")
    var data: String = NSTemporaryDirectory() + "kgbench"

    @Option(help: "The generator script.")
    var generator: String = "../shared/bench/gen_graph.py"

    @Option(help: "Scales, as gen_graph.py names them.")
    var scales: [String] = ["100k", "1M"]

    @Option(help: "Repetitions per measurement; the median is reported.")
    var runs: Int = 3

    @Option(help: "The kg binary to measure (default: next to this benchmark).")
    var kg: String?

    var kgBinary: String {
        kg ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kg").path
    }

    /// The generator's TSV for a scale, generated on first use.
    func tsv(scale: String) throws -> String {
        let path = "\(data)/graph_\(scale).tsv"
        if !FileManager.default.fileExists(atPath: path) {
            try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
            guard FileManager.default.fileExists(atPath: generator) else {
                throw ValidationError("no \(path) and no generator at \(generator); pass --generator or --data")
            }
            _ = try Measure.run("/usr/bin/env", ["python3", generator, "--triples", scale, "--out", data])
        }
        return path
    }

    /// The same graph as kg's import format (APOC JSON lines).
    func jsonl(scale: String) throws -> String {
        let tsvPath = try tsv(scale: scale)
        let path = "\(data)/graph_\(scale).jsonl"
        if !FileManager.default.fileExists(atPath: path) {
            let converter = URL(fileURLWithPath: generator).deletingLastPathComponent().appendingPathComponent("tsv_to_jsonl.py").path
            _ = try Measure.run("/usr/bin/env", ["python3", converter, tsvPath], stdout: path)
        }
        return path
    }
}

/// Timing and peak memory of child processes.
enum Measure {
    struct Sample {
        var seconds: Double
        /// Peak resident set of the child, in bytes.
        var peakBytes: Int64
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs a program and waits, measuring that one child's wall time and peak memory
    /// (wait4's rusage, so every measurement stands alone). stdout goes to `stdout` (a path)
    /// or is discarded; stdin comes from `stdin` (a path) or /dev/null.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], stdin: String? = nil, stdout: String? = nil) throws -> Sample {
        var actions: posix_spawn_file_actions_t = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin ?? "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let errorPath = NSTemporaryDirectory() + "kgbench-stderr-\(getpid())"
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = DispatchTime.now()
        let rc = posix_spawnp(&pid, executable, &actions, nil, argv, environ)
        guard rc == 0 else { throw Failure(description: "cannot run \(executable): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let exitedCleanly = (status & 0x7f) == 0 && ((status >> 8) & 0xff) == 0
        guard exitedCleanly else {
            let errors = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
            throw Failure(description: "\(executable) \(arguments.joined(separator: " ")) failed (status \(status)): \(errors)")
        }
        return Sample(seconds: seconds, peakBytes: Int64(usage.ru_maxrss) * 1024)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    static func megabytes(_ bytes: Int64) -> String { String(format: "%.0f MB", Double(bytes) / 1_048_576) }
}

/// Writes a line to stdout unbuffered, so a long run shows each figure as it is measured.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
