import ArgumentParser
import Foundation

/// Issue 3's ingest benchmark: `kg ingest` end to end (read, parse, extract, resolve, store) on
/// corpora of generated documents, reported as MB/s and documents/s with peak memory, at two
/// corpus sizes so that memory can be seen to stay flat.
struct IngestBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ingest", abstract: "kg ingest throughput on generated corpora.")

    @OptionGroup var options: DataOptions

    @Option(help: "Folder of sample documents to vary (wikitext and news).")
    var seeds: String = "seeds"

    @Option(help: "Extra news items to vary, when present.")
    var corpus: String = "../shared/corpus/news"

    @Option(help: "Corpus sizes in documents.")
    var sizes: [Int] = [1000, 2000]

    func run() throws {
        let templates = try loadTemplates()
        say("corpus     docs      MB   seconds    MB/s   docs/s   peak memory")
        for kind in ["wikitext", "news"] {
            guard let sources = templates[kind], !sources.isEmpty else { continue }
            for size in sizes {
                let folder = "\(options.data)/ingest-\(kind)-\(size)"
                let bytes = try writeCorpus(from: sources, count: size, to: folder)
                var times: [Double] = []
                var peak: Int64 = 0
                for _ in 0..<options.runs {
                    let db = "\(options.data)/ingest-\(kind)-\(size).db"
                    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
                    let sample = try Measure.run(options.kgBinary, ["--db", db, "ingest", folder])
                    times.append(sample.seconds)
                    peak = max(peak, sample.peakBytes)
                }
                let seconds = Measure.median(times)
                let mb = Double(bytes) / 1_000_000
                say(kind.padding(toLength: 9, withPad: " ", startingAt: 0)
                    + String(format: " %5d  %6.1f  %8.2f  %6.2f  %7.0f   ", size, mb, seconds, mb / seconds, Double(size) / seconds)
                    + Measure.megabytes(peak))
            }
        }
    }

    /// Sample documents by format, detected the way a reader would: front matter means news.
    func loadTemplates() throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        for folder in [seeds, corpus] where FileManager.default.fileExists(atPath: folder) {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() {
                guard let text = try? String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8) else { continue }
                result[text.hasPrefix("---") ? "news" : "wikitext", default: []].append(text)
            }
        }
        return result
    }

    /// Writes `count` documents, each a sample with its capitalised words given a suffix that
    /// depends on the document's number: new names (so resolution sees new entities and the
    /// graph grows) in the same sentence shapes.
    func writeCorpus(from sources: [String], count: Int, to folder: String) throws -> Int {
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let word = try NSRegularExpression(pattern: "\\b[A-Z][a-z]{3,}\\b")
        let keep: Set<String> = ["January", "February", "March", "April", "June", "July", "August", "September",
                                 "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday",
                                 "Friday", "Saturday", "Sunday", "During", "Since", "Infobox", "File", "Category",
                                 "Start", "Short", "Cite", "Chinese", "Use"]
        var total = 0
        for i in 0..<count {
            let source = sources[i % sources.count]
            let suffix = Self.letters(i / sources.count)
            let ns = source as NSString
            var out = ""
            var last = 0
            for match in word.matches(in: source, range: NSRange(location: 0, length: ns.length)) {
                let w = ns.substring(with: match.range)
                out += ns.substring(with: NSRange(location: last, length: match.range.location - last)) + w
                if !keep.contains(w) && !suffix.isEmpty { out += suffix }
                last = match.range.location + match.range.length
            }
            out += ns.substring(from: last)
            let data = Data(out.utf8)
            total += data.count
            try data.write(to: URL(fileURLWithPath: String(format: "%@/doc-%05d.txt", folder, i)))
        }
        return total
    }

    static func letters(_ n: Int) -> String {
        guard n > 0 else { return "" }
        var n = n, s = ""
        while n > 0 {
            s = String(UnicodeScalar(UInt8(97 + (n - 1) % 26))) + s
            n = (n - 1) / 26
        }
        return s
    }
}
