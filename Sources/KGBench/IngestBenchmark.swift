import ArgumentParser
import Foundation
import KGDocuments
import KGExtraction
import KGIngest
import KGStore

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

    @Flag(help: "Also time each stage in this process (parse; parse and extract; the whole ingest), to see where the time goes.")
    var stages = false

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
                if stages { try timeStages(folder: folder, bytes: bytes) }
            }
        }
    }

    /// Medians of `runs` passes over the corpus for each stage alone; the store's share is the
    /// whole ingest minus parse and extract.
    func timeStages(folder: String, bytes: Int) throws {
        let files = Ingestor.files(in: [folder]).files
        let contents = try files.map { path -> [UInt8] in
            guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
            return [UInt8](data)
        }
        let extractor = Extractor()
        func time(_ body: () throws -> Void) rethrows -> Double {
            var times: [Double] = []
            for _ in 0..<options.runs {
                let start = DispatchTime.now()
                try body()
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9)
            }
            return Measure.median(times)
        }
        var sentences = 0, relations = 0
        let parse = try time {
            sentences = 0
            for (path, b) in zip(files, contents) { sentences += try DocumentReader.parse(bytes: b, path: path).sentences.count }
        }
        let extract = try time {
            relations = 0
            for (path, b) in zip(files, contents) {
                relations += extractor.extract(try DocumentReader.parse(bytes: b, path: path)).relations.count
            }
        }
        let db = NSTemporaryDirectory() + "kgbench-stages-\(getpid()).db"
        let whole = try time {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
            let summary = Ingestor(store: try GraphStore(path: db), extractor: extractor).ingest(paths: [folder])
            if !summary.failures.isEmpty { throw ValidationError("ingest failed: \(summary.failures[0])") }
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
        let mb = Double(bytes) / 1_000_000
        func row(_ stage: String, _ seconds: Double) {
            say("  " + stage.padding(toLength: 16, withPad: " ", startingAt: 0)
                + String(format: "%8.2f s  %7.2f MB/s  %6.2f ms/doc  %6.1f µs/sentence", seconds, mb / seconds,
                         seconds * 1000 / Double(files.count), seconds * 1e6 / Double(max(sentences, 1))))
        }
        say("  stages (in process, \(sentences / max(files.count, 1)) sentences and \(relations / max(files.count, 1)) relations a document):")
        row("parse", parse)
        row("extract", extract - parse)
        row("resolve + store", whole - extract)
        row("whole ingest", whole)
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
