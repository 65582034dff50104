import Foundation
import XCTest
@testable import KGStore

final class GraphStoreTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kg-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func testNewFileIsAGraphInWALModeWithForeignKeys() throws {
        let store = try GraphStore(path: path("g.db"))
        XCTAssertEqual(try store.db.scalar("PRAGMA journal_mode")?.string, "wal")
        XCTAssertEqual(try store.db.scalar("PRAGMA foreign_keys")?.int, 1)
        XCTAssertEqual(try store.db.scalar("PRAGMA user_version")?.int, Int64(Schema.version))
        XCTAssertEqual(try store.db.scalar("PRAGMA application_id")?.int, Int64(Schema.applicationID))
    }

    func testReopeningKeepsData() throws {
        do {
            let store = try GraphStore(path: path("g.db"))
            let n = try store.createNode()
            try store.addLabel("Company", to: n)
            try store.setProperty("name", .string("Acme"), on: n)
        }
        let store = try GraphStore(path: path("g.db"))
        let node = try XCTUnwrap(try store.node(1))
        XCTAssertEqual(node.labels, ["Company"])
        XCTAssertEqual(node.properties["name"], .string("Acme"))
    }

    func testRefusesFilesThatAreNotGraphs() throws {
        try Data("hello, not sqlite at all, just text padding padding padding".utf8).write(to: URL(fileURLWithPath: path("text.db")))
        XCTAssertThrowsError(try GraphStore(path: path("text.db"))) { error in
            guard case StoreError.notAGraph = error else { return XCTFail("\(error)") }
        }
        let other = try Database(path: path("other.db"))
        try other.execute("CREATE TABLE t(x)")
        XCTAssertThrowsError(try GraphStore(path: path("other.db"))) { error in
            guard case StoreError.notAGraph = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try GraphStore(path: path("missing.db"), create: false)) { error in
            guard case StoreError.missingFile = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try GraphStore(path: directory.path)) { error in
            guard case StoreError.notAGraph = error else { return XCTFail("\(error)") }
        }
    }

    func testRefusesNewerSchemaWithoutTouchingIt() throws {
        do {
            let store = try GraphStore(path: path("g.db"))
            try store.db.execute("PRAGMA user_version = 99")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path("g.db")))
        XCTAssertThrowsError(try GraphStore(path: path("g.db"))) { error in
            guard case StoreError.newerSchema(_, let found, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(found, 99)
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("g.db"))), before)
    }

    func testAVersion1FileIsMigratedAndKeepsItsGraph() throws {
        // A graph as version 1 wrote it: its schema, a node with a name, a relationship.
        do {
            let db = try Database(path: path("v1.db"))
            try db.execute(Schema.migrations[0])
            try db.execute("PRAGMA application_id = \(Schema.applicationID)")
            try db.execute("PRAGMA user_version = 1")
            try db.execute("""
                INSERT INTO node(id) VALUES (1), (2);
                INSERT INTO document(id, path, format, hash, ingested_at) VALUES (1, 'a.txt', 'text', 'h', 'now');
                INSERT INTO triple(s, k, p, o, doc) VALUES (1, 0, 'Company', NULL, 1), (1, 1, 'name', 'Acme', 1),
                    (2, 1, 'name', 'Widget', 1), (1, 2, 'OWNS', 2, 1);
                """)
        }
        let store = try GraphStore(path: path("v1.db"))
        XCTAssertEqual(try store.db.scalar("PRAGMA user_version")?.int, Int64(Schema.version))
        let osp = try store.db.scalar("SELECT sql FROM sqlite_schema WHERE name = 'triple_osp'")?.string ?? ""
        XCTAssertTrue(osp.hasSuffix("WHERE k = 2"), osp)
        XCTAssertEqual(try store.db.scalar("PRAGMA integrity_check")?.string, "ok")
        XCTAssertEqual(try store.node(1)?.properties["name"], .string("Acme"))
        let plan = try store.db.rows("EXPLAIN QUERY PLAN SELECT s FROM triple WHERE o = 2 AND k = 2").map { $0[3].string ?? "" }.joined()
        XCTAssertTrue(plan.contains("triple_osp"), plan)
        XCTAssertEqual(try store.db.rows("SELECT s FROM triple WHERE o = 2 AND k = 2").map { $0[0].int }, [1])
        // Removal still follows the relationship's end through the index.
        try store.removeDocument(1)
        XCTAssertEqual(try store.stats().triples, 0)
        XCTAssertEqual(try store.stats().nodes, 0)
    }

    func testPropertyValuesRoundTripWithTheirTypes() throws {
        let store = try GraphStore(path: path("g.db"))
        let n = try store.createNode()
        let values: [String: PropertyValue] = [
            "s": .string("it's \"quoted\"\nwith NUL \u{0} inside"),
            "i": .integer(Int64.max),
            "f": .float(1.0),
            "b": .boolean(false),
            "d": .date("2014-10"),
            "l": .list([.integer(1), .float(2.0), .string("x"), .boolean(true)]),
        ]
        for (key, value) in values { try store.setProperty(key, value, on: n) }
        XCTAssertEqual(try store.node(n)?.properties, values)
    }

    func testOneHopLookupsFromEitherEndUseAnIndex() throws {
        let store = try GraphStore(path: path("g.db"))
        func plan(_ sql: String) throws -> String {
            try store.db.rows("EXPLAIN QUERY PLAN " + sql, [.integer(1), .text("T")]).map { $0[3].string ?? "" }.joined(separator: "; ")
        }
        XCTAssertTrue(try plan("SELECT o FROM triple WHERE s = ?1 AND k = 2 AND p = ?2").contains("USING COVERING INDEX triple_spo"))
        XCTAssertTrue(try plan("SELECT s FROM triple WHERE o = ?1 AND k = 2 AND p = ?2").contains("INDEX triple_pos"))
        XCTAssertTrue(try plan("SELECT s FROM triple WHERE o = ?1 AND k = 2 AND ?2 = ?2").contains("INDEX triple_osp"))
        XCTAssertTrue(try plan("SELECT s FROM triple WHERE k = 1 AND p = ?2 AND o = ?1").contains("INDEX triple_pos"))
    }

    func testRemovingADocumentRemovesExactlyWhatItContributed() throws {
        let store = try GraphStore(path: path("g.db"))
        let a = try store.addDocument(path: "a.txt", format: "text", hash: "1", bytes: 1)
        let b = try store.addDocument(path: "b.txt", format: "text", hash: "2", bytes: 1)
        let pa = Provenance(document: a, evidence: "from a", extractor: "test")
        let pb = Provenance(document: b, evidence: "from b", extractor: "test")

        // Both documents name Acme; only A names Widget and only B names Gadget.
        let acme = try store.createNode()
        try store.addLabel("Company", to: acme, provenance: pa)
        try store.setProperty("name", .string("Acme"), on: acme, provenance: pa, policy: .keepExisting)
        try store.addLabel("Company", to: acme, provenance: pb)
        try store.setProperty("name", .string("Acme"), on: acme, provenance: pb, policy: .keepExisting)
        let widget = try store.createNode()
        try store.addLabel("Company", to: widget, provenance: pa)
        try store.setProperty("name", .string("Widget"), on: widget, provenance: pa)
        let gadget = try store.createNode()
        try store.addLabel("Company", to: gadget, provenance: pb)
        try store.setProperty("name", .string("Gadget"), on: gadget, provenance: pb)
        try store.addRelationship(from: acme, type: "PARTNER_OF", to: widget, provenance: pa)
        try store.addRelationship(from: acme, type: "PARTNER_OF", to: gadget, provenance: pb)
        // A node a user made by hand is nobody's document's.
        let manual = try store.createNode()

        try store.removeDocument(a)

        XCTAssertNotNil(try store.node(acme))
        XCTAssertEqual(try store.node(acme)?.labels, ["Company"])
        XCTAssertEqual(try store.node(acme)?.properties["name"], .string("Acme"))
        XCTAssertNil(try store.node(widget), "a node only document A supported goes with it")
        XCTAssertNotNil(try store.node(gadget))
        XCTAssertNotNil(try store.node(manual))
        var types: [String] = []
        try store.forEachRelationship { types.append("\($0.start)-\($0.type)->\($0.end)") }
        XCTAssertEqual(types, ["\(acme)-PARTNER_OF->\(gadget)"])
        XCTAssertNil(try store.document(path: "a.txt"))

        try store.removeDocument(b)
        XCTAssertNil(try store.node(acme))
        XCTAssertNotNil(try store.node(manual))
        XCTAssertEqual(try store.stats().triples, 0)
    }

    /// Ingest writes with foreign keys off, so removing a document must not rely on their
    /// cascades: the rows left are the same either way, name keys and properties other
    /// documents gave a node that goes included.
    func testRemovingADocumentLeavesTheSameRowsWithForeignKeysOff() throws {
        func build(_ name: String, foreignKeys: Bool) throws -> GraphStore {
            let store = try GraphStore(path: path(name))
            try store.db.execute("PRAGMA foreign_keys = \(foreignKeys ? "ON" : "OFF")")
            let a = try store.addDocument(path: "a.txt", format: "text", hash: "1", bytes: 1)
            let b = try store.addDocument(path: "b.txt", format: "text", hash: "2", bytes: 1)
            let pa = Provenance(document: a, evidence: "from a", extractor: "test")
            let pb = Provenance(document: b, evidence: "from b", extractor: "test")
            let acme = try store.createNode()
            try store.addLabel("Company", to: acme, provenance: pa)
            try store.addLabel("Company", to: acme, provenance: pb)
            try store.setProperty("name", .string("Acme"), on: acme, provenance: pa, policy: .keepExisting)
            try store.setProperty("name", .string("Acme"), on: acme, provenance: pb, policy: .keepExisting)
            try store.addNameKey("acme", for: acme)
            // Only A labels Widget or links to it; B gives it a property and an alias, which go with it.
            let widget = try store.createNode()
            try store.addLabel("Company", to: widget, provenance: pa)
            try store.setProperty("name", .string("Widget"), on: widget, provenance: pb, policy: .keepExisting)
            try store.appendAliases(["Widgets"], to: widget, except: "Widget", provenance: pb)
            try store.setProperty("website", .string("w.example"), on: widget, provenance: pa, policy: .keepExisting)
            try store.setProperty("website", .string("w.example"), on: widget, provenance: pb, policy: .keepExisting)
            try store.addNameKey("widget", for: widget)
            try store.addRelationship(from: acme, type: "PARTNER_OF", to: widget, provenance: pa)
            // B's document node is one A made.
            let page = try store.createNode()
            try store.addLabel("Document", to: page, provenance: pa)
            try store.setProperty("title", .string("Page"), on: page, provenance: pb, policy: .keepExisting)
            try store.setDocumentNode(a, node: page)
            try store.setDocumentNode(b, node: page)
            try store.transaction { try store.removeDocument(a) }
            return store
        }
        let on = try build("on.db", foreignKeys: true)
        let off = try build("off.db", foreignKeys: false)
        XCTAssertEqual(try rows(of: off), try rows(of: on))
        XCTAssertEqual(try on.stats().nodes, 1)
        XCTAssertEqual(try off.db.scalar("SELECT count(*) FROM alias")?.int, 1)
        XCTAssertEqual(try off.db.rows("SELECT node FROM document"), [[.null]])
        XCTAssertTrue(try off.db.rows("PRAGMA foreign_key_check").isEmpty)
    }

    func testRelationshipPropertiesCarryProvenanceAndQualifiers() throws {
        let store = try GraphStore(path: path("g.db"))
        let doc = try store.addDocument(path: "news/x.md", format: "news", hash: "h", bytes: 10)
        let a = try store.createNode(), b = try store.createNode()
        let id = try store.addRelationship(from: a, type: "REGULATED_BY", to: b,
                                           provenance: Provenance(document: doc, evidence: "was added to the Entity List", extractor: "sentence.regulation", date: "2019-10", confidence: 0.9),
                                           qualifiers: ["action": .string("Entity List")])
        let r = try XCTUnwrap(try store.relationship(id))
        XCTAssertEqual(r.type, "REGULATED_BY")
        XCTAssertEqual(r.start, a)
        XCTAssertEqual(r.end, b)
        XCTAssertEqual(r.properties, [
            "action": .string("Entity List"), "date": .date("2019-10"), "evidence": .string("was added to the Entity List"),
            "source": .string("news/x.md"), "extractor": .string("sentence.regulation"), "confidence": .float(0.9),
        ])
    }

    func testAppendingAliasesKeepsOrderSkipsRepeatsAndTheName() throws {
        let store = try GraphStore(path: path("g.db"))
        let n = try store.createNode()
        try store.setProperty("name", .string("Acme"), on: n)
        try store.appendAliases(["Acme", "ACME Corp", "Acme \"Q\" Ltd", "ACME Corp"], to: n, except: "Acme",
                                provenance: Provenance(document: nil, extractor: "test"))
        XCTAssertEqual(try store.property("aliases", of: n), .list([.string("ACME Corp"), .string("Acme \"Q\" Ltd")]))
        // A name already listed (even one with escapes) is not added again; a new one goes last.
        try store.appendAliases(["Acme \"Q\" Ltd", "Acme\\Works", "商汤"], to: n, except: "Acme")
        XCTAssertEqual(try store.property("aliases", of: n),
                       .list([.string("ACME Corp"), .string("Acme \"Q\" Ltd"), .string("Acme\\Works"), .string("商汤")]))
        try store.appendAliases(["Acme\\Works"], to: n, except: nil)
        XCTAssertEqual(try store.property("aliases", of: n)?.displayText.components(separatedBy: ",").count, 4)
        // A list written some other way (a user's edit) is extended the same way; a value that
        // is not a list is replaced, as a list read from it would be empty.
        try store.setProperty("aliases", .list([.string("x"), .list([.string("ACME Corp")]), .integer(3)]), on: n)
        try store.appendAliases(["ACME Corp", "x"], to: n, except: nil)
        XCTAssertEqual(try store.property("aliases", of: n), .list([.string("x"), .list([.string("ACME Corp")]), .integer(3), .string("ACME Corp")]))
        try store.setProperty("aliases", .string("odd"), on: n)
        try store.appendAliases(["odd"], to: n, except: nil)
        XCTAssertEqual(try store.property("aliases", of: n), .list([.string("odd")]))
        // JSON with spaces (not what kg writes, but JSON): still extended validly.
        try store.db.run("UPDATE triple SET o = ? WHERE s = ? AND p = 'aliases'", [.blob([ValueTag.list.rawValue] + Array(#"[ "a" ] "#.utf8)), .integer(n)])
        try store.appendAliases(["a", "b"], to: n, except: nil)
        XCTAssertEqual(try store.property("aliases", of: n), .list([.string("a"), .string("b")]))
        try store.db.run("UPDATE triple SET o = ? WHERE s = ? AND p = 'aliases'", [.blob([ValueTag.list.rawValue] + Array("[ ]".utf8)), .integer(n)])
        try store.appendAliases(["c"], to: n, except: nil)
        XCTAssertEqual(try store.property("aliases", of: n), .list([.string("c")]))
        XCTAssertEqual(try store.labelsAndName(of: n)?.properties, ["name": .string("Acme")])
        XCTAssertNil(try store.labelsAndName(of: n + 1))
    }

    /// Every row of every table, for comparing two graphs written the same way.
    func rows(of store: GraphStore) throws -> [[SQLValue]] {
        try ["SELECT * FROM triple ORDER BY id", "SELECT * FROM support ORDER BY triple, doc", "SELECT * FROM alias ORDER BY key, node",
             "SELECT * FROM node ORDER BY id", "SELECT id, path, node FROM document ORDER BY id"].flatMap { try store.db.rows($0) }
    }

    /// Documents written one after another, some failing half-way and one replaced, the way
    /// ingest writes them: inside one store transaction (which remembers rows and holds alias
    /// lists back) the tables end up exactly as with every write made at once.
    func testATransactionsMemoryLeavesTheSameRowsAsWritingAtOnce() throws {
        struct Failed: Error {}
        func write(_ store: GraphStore, inTransaction: Bool) throws -> [Int] {
            var counts: [Int] = []
            func document(_ n: Int, fails: Bool = false) throws {
                let doc = try store.addDocument(path: "d\(n).txt", format: "text", hash: "\(n)", bytes: 1)
                let p = Provenance(document: doc, evidence: "e\(n)", extractor: "test")
                var acme = try store.nodes(forNameKey: "acme").first
                if acme == nil {
                    acme = try store.createNode()
                    try store.addNameKey("acme", for: acme!)
                }
                let node = try XCTUnwrap(acme)
                XCTAssertEqual(try store.labelsAndName(of: node)?.labels.contains("Company"), n > 0)
                try store.setProperty("name", .string("Acme"), on: node, provenance: p, policy: .keepExisting)
                try store.addLabel(n % 2 == 0 ? "Company" : "Organization", to: node, provenance: p)
                try store.addLabel("Company", to: node, provenance: p)
                try store.appendAliases(["Acme", "Acme \(n)", "Acme \(n / 2)"], to: node, except: "Acme", provenance: p)
                try store.addNameKey("acme \(n)", for: node)
                let other = try store.createNode()
                try store.setProperty("name", .string("Other \(n)"), on: other, provenance: p, policy: .keepExisting)
                try store.appendAliases(["O\(n)"], to: other, except: nil, provenance: p)
                try store.addRelationship(from: node, type: "PARTNER_OF", to: other, provenance: p)
                if fails { throw Failed() }
                counts.append(try store.tripleCount(document: doc))
            }
            func each(_ n: Int, fails: Bool = false) throws {
                if inTransaction {
                    try? store.transaction { try document(n, fails: fails) }
                } else if fails {
                    // What a rolled-back document leaves: nothing.
                    try? store.db.transaction { try document(n, fails: true) }
                } else {
                    try document(n)
                }
            }
            func all() throws {
                for n in 0..<6 { try each(n, fails: n == 3) }
                // A document removed: its facts go with it or pass to other supporters.
                if let old = try store.document(path: "d1.txt") { try store.removeDocument(old.id) }
                try each(7)
                try store.setProperty("aliases", .list([.string("by hand")]), on: 1, policy: .replace)
                try each(6)
            }
            if inTransaction { try store.transaction(all) } else { try all() }
            return counts
        }
        let once = try GraphStore(path: path("once.db"))
        let remembered = try GraphStore(path: path("remembered.db"))
        let countsOnce = try write(once, inTransaction: false)
        let countsRemembered = try write(remembered, inTransaction: true)
        XCTAssertEqual(countsRemembered, countsOnce)
        XCTAssertEqual(try rows(of: remembered), try rows(of: once))
        XCTAssertEqual(try remembered.property("aliases", of: 1), .list([.string("by hand"), .string("Acme 6"), .string("Acme 3")]))
        for document in try once.documents() {
            XCTAssertEqual(try remembered.tripleCount(document: document.id), try once.tripleCount(document: document.id))
        }
    }

    /// What one transaction learnt serves the next only while nothing else wrote the file.
    func testTheNextTransactionForgetsWhatChangedInBetween() throws {
        let store = try GraphStore(path: path("g.db"))
        let node = try store.transaction { () -> Int64 in
            let node = try store.createNode()
            try store.addNameKey("acme", for: node)
            return node
        }
        XCTAssertEqual(try store.transaction { try store.nodes(forNameKey: "acme") }, [node])
        // This connection, outside a store transaction.
        try store.db.run("DELETE FROM alias")
        XCTAssertEqual(try store.transaction { try store.nodes(forNameKey: "acme") }, [])
        try store.transaction { try store.addNameKey("acme", for: node) }
        // Another connection.
        let other = try GraphStore(path: path("g.db"))
        try other.db.run("DELETE FROM alias")
        XCTAssertEqual(try store.transaction { try store.nodes(forNameKey: "acme") }, [])
    }

    func testListBlobScannerFindsTopLevelStringsOnly() {
        func strings(_ json: String) -> [String]? {
            let blob = [ValueTag.list.rawValue] + Array(json.utf8)
            return GraphStore.topLevelStrings(ofListBlob: blob)?.map { String(decoding: blob[$0], as: UTF8.self) }
        }
        XCTAssertEqual(strings("[]"), [])
        XCTAssertEqual(strings(#"["a","b\\"]"#), [#""a""#, #""b\\""#])
        XCTAssertNil(strings(#"["a","b\"]"#))
        XCTAssertEqual(strings(#"[1, ["a"], {"k": "v"}, "c\"d"]"#), [#""c\"d""#])
        XCTAssertNil(strings(#"["a""#))
        XCTAssertNil(strings(#"["a"] x"#))
        XCTAssertNil(strings("{}"))
    }

    func testTransactionsRollBackOnError() throws {
        let store = try GraphStore(path: path("g.db"))
        struct Boom: Error {}
        XCTAssertThrowsError(try store.db.transaction {
            try store.createNode()
            try store.db.transaction { try store.createNode(); throw Boom() }
        })
        XCTAssertEqual(try store.stats().nodes, 0)
    }

    func testJSONValueKeepsIntegersApartFromFloats() throws {
        let v = try JSONValue.parse(#"{"b":1,"a":1.0,"c":[9223372036854775807,-0.5e3,"\u00e9\ud83d\ude00"],"d":null,"e":true}"#)
        XCTAssertEqual(v.text, #"{"b":1,"a":1.0,"c":[9223372036854775807,-500.0,"é😀"],"d":null,"e":true}"#)
        XCTAssertThrowsError(try JSONValue.parse("{\"a\":}"))
        XCTAssertThrowsError(try JSONValue.parse(String(repeating: "[", count: 100_000)))
    }

    func testJSONValueReadsEveryFormOfNumberAndString() throws {
        let v = try JSONValue.parse(#"  {"a":[1,-2,3.5,-0.0,1e3,1E-2,-9223372036854775808,92233720368547758070],"s":"esc \" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00 \u2028","n":[[[]]],"o":{}}  "#)
        XCTAssertEqual(v["a"], .array([.integer(1), .integer(-2), .float(3.5), .float(-0.0), .float(1000), .float(0.01),
                                       .integer(.min), .float(92233720368547758070)]))
        XCTAssertEqual(v["s"], .string("esc \" \\ / \u{8} \u{C} \n \r \t é 😀 \u{2028}"))
        XCTAssertEqual(v["n"], .array([.array([.array([])])]))
        XCTAssertEqual(v["o"], .object([]))
    }

    /// A malformed file is reported where it is wrong, never read as something it does not say.
    func testJSONValueRejectsWhatIsNotJSON() {
        let bad = [#"{"a":01}"#, #"{"a":1.}"#, #"{"a":1e}"#, #"{"a":"x"#, #"{"a" 1}"#, #"{"a":tru}"#, "{\"a\":\"\u{01}\"}",
                   #"{"a":1}x"#, #"{"a":"\q"}"#, #"{"a":"\ud83d"}"#, #"{"a":"\ude00"}"#, #"{"a":"\u12"}"#, "", "-"]
        for text in bad { XCTAssertThrowsError(try JSONValue.parse(text), text) }
        var invalidUTF8: [UInt8] = Array(#"{"a":"x"#.utf8) + [0xFF] + Array(#""}"#.utf8)
        XCTAssertThrowsError(try invalidUTF8.withUnsafeMutableBufferPointer { try JSONValue.parse(bytes: UnsafeBufferPointer($0)) })
        do {
            _ = try JSONValue.parse(#"{"a": [1, 2,, 3]}"#)
        } catch {
            XCTAssertEqual(error.offset, 12)
            XCTAssertEqual(error.description, "unexpected character at character 13")
        }
    }

    func testJSONStringsEscapeQuotesControlsAndLineSeparators() {
        XCTAssertEqual(JSONText.string("plain é 😀"), "\"plain é 😀\"")
        XCTAssertEqual(JSONText.string("a\"b\\c\nd\u{01}e\u{2028}f\u{08}"), #""a\"b\\c\nd\u0001e\u2028f\b""#)
        XCTAssertEqual(TextEscaping.escape("x_y") { $0 == "_" ? "--" : nil }, "x--y")
        XCTAssertEqual(TextEscaping.unicodeEscape("\u{1F}", uppercase: true), "\\u001F")
    }
}
