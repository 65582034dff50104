import Foundation

/// What a stretch of fuzzing saw.
public struct FuzzReport: Sendable, CustomStringConvertible {
    public var target: FuzzTargetKind
    public var inputs = 0
    public var results = 0
    public var errors = 0
    /// Errors that leak internals, by message prefix, with how often each came.
    public var unclearErrors: [String: Int] = [:]
    /// The input that took longest, and how long.
    public var slowestIndex: UInt64 = 0
    public var slowestSeconds: Double = 0
    public var skipped = 0
    public var crashes: [UInt64] = []
    public var hangs: [UInt64] = []
    public var seconds: Double = 0

    public init(target: FuzzTargetKind) { self.target = target }

    public var description: String {
        var lines = ["\(target.rawValue): \(inputs) inputs in \(String(format: "%.1f", seconds)) s — \(results) results, \(errors) clear errors, "
                     + "\(unclearErrors.values.reduce(0, +)) unclear errors, \(skipped) skipped, \(crashes.count) crashes, \(hangs.count) hangs; "
                     + "slowest input #\(slowestIndex) took \(String(format: "%.3f", slowestSeconds)) s"]
        for (message, count) in unclearErrors.sorted(by: { $0.value > $1.value }).prefix(10) {
            lines.append("  unclear ×\(count): \(message)")
        }
        if !crashes.isEmpty { lines.append("  crashed on inputs: \(crashes.map(String.init).joined(separator: ", "))") }
        if !hangs.isEmpty { lines.append("  hung on inputs: \(hangs.map(String.init).joined(separator: ", "))") }
        return lines.joined(separator: "\n")
    }

    mutating func merge(_ other: FuzzReport) {
        inputs += other.inputs
        results += other.results
        errors += other.errors
        for (k, v) in other.unclearErrors { unclearErrors[k, default: 0] += v }
        if other.slowestSeconds > slowestSeconds {
            slowestSeconds = other.slowestSeconds
            slowestIndex = other.slowestIndex
        }
    }

    mutating func record(_ outcome: FuzzOutcome, index: UInt64, seconds: Double) {
        inputs += 1
        switch outcome {
        case .result: results += 1
        case .error: errors += 1
        case .unclearError(let message):
            // Group by the head of the message: the SQL text after it differs every time.
            let head = String(message.prefix(while: { $0 != "(" && $0 != "\n" }).prefix(100))
            unclearErrors[head, default: 0] += 1
        }
        if seconds > slowestSeconds {
            slowestSeconds = seconds
            slowestIndex = index
        }
    }
}

/// The in-process loop: inputs `start`, `start + 1`, … until the time budget is spent. A crash
/// here takes the process with it, which is what the supervisor in `KGFuzz` guards against.
public enum FuzzRunner {
    /// `skip` leaves out inputs that meet a bug already known (counted in `skipped`), so the
    /// loop goes on finding new ones.
    public static func run(_ target: FuzzTarget, seed: UInt64, start: UInt64 = 0, seconds: Double,
                           maxInputs: Int = .max, skip: (([UInt8]) -> Bool)? = nil,
                           beforeEach: ((UInt64) -> Void)? = nil) -> FuzzReport {
        var report = FuzzReport(target: target.kind)
        let begin = DispatchTime.now().uptimeNanoseconds
        let budget = UInt64(seconds * 1e9)
        var index = start
        while DispatchTime.now().uptimeNanoseconds - begin < budget && report.inputs < maxInputs {
            beforeEach?(index)
            let input = target.input(seed: seed, index: index)
            if let skip, skip(input) {
                report.skipped += 1
                index += 1
                continue
            }
            let t0 = DispatchTime.now().uptimeNanoseconds
            let outcome = target.run(input)
            report.record(outcome, index: index, seconds: Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
            index += 1
        }
        report.seconds = Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e9
        return report
    }

    /// Seed files under the given folders (recursively): `.cypher` files seed the query target,
    /// everything else the document targets.
    public static func seedFiles(in folders: [String], for kind: FuzzTargetKind) -> [String] {
        var out: [String] = []
        let fm = FileManager.default
        for folder in folders {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: folder, isDirectory: &isDir) else { continue }
            let files = isDir.boolValue
                ? (fm.enumerator(atPath: folder)?.compactMap { $0 as? String }.map { (folder as NSString).appendingPathComponent($0) } ?? [])
                : [folder]
            for file in files.sorted() {
                var d: ObjCBool = false
                guard fm.fileExists(atPath: file, isDirectory: &d), !d.boolValue else { continue }
                if (file.hasSuffix(".cypher")) == (kind == .query) { out.append(file) }
            }
        }
        return out
    }
}
