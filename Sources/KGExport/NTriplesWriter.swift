import KGStore

/// Writes the graph as RDF 1.1 N-Triples, for RDF stores.
///
/// **One RDF triple per row of the triple table** — these are the *fact* triples, and their
/// number is the store's triple count. Under the base IRI `B` (default
/// `http://example.org/kg/`):
///
/// | triple row                    | RDF triple                                                   |
/// |-------------------------------|--------------------------------------------------------------|
/// | node 7 has label `Company`    | `<B node/7> rdf:type <B label/Company>`                       |
/// | node 7 property `name`        | `<B node/7> <B property/name> "SenseTime"`                     |
/// | relationship 9 `FOUNDED_BY` 8 | `<B node/7> <B relationship/FOUNDED_BY> <B node/8>`           |
///
/// Names are percent-encoded into IRIs (every byte outside `A–Z a–z 0–9 - . _ ~`). Literals carry
/// XSD datatypes: strings are plain (`xsd:string`), integers `xsd:integer`, floats `xsd:double`,
/// booleans `xsd:boolean`; dates `xsd:date`, `xsd:gYearMonth` or `xsd:gYear` by precision
/// (`2021-12-10`, `2014-10`, `2014`); a list is one `rdf:JSON` literal holding the JSON array.
///
/// **Provenance is written as standard RDF reification** (not RDF-star, which N-Triples 1.1
/// and most parsers do not read). A row that has any provenance gets a statement node
/// `<B triple/ROWID>` with `rdf:type rdf:Statement`, `rdf:subject`, `rdf:predicate` and
/// `rdf:object` repeating the fact, and `<B provenance/source>` (the document, `<B document/ID>`),
/// `<B provenance/evidence>`, `<B provenance/extractor>`, `<B provenance/date>`,
/// `<B provenance/confidence>`, plus `<B qualifier/KEY>` for each qualifier (such as `action`).
/// Each document is described once, first: `<B document/ID> <B provenance/path> "…"` and
/// `<B provenance/format>`. So the fact triples are exactly those whose subject is a
/// `<B node/…>` IRI; every other triple describes a statement or a document.
public struct NTriplesWriter {
    public static let defaultBaseIRI = "http://example.org/kg/"

    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let xsd = "http://www.w3.org/2001/XMLSchema#"

    public let baseIRI: String

    /// `baseIRI` must be an absolute IRI; a `/` is added unless it ends in `/` or `#`.
    public init(baseIRI: String = NTriplesWriter.defaultBaseIRI) throws {
        var base = baseIRI
        let forbidden = Set("<>\"{}|^`\\ ".unicodeScalars)
        guard let colon = base.firstIndex(of: ":"), base[..<colon].first?.isLetter == true,
              base.unicodeScalars.allSatisfy({ $0.value > 0x20 && !forbidden.contains($0) }) else {
            throw ExportError.invalidOption("--base-iri \(base): not an absolute IRI (such as http://example.org/kg/)")
        }
        if !base.hasSuffix("/") && !base.hasSuffix("#") { base += "/" }
        self.baseIRI = base
    }

    public struct Summary: Sendable, Equatable {
        /// Triples whose subject is a node: one per triple-table row.
        public var factTriples = 0
        /// Every triple written (facts, reification, documents).
        public var triples = 0
    }

    @discardableResult
    public func write(store: GraphStore, to sink: ByteSink) throws -> Summary {
        var summary = Summary()
        let documents = try store.db.prepare("SELECT id, path, format FROM document ORDER BY id")
        while try documents.step() {
            let subject = "<\(baseIRI)document/\(documents.int(at: 0))>"
            line(subject, "<\(baseIRI)provenance/path>", literal(.string(documents.string(at: 1) ?? "")), to: sink)
            line(subject, "<\(baseIRI)provenance/format>", literal(.string(documents.string(at: 2) ?? "")), to: sink)
            summary.triples += 2
        }
        let rows = try store.db.prepare("""
            SELECT id, s, k, p, o, dt, doc, evidence, extractor, date, confidence, qual FROM triple ORDER BY id
            """)
        let typeIRI = "<\(Self.rdf)type>"
        while try rows.step() {
            let id = rows.int(at: 0)
            let subject = "<\(baseIRI)node/\(rows.int(at: 1))>"
            let key = rows.string(at: 3) ?? ""
            let predicate: String
            let object: String
            switch rows.int(at: 2) {
            case Schema.Kind.label.rawValue:
                predicate = typeIRI
                object = "<\(baseIRI)label/\(Self.encode(key))>"
            case Schema.Kind.property.rawValue:
                guard let value = ValueCodec.decode(rows.value(at: 4), datatype: rows.string(at: 5)) else { continue }
                predicate = "<\(baseIRI)property/\(Self.encode(key))>"
                object = literal(value)
            default:
                predicate = "<\(baseIRI)relationship/\(Self.encode(key))>"
                object = "<\(baseIRI)node/\(rows.int(at: 4))>"
            }
            line(subject, predicate, object, to: sink)
            summary.factTriples += 1
            summary.triples += 1

            var provenance: [(String, String)] = []
            if case .integer(let doc) = rows.value(at: 6) { provenance.append(("provenance/source", "<\(baseIRI)document/\(doc)>")) }
            if let evidence = rows.string(at: 7) { provenance.append(("provenance/evidence", literal(.string(evidence)))) }
            if let extractor = rows.string(at: 8) { provenance.append(("provenance/extractor", literal(.string(extractor)))) }
            if let date = rows.string(at: 9) { provenance.append(("provenance/date", literal(.date(date)))) }
            if case .real(let confidence) = rows.value(at: 10) { provenance.append(("provenance/confidence", literal(.float(confidence)))) }
            if let qual = rows.string(at: 11), case .object(let pairs)? = try? JSONValue.parse(qual) {
                for (name, value) in pairs {
                    guard let v = value.propertyValue else { continue }
                    provenance.append(("qualifier/\(Self.encode(name))", literal(v)))
                }
            }
            if !provenance.isEmpty {
                let statement = "<\(baseIRI)triple/\(id)>"
                line(statement, typeIRI, "<\(Self.rdf)Statement>", to: sink)
                line(statement, "<\(Self.rdf)subject>", subject, to: sink)
                line(statement, "<\(Self.rdf)predicate>", predicate, to: sink)
                line(statement, "<\(Self.rdf)object>", object, to: sink)
                for (name, value) in provenance { line(statement, "<\(baseIRI)\(name)>", value, to: sink) }
                summary.triples += 4 + provenance.count
            }
            try sink.flushIfFull()
        }
        try sink.flush()
        return summary
    }

    private func line(_ s: String, _ p: String, _ o: String, to sink: ByteSink) {
        sink.write(s)
        sink.write(UInt8(ascii: " "))
        sink.write(p)
        sink.write(UInt8(ascii: " "))
        sink.write(o)
        sink.write(" .\n")
    }

    /// A literal with its XSD datatype (plain for strings, which RDF 1.1 types as xsd:string).
    func literal(_ value: PropertyValue) -> String {
        switch value {
        case .string(let s): return Self.quoted(s)
        case .integer(let i): return "\"\(i)\"^^<\(Self.xsd)integer>"
        case .float(let d):
            let text = d.isNaN ? "NaN" : d.isInfinite ? (d < 0 ? "-INF" : "INF") : JSONText.number(d)
            return "\"\(text)\"^^<\(Self.xsd)double>"
        case .boolean(let b): return "\"\(b)\"^^<\(Self.xsd)boolean>"
        case .date(let s):
            guard let type = Self.dateType(s) else { return Self.quoted(s) }
            return Self.quoted(s) + "^^<\(Self.xsd)\(type)>"
        case .list: return Self.quoted(JSONText.encode(value)) + "^^<\(Self.rdf)JSON>"
        }
    }

    /// The XSD type for an ISO 8601 date of year, month or day precision, else nil.
    static func dateType(_ s: String) -> String? {
        let b = Array(s.utf8)
        func isDigits(_ r: Range<Int>) -> Bool { r.allSatisfy { b[$0] >= 0x30 && b[$0] <= 0x39 } }
        switch b.count {
        case 4 where isDigits(0..<4): return "gYear"
        case 7 where isDigits(0..<4) && b[4] == 0x2D && isDigits(5..<7): return "gYearMonth"
        case 10 where isDigits(0..<4) && b[4] == 0x2D && isDigits(5..<7) && b[7] == 0x2D && isDigits(8..<10): return "date"
        default: return nil
        }
    }

    /// An N-Triples string literal: `"` `\` and line ends escaped, other controls as `\uXXXX`.
    static func quoted(_ s: String) -> String {
        "\"" + TextEscaping.escape(s) { scalar in
            switch scalar {
            case "\"": "\\\""
            case "\\": "\\\\"
            case "\n": "\\n"
            case "\r": "\\r"
            case "\t": "\\t"
            default: scalar.value < 0x20 || scalar.value == 0x7F ? TextEscaping.unicodeEscape(scalar, uppercase: true) : nil
            }
        } + "\""
    }

    /// A name as an IRI path segment: unreserved ASCII as is, every other byte percent-encoded.
    static func encode(_ name: String) -> String {
        var out = ""
        out.reserveCapacity(name.utf8.count)
        for byte in name.utf8 {
            switch byte {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2D, 0x2E, 0x5F, 0x7E:
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%"
                out.unicodeScalars.append(Unicode.Scalar(hexDigit(byte >> 4)))
                out.unicodeScalars.append(Unicode.Scalar(hexDigit(byte & 0xF)))
            }
        }
        return out
    }

    private static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x41 + v - 10 }
}
