import KGExtraction
import KGResolution
import KGStore

/// Writes one document's extraction into the store: entity nodes (through resolution), their
/// properties, relationships with provenance, event nodes, and the document's own node.
struct GraphWriter {
    let store: GraphStore
    let resolver: Resolver

    /// Writes everything; returns the number of entity nodes the document touched.
    func write(_ x: Extraction, document: Int64) throws -> Int {
        let nodes = try resolver.resolve(x, in: store, document: document)
        func prov(_ e: Evidence?, date: String? = nil, confidence: Double? = nil, extractor: String? = nil) -> Provenance {
            Provenance(document: document, evidence: e?.text, extractor: extractor ?? e?.extractor, date: date, confidence: confidence)
        }
        for p in x.properties {
            let value: PropertyValue
            switch p.value {
            case .string(let s): value = .string(s)
            case .date(let d): value = .date(d)
            }
            try store.setProperty(p.key, value, on: nodes[p.entity], provenance: prov(p.evidence), policy: .keepExisting)
        }
        for r in Self.merged(x.relations) {
            var qualifiers: [String: PropertyValue] = [:]
            for (k, v) in r.qualifiers { qualifiers[k] = .string(v) }
            try store.addRelationship(from: nodes[r.subject], type: r.type, to: nodes[r.object],
                                      provenance: prov(r.evidence, date: r.date, confidence: r.confidence), qualifiers: qualifiers)
        }
        for e in x.events {
            let event = try eventNode(e, participants: e.participants.map { nodes[$0] }, document: document)
            for p in e.participants {
                try store.addRelationship(from: nodes[p], type: "INVOLVED_IN", to: event, provenance: prov(e.evidence, date: e.date))
            }
        }

        // The document itself.
        let docNode = try documentNode(x.document, identity: "path:\(x.path)", fallbackName: x.path, path: x.path, document: document)
        try store.setDocumentNode(document, node: docNode)
        try links(from: docNode, x.document, nodes: nodes, document: document)
        for r in x.related {
            let identity = r.url.map { "url:\($0)" } ?? "title:\(NameFolding.key(r.title ?? ""))"
            let node = try documentNode(r, identity: identity, fallbackName: r.url ?? "related article", path: nil, document: document)
            try store.addRelationship(from: docNode, type: "RELATED_TO", to: node,
                                      provenance: Provenance(document: document, evidence: r.title, extractor: "news.related"))
            try links(from: node, r, nodes: nodes, document: document)
        }
        return Set(nodes).count
    }

    /// Relations that say the same thing (same ends, type and action) from several rules of
    /// one document become one edge: a dated reading beats an undated one.
    static func merged(_ relations: [ExtractedRelation]) -> [ExtractedRelation] {
        var out: [ExtractedRelation] = []
        for r in relations {
            let same = out.indices.filter {
                out[$0].subject == r.subject && out[$0].type == r.type && out[$0].object == r.object
                    && out[$0].qualifiers["action"] == r.qualifiers["action"]
            }
            if same.isEmpty { out.append(r); continue }
            if r.date == nil || same.contains(where: { out[$0].date == r.date }) { continue }
            if let undated = same.first(where: { out[$0].date == nil }) { out[undated] = r } else { out.append(r) }
        }
        return out
    }

    private func eventNode(_ e: ExtractedEvent, participants: [Int64], document: Int64) throws -> Int64 {
        // The same event told by two documents: same kind, date and main participant.
        let key = "event|\(e.kind)|\(e.date ?? "")|\(participants.first ?? 0)"
        let provenance = Provenance(document: document, evidence: e.evidence.text, extractor: e.evidence.extractor)
        let node: Int64
        if let existing = try store.nodes(forNameKey: key).first {
            node = existing
        } else {
            node = try store.createNode()
            try store.addNameKey(key, for: node)
        }
        try store.addLabel("Event", to: node, provenance: provenance)
        try store.setProperty("name", .string(e.title), on: node, provenance: provenance, policy: .keepExisting)
        try store.setProperty("title", .string(e.title), on: node, provenance: provenance, policy: .keepExisting)
        try store.setProperty("kind", .string(e.kind), on: node, provenance: provenance, policy: .keepExisting)
        if let d = e.date { try store.setProperty("date", .date(d), on: node, provenance: provenance, policy: .keepExisting) }
        return node
    }

    private func documentNode(_ d: DocumentFacts, identity: String, fallbackName: String, path: String?, document: Int64) throws -> Int64 {
        let key = "document|\(identity)"
        let provenance = Provenance(document: document, extractor: "document")
        let node: Int64
        if let existing = try store.nodes(forNameKey: key).first {
            node = existing
        } else {
            node = try store.createNode()
            try store.addNameKey(key, for: node)
        }
        if let url = d.url { try store.addNameKey("document|url:\(url)", for: node) }
        try store.addLabel("Document", to: node, provenance: provenance)
        // A wiki article's title is its subject's name; the document node is named by its path
        // so the two never look like one thing.
        let name = path == nil || d.url != nil ? (d.title ?? fallbackName) : fallbackName
        try store.setProperty("name", .string(name), on: node, provenance: provenance, policy: .keepExisting)
        if let t = d.title { try store.setProperty("title", .string(t), on: node, provenance: provenance, policy: .keepExisting) }
        if let u = d.url { try store.setProperty("url", .string(u), on: node, provenance: provenance, policy: .keepExisting) }
        if let p = d.published { try store.setProperty("published", .string(p), on: node, provenance: provenance, policy: .keepExisting) }
        if let path { try store.setProperty("path", .string(path), on: node, provenance: provenance, policy: .keepExisting) }
        return node
    }

    private func links(from docNode: Int64, _ d: DocumentFacts, nodes: [Int64], document: Int64) throws {
        if let p = d.publisher {
            try store.addRelationship(from: docNode, type: "PUBLISHED_BY", to: nodes[p],
                                      provenance: Provenance(document: document, evidence: "provider", extractor: "news.provider"))
        }
        for t in d.topics {
            try store.addRelationship(from: docNode, type: "HAS_TOPIC", to: nodes[t],
                                      provenance: Provenance(document: document, evidence: "topics", extractor: "news.topics"))
        }
        var seen = Set<Int64>()
        for m in d.mentions where seen.insert(nodes[m]).inserted {
            try store.addRelationship(from: docNode, type: "MENTIONS", to: nodes[m],
                                      provenance: Provenance(document: document, extractor: "document.mentions"))
        }
    }
}
