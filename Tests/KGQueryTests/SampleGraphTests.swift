import KGQuery
import KGStore
import XCTest

/// The questions the issue names, on a small graph shaped like the extractors' output.
final class SampleGraphTests: XCTestCase {
    func sampleGraph() throws -> TestGraph {
        let g = try TestGraph()
        let s = g.store
        let doc = try s.addDocument(path: "wiki/SenseTime.wiki", format: "wikitext", hash: "h", bytes: 10)
        func node(_ label: String, _ name: String, _ props: [String: PropertyValue] = [:]) throws -> Int64 {
            let id = try s.createNode()
            try s.addLabel(label, to: id)
            try s.setProperty("name", .string(name), on: id)
            for (k, v) in props { try s.setProperty(k, v, on: id) }
            return id
        }
        let sensetime = try node("Company", "SenseTime")
        let megvii = try node("Company", "Megvii")
        let qualcomm = try node("Company", "Qualcomm")
        let honda = try node("Company", "Honda")
        let tang = try node("Person", "Tang Xiao'ou")
        let xu = try node("Person", "Xu Li")
        let bis = try node("Government", "Bureau of Industry and Security")
        let treasury = try node("Government", "US Treasury")
        let ipo = try node("Event", "SenseTime IPO", ["kind": .string("ipo"), "date": .date("2021-12-30")])
        let listing = try node("Event", "SenseTime Entity List", ["kind": .string("listing"), "date": .date("2019-10")])
        let p = Provenance(document: doc, evidence: "…", extractor: "test")
        try s.addRelationship(from: sensetime, type: "FOUNDED_BY", to: tang, provenance: p)
        try s.addRelationship(from: sensetime, type: "FOUNDED_BY", to: xu, provenance: p)
        try s.addRelationship(from: sensetime, type: "PARTNER_OF", to: qualcomm, provenance: Provenance(document: doc, date: "2017-10"))
        try s.addRelationship(from: honda, type: "PARTNER_OF", to: sensetime, provenance: p)
        try s.addRelationship(from: qualcomm, type: "PARTNER_OF", to: megvii, provenance: p)
        try s.addRelationship(from: sensetime, type: "REGULATED_BY", to: bis, provenance: Provenance(document: doc, date: "2019-10"),
                              qualifiers: ["action": .string("Entity List")])
        try s.addRelationship(from: megvii, type: "REGULATED_BY", to: treasury, provenance: Provenance(document: doc, date: "2021-12"),
                              qualifiers: ["action": .string("investment blacklist")])
        try s.addRelationship(from: sensetime, type: "INVOLVED_IN", to: ipo, provenance: p)
        try s.addRelationship(from: sensetime, type: "INVOLVED_IN", to: listing, provenance: p)
        return g
    }

    func testFoundersOfSenseTime() throws {
        let g = try sampleGraph()
        XCTAssertEqual(try g.rows("MATCH (:Company {name: 'SenseTime'})-[:FOUNDED_BY]->(p:Person) RETURN p.name ORDER BY p.name"),
                       ["'Tang Xiao\\'ou'", "'Xu Li'"])
    }

    func testGovernmentsActingOnCompanies() throws {
        let g = try sampleGraph()
        XCTAssertEqual(try g.rows("""
            MATCH (c:Company)-[r:REGULATED_BY]->(g:Government)
            RETURN g.name, c.name, r.action, r.date ORDER BY r.date
            """),
                       ["'Bureau of Industry and Security' | 'SenseTime' | 'Entity List' | '2019-10'",
                        "'US Treasury' | 'Megvii' | 'investment blacklist' | '2021-12'"])
    }

    func testPartnersOfPartners() throws {
        let g = try sampleGraph()
        XCTAssertEqual(try g.rows("""
            MATCH (c:Company {name: 'SenseTime'})-[:PARTNER_OF]-(:Company)-[:PARTNER_OF]-(x:Company)
            WHERE x <> c RETURN DISTINCT x.name
            """), ["'Megvii'"])
    }

    func testEventsInDateOrder() throws {
        let g = try sampleGraph()
        XCTAssertEqual(try g.rows("MATCH (:Company {name: 'SenseTime'})-[:INVOLVED_IN]->(e:Event) RETURN e.kind, e.date ORDER BY e.date"),
                       ["'listing' | '2019-10'", "'ipo' | '2021-12-30'"])
    }
}
