import Foundation

/// `KGFuzz`: a seeded mutation fuzzer for the parsers that take outside text.
///
///     swift run -c release KGFuzz --target wikitext|frontmatter|query --seconds N [--seed S]
///         [--corpus DIR]... [--hang-seconds H] [--out DIR]
///     KGFuzz --target T --seed S --replay I --write FILE   # rebuild input I of a run
///     KGFuzz --target T --run FILE                         # run one input, print how it ended
///
/// The supervisor starts a worker process that runs inputs in a loop and tells it, through a
/// pipe, which input it is about to run. When the worker dies of a signal (a crash, a stack
/// overflow) or stops reporting (a hang), the supervisor knows the input, writes it to the
/// findings folder, and starts a new worker after it. Inputs are a pure function of (seed,
/// index), so any finding can be rebuilt with `--replay`.
@main
struct KGFuzz {
    struct Options {
        var target: FuzzTargetKind = .wikitext
        var seconds: Double = 60
        var seed: UInt64 = 1
        var corpus: [String] = []
        var hangSeconds: Double = 30
        var out = ".build/kgfuzz"
        var worker = false
        var start: UInt64 = 0
        var until: Double = 0
        var replay: UInt64?
        var write: String?
        var runFile: String?
        var inProcess = false
    }

    static func main() {
        let options: Options
        do { options = try parse(Array(CommandLine.arguments.dropFirst())) } catch {
            FileHandle.standardError.write(Data("KGFuzz: \(error)\n".utf8))
            exit(2)
        }
        do {
            let seedFolders = options.corpus.isEmpty ? defaultCorpus() : options.corpus
            let target = try FuzzTarget(kind: options.target, seedFiles: FuzzRunner.seedFiles(in: seedFolders, for: options.target))
            if options.worker { worker(target, options) }
            if let index = options.replay {
                let input = target.input(seed: options.seed, index: index)
                if let path = options.write { try Data(input).write(to: URL(fileURLWithPath: path)) } else { FileHandle.standardOutput.write(Data(input)) }
                return
            }
            if let path = options.runFile {
                guard let data = FileManager.default.contents(atPath: path) else { throw Failure("cannot read \(path)") }
                print("\(target.run([UInt8](data)))")
                return
            }
            if options.inProcess {
                print(FuzzRunner.run(target, seed: options.seed, seconds: options.seconds))
                return
            }
            let report = try supervise(options, replayTarget: target)
            print(report)
            if !report.crashes.isEmpty || !report.hangs.isEmpty { exit(1) }
        } catch {
            FileHandle.standardError.write(Data("KGFuzz: \(error)\n".utf8))
            exit(1)
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    static func parse(_ args: [String]) throws -> Options {
        var o = Options()
        var i = 0
        func value() throws -> String {
            i += 1
            guard i < args.count else { throw Failure("\(args[i - 1]) needs a value") }
            return args[i]
        }
        while i < args.count {
            switch args[i] {
            case "--target":
                let v = try value()
                guard let t = FuzzTargetKind(rawValue: v) else { throw Failure("unknown target \(v) (wikitext, frontmatter, query)") }
                o.target = t
            case "--seconds": o.seconds = Double(try value()) ?? o.seconds
            case "--seed": o.seed = UInt64(try value()) ?? o.seed
            case "--corpus": o.corpus.append(try value())
            case "--hang-seconds": o.hangSeconds = Double(try value()) ?? o.hangSeconds
            case "--out": o.out = try value()
            case "--worker": o.worker = true
            case "--start": o.start = UInt64(try value()) ?? 0
            case "--until": o.until = Double(try value()) ?? 0
            case "--replay": o.replay = UInt64(try value())
            case "--write": o.write = try value()
            case "--run": o.runFile = try value()
            case "--in-process": o.inProcess = true
            case "-h", "--help":
                print("usage: KGFuzz --target wikitext|frontmatter|query --seconds N [--seed S] [--corpus DIR]... [--hang-seconds H] [--out DIR]\n"
                      + "       KGFuzz --target T --seed S --replay I [--write FILE]\n       KGFuzz --target T --run FILE")
                exit(0)
            default: throw Failure("unknown argument \(args[i])")
            }
            i += 1
        }
        return o
    }

    /// The package's samples and test fixtures, when run from the package folder.
    static func defaultCorpus() -> [String] {
        ["seeds", "Tests/KGReliabilityTests/Fixtures", "Tests/KGDocumentsTests/Fixtures"]
    }

    // MARK: Worker

    /// Runs inputs from `start` until the deadline, writing each index (as a line) to standard
    /// output before running it; the last line is `done` and the tallies as JSON.
    static func worker(_ target: FuzzTarget, _ options: Options) -> Never {
        let out = FileHandle.standardOutput
        let seconds = max(0, options.until - Date().timeIntervalSince1970)
        let report = FuzzRunner.run(target, seed: options.seed, start: options.start, seconds: seconds, beforeEach: { index in
            out.write(Data("\(index)\n".utf8))
        })
        var tallies: [String: Any] = ["inputs": report.inputs, "results": report.results, "errors": report.errors,
                                      "slowestIndex": report.slowestIndex, "slowestSeconds": report.slowestSeconds]
        tallies["unclear"] = report.unclearErrors
        let json = (try? JSONSerialization.data(withJSONObject: tallies)) ?? Data("{}".utf8)
        out.write(Data("done ".utf8) + json + Data("\n".utf8))
        exit(0)
    }

    // MARK: Supervisor

    static func supervise(_ options: Options, replayTarget: FuzzTarget) throws -> FuzzReport {
        let corpusCount = replayTarget.corpus.count
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let deadline = Date().timeIntervalSince1970 + options.seconds
        try FileManager.default.createDirectory(atPath: options.out, withIntermediateDirectories: true)
        var report = FuzzReport(target: options.target)
        var next = options.start
        let began = Date()
        FileHandle.standardError.write(Data("KGFuzz: \(options.target.rawValue), seed \(options.seed), \(corpusCount) seeds, \(Int(options.seconds)) s\n".utf8))
        while Date().timeIntervalSince1970 < deadline {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            var arguments = ["--worker", "--target", options.target.rawValue, "--seed", String(options.seed),
                             "--start", String(next), "--until", String(deadline)]
            for c in options.corpus { arguments += ["--corpus", c] }
            process.arguments = arguments
            var environment = ProcessInfo.processInfo.environment
            // The Swift runtime's backtracer takes seconds per crash; the input is what matters.
            environment["SWIFT_BACKTRACE"] = "enable=no"
            process.environment = environment
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
            try process.run()
            let fd = pipe.fileHandleForReading.fileDescriptor
            var current: UInt64?
            var buffer: [UInt8] = []
            var lastBeat = Date()
            var finished = false
            var hung = false
            var chunk = [UInt8](repeating: 0, count: 65_536)
            reading: while true {
                var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let ready = poll(&pfd, 1, 250)
                if ready > 0 {
                    let n = read(fd, &chunk, chunk.count)
                    if n <= 0 { break reading }
                    buffer += chunk[0..<n]
                    while let newline = buffer.firstIndex(of: 0x0A) {
                        let line = String(decoding: buffer[..<newline], as: UTF8.self)
                        buffer.removeSubrange(...newline)
                        if line.hasPrefix("done ") {
                            finished = true
                            if let object = try? JSONSerialization.jsonObject(with: Data(line.dropFirst(5).utf8)) as? [String: Any] {
                                report.results += object["results"] as? Int ?? 0
                                report.errors += object["errors"] as? Int ?? 0
                                for (k, v) in object["unclear"] as? [String: Int] ?? [:] { report.unclearErrors[k, default: 0] += v }
                                if let s = object["slowestSeconds"] as? Double, s > report.slowestSeconds {
                                    report.slowestSeconds = s
                                    report.slowestIndex = (object["slowestIndex"] as? NSNumber)?.uint64Value ?? 0
                                }
                            }
                        } else if let index = UInt64(line) {
                            current = index
                            report.inputs += 1
                            lastBeat = Date()
                        }
                    }
                } else if Date().timeIntervalSince(lastBeat) > options.hangSeconds && !finished {
                    hung = true
                    kill(process.processIdentifier, SIGKILL)
                    break reading
                }
            }
            process.waitUntilExit()
            let signalled = process.terminationReason == .uncaughtSignal
            if (signalled || hung || process.terminationStatus != 0) && !finished, let index = current {
                let kind = hung ? "hang" : "crash"
                if hung { report.hangs.append(index) } else { report.crashes.append(index) }
                next = index + 1
                // Many findings are one bug met again; the first few are enough to reproduce it.
                if report.crashes.count + report.hangs.count > 25 { continue }
                let name = "\(options.target.rawValue)-\(kind)-seed\(options.seed)-\(index).bin"
                let path = (options.out as NSString).appendingPathComponent(name)
                try Data(replayTarget.input(seed: options.seed, index: index)).write(to: URL(fileURLWithPath: path))
                FileHandle.standardError.write(Data("KGFuzz: \(kind) on input \(index) (status \(process.terminationStatus)); saved \(path)\n".utf8))
            } else if !finished {
                throw Failure("the worker ended before running any input (status \(process.terminationStatus))")
            } else {
                break
            }
        }
        report.seconds = Date().timeIntervalSince(began)
        return report
    }
}
