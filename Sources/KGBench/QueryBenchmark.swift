import ArgumentParser
import Foundation
import KGQuery
import KGStore

/// Issue 4's query benchmark: each reference query as kg's Cypher and as hand-written SQL on
/// the same file, in one run, both checked against the generator's independent answers.
struct QueryBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "query", abstract: "The eight reference queries: kg vs. hand-written SQL.")

    @OptionGroup var options: DataOptions

    @Option(help: "Timed repetitions per query (after one warm-up).")
    var repeats: Int = 7

    @Option(help: "Only these queries (q1 … q8), comma-separated.")
    var only: String?

    @Flag(help: "Time by the thread's CPU time instead of the wall clock (steadier on a loaded machine).")
    var cpu = false

    func run() throws {
        for scale in options.scales {
            let db = "\(options.data)/query-\(scale).db"
            if !FileManager.default.fileExists(atPath: db) {
                _ = try GraphStore(path: db)
                try Measure.run(options.kgBinary, ["--db", db, "import", try options.jsonl(scale: scale)])
            }
            let paramsData = try Data(contentsOf: URL(fileURLWithPath: "\(options.data)/graph_\(scale).params.json"))
            let json = try JSONValue.parse(String(decoding: paramsData, as: UTF8.self))
            guard case .object(let paramPairs)? = json["params"], let oracle = json["oracle"] else {
                throw Measure.Failure(description: "malformed params.json")
            }
            let params = Dictionary(paramPairs, uniquingKeysWith: { a, _ in a })
            let store = try GraphStore(path: db)
            let engine = try QueryEngine(store: store)
            say("\n\(scale): median of \(repeats) paired runs (\(cpu ? "thread CPU time" : "wall clock")), load average \(Self.loadAverage())")
            say("query                        hand SQL     kg           kg/SQL  paired  answers (SQL / kg)")
            let selected = only.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
            for query in ReferenceQuery.all where selected?.contains(String(query.name.prefix(2))) ?? true {
                let cypherParameters = query.parameters.mapValues { CypherValue.string(params[$0]?.stringValue ?? "") }
                // SQL and kg alternate, so both see the same load on a shared machine: the
                // ratio is of paired runs, not of two stretches of time.
                var sqlTimes: [Double] = [], kgTimes: [Double] = []
                var sqlRows: [[JSONValue]] = [], kgRows: [[JSONValue]] = []
                for i in 0...repeats {
                    let sqlStart = Self.now(cpu)
                    sqlRows = try query.runSQL(on: store.db, params: params)
                    let sqlTime = Self.now(cpu) - sqlStart
                    let kgStart = Self.now(cpu)
                    let result = try engine.execute(query.cypher, parameters: cypherParameters)
                    let kgTime = Self.now(cpu) - kgStart
                    kgRows = result.rows.map { $0.map(Self.answerValue) }
                    if i > 0 {
                        sqlTimes.append(sqlTime)
                        kgTimes.append(kgTime)
                    }
                }
                let key = String(query.name.prefix(2))
                let sqlCheck = Self.check(sqlRows, ordered: query.ordered, oracle: oracle[key])
                let kgCheck = Self.check(kgRows, ordered: query.ordered, oracle: oracle[key])
                let sql = Measure.median(sqlTimes), kg = Measure.median(kgTimes)
                // The median of each pair's ratio: a burst of load that hits one pair moves it less.
                let paired = Measure.median(zip(kgTimes, sqlTimes).map { $0 / $1 })
                say(query.name.padding(toLength: 28, withPad: " ", startingAt: 0)
                      + String(format: " %8.3f ms  %8.3f ms  %5.2fx  %5.2fx  ", sql, kg, kg / sql, paired) + sqlCheck + " / " + kgCheck)
            }
        }
    }

    static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// Milliseconds on the wall clock or of this thread's CPU time.
    static func now(_ cpu: Bool) -> Double {
        if cpu {
            var t = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
            return Double(t.tv_sec) * 1e3 + Double(t.tv_nsec) / 1e6
        }
        return Double(DispatchTime.now().uptimeNanoseconds) / 1e6
    }

    static func answerValue(_ value: CypherValue) -> JSONValue {
        switch value {
        case .string(let s): return .string(s)
        case .integer(let i): return .integer(i)
        case .float(let d): return .float(d)
        default: return .null
        }
    }

    static func check(_ rows: [[JSONValue]], ordered: Bool, oracle: JSONValue?) -> String {
        guard case .integer(let count)? = oracle?["rows"], let sha = oracle?["sha1"]?.stringValue else { return "no oracle" }
        let digest = SHA1.hex(Oracle.pythonJSON(Oracle.canonicalRows(rows, ordered: ordered)))
        if rows.count == Int(count) && digest == sha { return "ok (\(count) rows)" }
        return "WRONG: \(rows.count) rows, expected \(count)" + (rows.count == Int(count) ? " (checksum differs)" : "")
    }
}
