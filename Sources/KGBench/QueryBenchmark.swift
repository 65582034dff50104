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
            say("\n\(scale): median of \(repeats) runs")
            say("query                        hand SQL     kg           kg/SQL  answers (SQL / kg)")
            let selected = only.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
            for query in ReferenceQuery.all where selected?.contains(String(query.name.prefix(2))) ?? true {
                var sqlTimes: [Double] = []
                var sqlRows: [[JSONValue]] = []
                for i in 0...repeats {
                    let start = DispatchTime.now()
                    sqlRows = try query.runSQL(on: store.db, params: params)
                    if i > 0 { sqlTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6) }
                }
                let cypherParameters = query.parameters.mapValues { CypherValue.string(params[$0]?.stringValue ?? "") }
                var kgTimes: [Double] = []
                var kgRows: [[JSONValue]] = []
                for i in 0...repeats {
                    let start = DispatchTime.now()
                    let result = try engine.execute(query.cypher, parameters: cypherParameters)
                    if i > 0 { kgTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6) }
                    kgRows = result.rows.map { $0.map(Self.answerValue) }
                }
                let key = String(query.name.prefix(2))
                let sqlCheck = Self.check(sqlRows, ordered: query.ordered, oracle: oracle[key])
                let kgCheck = Self.check(kgRows, ordered: query.ordered, oracle: oracle[key])
                let sql = Measure.median(sqlTimes), kg = Measure.median(kgTimes)
                say(query.name.padding(toLength: 28, withPad: " ", startingAt: 0)
                      + String(format: " %8.3f ms  %8.3f ms  %5.2fx  ", sql, kg, kg / sql) + sqlCheck + " / " + kgCheck)
            }
        }
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
