import Foundation
import KGQuery
import KGStore
import XCTest

/// A fresh graph file in a temporary directory, with an engine on it.
final class TestGraph {
    let directory: URL
    let store: GraphStore
    let engine: QueryEngine

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kgq-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try GraphStore(path: directory.appendingPathComponent("g.db").path)
        engine = try QueryEngine(store: store)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    @discardableResult
    func run(_ query: String, _ parameters: [String: CypherValue] = [:]) throws -> QueryResult {
        try engine.execute(query, parameters: parameters)
    }

    /// The result's rows as Cypher literal text, for compact assertions.
    func rows(_ query: String, _ parameters: [String: CypherValue] = [:]) throws -> [String] {
        try run(query, parameters).rows.map { $0.map(\.literalText).joined(separator: " | ") }
    }

    func value(_ query: String, _ parameters: [String: CypherValue] = [:]) throws -> CypherValue {
        let r = try run(query, parameters)
        guard r.rows.count == 1, r.rows[0].count == 1 else {
            throw QueryError(.semanticError, nil, "expected one value, got \(r.rows)")
        }
        return r.rows[0][0]
    }

    func error(_ query: String, _ parameters: [String: CypherValue] = [:], file: StaticString = #filePath, line: UInt = #line) -> QueryError? {
        do {
            _ = try run(query, parameters)
            XCTFail("expected an error from: \(query)", file: file, line: line)
            return nil
        } catch let e as QueryError {
            return e
        } catch {
            XCTFail("unexpected error type \(error)", file: file, line: line)
            return nil
        }
    }
}
