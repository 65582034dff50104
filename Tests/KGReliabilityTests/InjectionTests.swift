import Foundation
import KGQuery
import KGStore
import XCTest

/// Labels, relationship types, property keys and values that look like SQL are data: they are
/// stored and read back exactly, and the schema and the rest of the graph are untouched.
final class InjectionTests: XCTestCase {
    static let hostile: [String] = [
        "'); DROP TABLE triple; --",
        "\"); DROP TABLE node; --",
        "`; DELETE FROM triple; --",
        "x` ) ; DROP TABLE document ; --",
        "*/ DROP TABLE alias; /*",
        "?", "?1", ":name", "@x", "$p",
        "a' OR '1'='1",
        "1; ATTACH DATABASE '/tmp/kg-injected.db' AS pwn; --",
        "%", "_", "[a-z]*", "\\", "\\'",
        "商汤'); --",
    ]

    /// A Cypher quoted name: backticks doubled.
    static func name(_ s: String) -> String { "`" + s.replacingOccurrences(of: "`", with: "``") + "`" }
    /// A Cypher string literal: backslash and quote escaped.
    static func literal(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'").replacingOccurrences(of: "\u{0}", with: "\\u0000") + "'"
    }

    private func assertUntouched(_ path: String, schema: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(try GraphContent.schema(of: path), schema, "schema changed", file: file, line: line)
        XCTAssertEqual(try GraphContent.integrity(of: path), "ok", file: file, line: line)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/tmp/kg-injected.db"), file: file, line: line)
    }

    func testThroughTheLibrary() throws {
        let scratch = try Scratch()
        let path = scratch.file("g.db")
        let store = try GraphStore(path: path)
        let engine = try QueryEngine(store: store)
        _ = try engine.execute("CREATE (:Company {name: 'Witness'})")
        let schema = try GraphContent.schema(of: path)
        for (i, evil) in Self.hostile.enumerated() {
            let label = Self.name(evil), key = Self.name(evil), type = Self.name(evil + "T")
            // Values both as a literal and as a parameter.
            let created = try engine.execute("""
                CREATE (a:\(label) {\(key): \(Self.literal(evil)), i: \(i)})-[r:\(type) {\(key): $v}]->(b {name: $v})
                RETURN labels(a), a.\(key), type(r), r.\(key), b.name, keys(a)
                """, parameters: ["v": .string(evil)])
            XCTAssertEqual(created.rows.first, [.list([.string(evil)]), .string(evil), .string(evil + "T"), .string(evil), .string(evil),
                                                 created.rows.first?[5] ?? .null], evil)
            if case .list(let keys)? = created.rows.first?[5] { XCTAssertTrue(keys.contains(.string(evil)), evil) }

            // Read back by label, key, type and value, in a new statement.
            let found = try engine.execute("""
                MATCH (a:\(label))-[r:\(type)]->(b) WHERE a.\(key) = $v AND b.name = \(Self.literal(evil)) AND a.i = \(i)
                RETURN count(*) AS n
                """, parameters: ["v": .string(evil)])
            XCTAssertEqual(found.rows, [[.integer(1)]], evil)
            // String predicates treat the text literally (no LIKE or GLOB wildcards).
            let prefix = try engine.execute("MATCH (a) WHERE a.\(key) STARTS WITH $v AND a.\(key) CONTAINS $v AND a.\(key) ENDS WITH $v RETURN count(a)",
                                            parameters: ["v": .string(evil)])
            XCTAssertEqual(prefix.rows, [[.integer(1)]], evil)
            try assertUntouched(path, schema: schema)
        }
        // The library itself binds: a node written through GraphStore reads back the same.
        let id = try store.createNode()
        for evil in Self.hostile {
            try store.addLabel(evil, to: id)
            try store.setProperty(evil, .string(evil), on: id)
        }
        let node = try XCTUnwrap(try store.node(id))
        XCTAssertEqual(Set(node.labels), Set(Self.hostile))
        for evil in Self.hostile { XCTAssertEqual(node.properties[evil], .string(evil)) }
        // Wildcard-looking values match only themselves.
        XCTAssertEqual(try engine.execute("MATCH (a) WHERE a.name STARTS WITH '%' OR a.name CONTAINS '_' RETURN a.name ORDER BY a.name").rows,
                       [[.string("%")], [.string("_")]])
        XCTAssertEqual(try engine.execute("MATCH (a:Company {name: 'Witness'}) RETURN count(a)").rows, [[.integer(1)]])
        try assertUntouched(path, schema: schema)
    }

    func testNULInNamesAndValues() throws {
        let scratch = try Scratch()
        let store = try GraphStore(path: scratch.file("g.db"))
        let engine = try QueryEngine(store: store)
        let evil = "name\u{0}hidden"
        let created = try engine.execute("CREATE (a:\(Self.name(evil)) {\(Self.name(evil)): $v})-[r:T {\(Self.name(evil)): $v}]->(b) RETURN labels(a), a.\(Self.name(evil)), r.\(Self.name(evil))",
                                         parameters: ["v": .string(evil)])
        XCTAssertEqual(created.rows.first.map { Array($0.prefix(2)) }, [.list([.string(evil)]), .string(evil)])
        try knownBug("KGQuery: a relationship property whose key holds NUL reads back wrong (r.`name<NUL>hidden` gives another key's value)") {
            let value = created.rows.first?[2]
            return value == .string(evil) ? nil : "got \(value.map { "\($0)" } ?? "nothing")"
        }
    }

    func testThroughKGQuery() throws {
        let scratch = try Scratch()
        let db = scratch.file("g.db")
        XCTAssertEqual(try Run.kg(["query", "--db", db, "CREATE (:Company {name: 'Witness'})"]).status, 0)
        let schema = try GraphContent.schema(of: db)
        for evil in Self.hostile {
            let create = try Run.kg(["query", "--db", db, "--param", "v=\(JSONText(evil))",
                                     "CREATE (a:\(Self.name(evil)) {\(Self.name(evil)): $v})-[:\(Self.name(evil))]->(:Thing {name: \(Self.literal(evil))})"])
            XCTAssertEqual(create.status, 0, "\(evil): \(create.summary)")
            let read = try Run.kg(["query", "--db", db, "--format", "jsonl",
                                   "MATCH (a:\(Self.name(evil)))-[r:\(Self.name(evil))]->(b) RETURN a.\(Self.name(evil)) AS v, type(r) AS t, b.name AS n"])
            XCTAssertEqual(read.status, 0, read.summary)
            let line = try XCTUnwrap(read.stdout.split(separator: "\n").first.map(String.init), evil)
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String], line)
            XCTAssertEqual(object, ["v": evil, "t": evil, "n": evil])
            try assertUntouched(db, schema: schema)
        }
        let witness = try Run.kg(["query", "--db", db, "--format", "csv", "MATCH (a:Company {name: 'Witness'}) RETURN count(a) AS n"])
        XCTAssertEqual(witness.text, "n\n1\n")
        // The whole graph is still there: one node per hostile string pair, plus the witness.
        let count = try Run.kg(["query", "--db", db, "--format", "csv", "MATCH (n) RETURN count(n) AS n"])
        XCTAssertEqual(count.text, "n\n\(1 + 2 * Self.hostile.count)\n")
    }
}

/// A JSON string literal.
private func JSONText(_ s: String) -> String {
    String(decoding: try! JSONSerialization.data(withJSONObject: [s], options: [.fragmentsAllowed]), as: UTF8.self).dropFirst().dropLast().description
}
