import ArgumentParser
import Foundation
import KGStore

/// Issue 2's bulk-load benchmark: `kg import` of the generator's graph against the sqlite3
/// shell's `.import` of the same rows into the same schema (SQLite's own speed: our ceiling).
struct LoadBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "load", abstract: "Bulk load: kg import vs. the sqlite3 shell's .import.")

    @OptionGroup var options: DataOptions

    func run() throws {
        say("scale  triples  sqlite3 .import  kg import        kg/sqlite3  kg peak memory")
        for scale in options.scales {
            let tsv = try options.tsv(scale: scale)
            let jsonl = try options.jsonl(scale: scale)
            let triples = try lineCount(tsv) - 1
            var shellTimes: [Double] = [], kgTimes: [Double] = []
            var kgPeak: Int64 = 0
            for run in 0..<options.runs {
                // Alternate the order so drift on a shared machine hits both sides alike.
                let order = run % 2 == 0 ? [true, false] : [false, true]
                for shellFirst in order {
                    let db = "\(options.data)/load-\(scale).db"
                    try freshGraph(db)
                    if shellFirst {
                        shellTimes.append(try Measure.run("/usr/bin/env", ["sqlite3", db], stdin: try shellScript(tsv: tsv)).seconds)
                    } else {
                        let sample = try Measure.run(options.kgBinary, ["--db", db, "import", jsonl])
                        kgTimes.append(sample.seconds)
                        kgPeak = max(kgPeak, sample.peakBytes)
                    }
                    try verify(db: db, triples: triples)
                }
            }
            let shell = Measure.median(shellTimes), kg = Measure.median(kgTimes)
            say(String(format: "%-6@ %8d  %6.2f s %5.0fk/s  %6.2f s %5.0fk/s  %5.0f%%      %@",
                         scale as NSString, triples, shell, Double(triples) / shell / 1000, kg, Double(triples) / kg / 1000,
                         shell / kg * 100, Measure.megabytes(kgPeak) as NSString))
        }
    }

    func freshGraph(_ path: String) throws {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        _ = try GraphStore(path: path)
    }

    /// Both loaders must end with the same triple count, or the comparison means nothing.
    func verify(db: String, triples: Int) throws {
        let store = try GraphStore(path: db)
        let stored = try store.stats().triples
        guard stored == triples else {
            throw Measure.Failure(description: "\(db): \(stored) triples stored, \(triples) expected")
        }
    }

    /// The shell's load: `.import` into a staging table, then the same rows into node and
    /// triple with the same pragmas kg uses, in one transaction.
    func shellScript(tsv: String) throws -> String {
        let path = "\(options.data)/shell-import.sql"
        let script = """
            PRAGMA foreign_keys = ON;
            PRAGMA synchronous = NORMAL;
            BEGIN;
            CREATE TEMP TABLE staging(subject TEXT, predicate TEXT, object TEXT, is_literal TEXT, date TEXT);
            .mode tabs
            .import --skip 1 \(tsv) staging
            INSERT INTO node(id) SELECT DISTINCT CAST(substr(subject, 2) AS INTEGER) FROM staging WHERE predicate = 'type';
            INSERT INTO triple(s, k, p, o)
                SELECT CAST(substr(subject, 2) AS INTEGER), 0, object, NULL FROM staging WHERE predicate = 'type';
            INSERT INTO triple(s, k, p, o)
                SELECT CAST(substr(subject, 2) AS INTEGER), 1, predicate,
                       CASE WHEN object GLOB '[0-9]*' AND object NOT GLOB '*[^0-9]*' THEN CAST(object AS INTEGER) ELSE object END
                FROM staging WHERE is_literal = '1';
            INSERT INTO triple(s, k, p, o, date)
                SELECT CAST(substr(subject, 2) AS INTEGER), 2, predicate, CAST(substr(object, 2) AS INTEGER), NULLIF(date, '')
                FROM staging WHERE is_literal = '0' AND predicate <> 'type';
            COMMIT;

            """
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func lineCount(_ path: String) throws -> Int {
        let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        return data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }
}
