import KGExtraction
import KGStore

/// One thing, one node: maps a document's entities to graph nodes through the store's name
/// dictionary (folded names and aliases), so a name seen in another document finds the node
/// already there. Kinds must agree (a place and a government that share a name stay apart).
public struct Resolver: Sendable {
    public let lexicon: Lexicon

    public init(lexicon: Lexicon = .standard) {
        self.lexicon = lexicon
    }

    static let primaryLabels: Set<String> = ["Company", "Person", "Government", "Organization", "Place", "Topic"]

    /// The keys an entity is filed under: its folded name and aliases, and for companies the
    /// name without its legal form ("alibaba" for "Alibaba Group").
    public func keys(for entity: ExtractedEntity) -> [String] {
        var out: [String] = []
        func add(_ k: String) { if !k.isEmpty && !out.contains(k) { out.append(k) } }
        for name in [entity.name] + entity.aliases {
            add(NameFolding.key(name))
            if entity.kind == nil || entity.kind == .company || entity.kind == .organization,
               let stripped = NameFolding.strippedCompanyKey(name, suffixes: lexicon.companySuffixes), stripped.count >= 3 {
                add(stripped)
            }
            if let acronym = NameFolding.acronymKey(name, heads: lexicon.bodyHeadWords) { add(acronym) }
        }
        return out
    }

    func compatible(_ labels: [String], _ kind: EntityKind?) -> Bool {
        guard let kind else { return !labels.contains("Event") && !labels.contains("Document") }
        if labels.contains("Event") || labels.contains("Document") { return false }
        let kinds = labels.compactMap(EntityKind.init(rawValue:)).filter { $0 != .publisher || kind == .publisher }
        if kinds.isEmpty { return true }
        return kinds.contains { $0.isCompatible(with: kind) }
    }

    /// Finds or creates the node for each entity (in `extraction.entities` order) and records
    /// its labels, name, aliases and keys with the document's provenance.
    public func resolve(_ extraction: Extraction, in store: GraphStore, document: Int64) throws -> [Int64] {
        var nodes: [Int64] = []
        var claimed = Set<Int64>()
        // A node is read once per document however many keys lead to it (a well-known node
        // carries a long alias list).
        var records: [Int64: NodeRecord?] = [:]
        for entity in extraction.entities {
            let keys = keys(for: entity)
            // Score candidates: the name itself counts most, then aliases.
            var best: (node: Int64, score: Int, record: NodeRecord)?
            for (i, key) in keys.enumerated() {
                for node in try store.nodes(forNameKey: key) where !claimed.contains(node) {
                    let cached: NodeRecord?
                    if let r = records[node] { cached = r } else { cached = try store.labelsAndName(of: node); records[node] = cached }
                    guard let record = cached, compatible(record.labels, entity.kind) else { continue }
                    let score = (i == 0 ? 10 : 1) + (record.labels.contains(entity.kind?.rawValue ?? "") ? 2 : 0)
                    if best == nil || score > best!.score { best = (node, score, record) }
                }
            }
            let node = try best?.node ?? store.createNode()
            claimed.insert(node)
            try write(entity, to: node, existing: best?.record, keys: keys, store: store, document: document)
            nodes.append(node)
        }
        return nodes
    }

    /// `existing`: the node's labels and name before this entity (nil for a new node).
    private func write(_ entity: ExtractedEntity, to node: Int64, existing: NodeRecord?, keys: [String], store: GraphStore, document: Int64) throws {
        let provenance = Provenance(document: document, extractor: "resolution")
        try store.setProperty("name", .string(entity.name), on: node, provenance: provenance, policy: .keepExisting)
        let labels = existing?.labels ?? []
        let hasPrimary = labels.contains { Self.primaryLabels.contains($0) }
        if let kind = entity.kind {
            if !hasPrimary || labels.contains(kind.rawValue) || entity.kindEvidence == .infobox || kind == .publisher {
                try store.addLabel(kind.rawValue, to: node, provenance: provenance)
            }
        }
        for extra in entity.extraLabels { try store.addLabel(extra.rawValue, to: node, provenance: provenance) }
        var currentName = entity.name
        if case .string(let n)? = existing?.properties["name"] { currentName = n }
        // All new aliases in one write, appended to the stored list without decoding it.
        try store.appendAliases([entity.name] + entity.aliases, to: node, except: currentName, provenance: provenance)
        for key in keys { try store.addNameKey(key, for: node) }
    }
}
