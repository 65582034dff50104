/// The entities of one document while it is read: mentions that name the same thing (same
/// folded name, an alias, a company name without its legal form, a one-letter typo of a long
/// name) become one entry.
struct EntityTable {
    enum NameStrength: Int, Comparable {
        case surface = 1, linkTarget = 2, canonical = 3
        static func < (a: NameStrength, b: NameStrength) -> Bool { a.rawValue < b.rawValue }
    }

    private(set) var entities: [ExtractedEntity] = []
    private var strengths: [NameStrength] = []
    private(set) var mentionCounts: [Int] = []
    private var parent: [Int] = []
    /// The entities filed under each key.
    private(set) var keys = KeyIndex()
    let suffixes: Set<String>
    let heads: Set<String>

    init(suffixes: Set<String>, heads: Set<String> = []) {
        self.suffixes = suffixes
        self.heads = heads
        // A document names a few hundred things: room for them up front spares rehashing
        // every name as the tables grow.
        nameKeys.reserveCapacity(256)
        guesses.reserveCapacity(256)
        keys.reserveCapacity(256)
    }

    func find(_ i: Int) -> Int {
        var i = i
        while parent[i] != i { i = parent[i] }
        return i
    }

    func entity(_ i: Int) -> ExtractedEntity { entities[find(i)] }

    /// An entity's kind and its evidence, without copying the entity.
    func kind(of i: Int) -> (kind: EntityKind?, evidence: KindEvidence?) {
        let id = find(i)
        return (entities[id].kind, entities[id].kindEvidence)
    }

    /// Entity ids by filing key. Each key is hashed once, when first seen, and gets a slot: a
    /// name's keys are worked out once per name (`NameKeys`), and filing and looking up by slot
    /// hashes nothing.
    struct KeyIndex {
        private var slots: [String: Int] = [:]
        private var filed: [[Int]] = []

        /// The entities filed under `key`, in filing order; nil when none.
        subscript(key: String) -> [Int]? {
            guard let slot = slots[key], !filed[slot].isEmpty else { return nil }
            return filed[slot]
        }

        fileprivate mutating func reserveCapacity(_ n: Int) {
            slots.reserveCapacity(n)
            filed.reserveCapacity(n)
        }

        fileprivate mutating func slot(_ key: String) -> Int {
            if let slot = slots[key] { return slot }
            slots[key] = filed.count
            filed.append([])
            return filed.count - 1
        }

        fileprivate func ids(_ slot: Int) -> [Int] { filed[slot] }

        fileprivate mutating func file(_ id: Int, in slot: Int) {
            if !filed[slot].contains(id) { filed[slot].append(id) }
        }
    }

    /// The keys a name is filed under, worked out once per name: a document files and looks up
    /// the same few names again and again.
    private var nameKeys: [String: NameKeys] = [:]

    private struct NameKeys {
        var key: String
        /// The slots of the folded name, of the name without a company's legal form (when at
        /// least three characters are left) and of the acronym it stands for; nil for no or an
        /// empty key.
        var keySlot: Int?
        var strippedSlot: Int?
        var acronymSlot: Int?

        /// The slots to file or look up under for an entity of `kind`, in that order.
        func slots(kind: EntityKind?) -> Slots {
            let mayHaveLegalForm = kind == nil || kind == .company || kind == .organization
            return Slots(slots: (keySlot, mayHaveLegalForm ? strippedSlot : nil, acronymSlot))
        }
    }

    /// Up to three slots, without an array for each name filed or looked up.
    private struct Slots: Sequence, IteratorProtocol {
        var slots: (Int?, Int?, Int?)

        mutating func next() -> Int? {
            if let s = slots.0 { slots.0 = nil; return s }
            if let s = slots.1 { slots.1 = nil; return s }
            if let s = slots.2 { slots.2 = nil; return s }
            return nil
        }
    }

    private mutating func nameKeys(_ name: String) -> NameKeys {
        if let known = nameKeys[name] { return known }
        let key = NameFolding.key(name)
        let stripped = NameFolding.strippedCompanyKey(key: key, suffixes: suffixes).flatMap { $0.count >= 3 ? $0 : nil }
        let acronym = NameFolding.acronymKey(name, heads: heads)
        func slot(_ k: String?) -> Int? {
            guard let k, !k.isEmpty else { return nil }
            return keys.slot(k)
        }
        let k = NameKeys(key: key, keySlot: slot(key), strippedSlot: slot(stripped), acronymSlot: slot(acronym))
        nameKeys[name] = k
        return k
    }

    /// What the typer makes of each name as written, and whether it is shaped like a person's:
    /// a document names the same few things again and again, and the answer depends on the
    /// exact text alone (a guess's canonical name is the name as written).
    private var guesses: [String: EntityTyper.Guess?] = [:]
    private var personShapes: [String: Bool] = [:]

    mutating func classify(_ name: String, by typer: EntityTyper) -> EntityTyper.Guess? {
        if let known = guesses[name] { return known }
        let guess = typer.classify(name)
        guesses[name] = guess
        return guess
    }

    mutating func isPersonShaped(_ name: String, by typer: EntityTyper) -> Bool {
        if let known = personShapes[name] { return known }
        let shaped = typer.isPersonShaped(name)
        personShapes[name] = shaped
        return shaped
    }

    /// The entity already filed under the name's keys whose kind does not conflict.
    private func lookup(_ name: NameKeys, kind: EntityKind?) -> Int? {
        for slot in name.slots(kind: kind) {
            for id in keys.ids(slot) {
                if let k = kind, let ek = entities[find(id)].kind, !k.isCompatible(with: ek) { continue }
                return find(id)
            }
        }
        return nil
    }

    private mutating func file(_ name: NameKeys, kind: EntityKind?, _ id: Int) {
        for slot in name.slots(kind: kind) { keys.file(id, in: slot) }
    }

    @discardableResult
    mutating func register(name: String, surface: String? = nil, aliases: [String] = [], kind: EntityKind?,
                           evidence: KindEvidence?, strength: NameStrength, linked: Bool = false,
                           extraLabels: [EntityKind] = [], subject: Bool = false, count: Bool = true) -> Int {
        let keysOfName = nameKeys(name)
        // The surface is looked up (and filed) under its own keys; a surface that is the name
        // itself finds nothing the name did not.
        var keysOfSurface: NameKeys?
        if let surface { keysOfSurface = surface == name ? keysOfName : nameKeys(surface) }
        let id: Int
        if let existing = lookup(keysOfName, kind: kind) ?? keysOfSurface.flatMap({ lookup($0, kind: kind) }) {
            id = existing
            if strength > strengths[id] && entities[id].name != name {
                if !entities[id].aliases.contains(entities[id].name) { entities[id].aliases.append(entities[id].name) }
                entities[id].name = name
                strengths[id] = strength
            }
            if let kind, let evidence, entities[id].kind == nil || evidence > (entities[id].kindEvidence ?? .slot) {
                entities[id].kind = kind
                entities[id].kindEvidence = evidence
            }
            for extra in extraLabels where !entities[id].extraLabels.contains(extra) { entities[id].extraLabels.append(extra) }
            if linked { entities[id].isLinked = true }
            if subject { entities[id].isSubject = true }
        } else {
            id = entities.count
            entities.append(ExtractedEntity(name: name, kind: kind, kindEvidence: kind == nil ? nil : evidence,
                                            extraLabels: extraLabels, isLinked: linked, isSubject: subject))
            strengths.append(strength)
            mentionCounts.append(0)
            parent.append(id)
        }
        if count { mentionCounts[id] += 1 }
        if let surface, let keysOfSurface {
            let trimmed = surface.trimmedSpaces()
            addAlias(trimmed, keys: trimmed == surface ? keysOfSurface : nil, to: id)
        }
        for alias in aliases { addAlias(alias, to: id) }
        file(keysOfName, kind: kind, id)
        return id
    }

    mutating func addAlias(_ alias: String, to i: Int) {
        addAlias(alias.trimmedSpaces(), keys: nil, to: find(i))
    }

    /// `trimmed` as another name of root `id`; `known` are its keys when already worked out.
    private mutating func addAlias(_ trimmed: String, keys known: NameKeys?, to id: Int) {
        guard !trimmed.isEmpty else { return }
        if trimmed != entities[id].name && !entities[id].aliases.contains(trimmed) {
            entities[id].aliases.append(trimmed)
        }
        file(known ?? nameKeys(trimmed), kind: entities[id].kind, id)
    }

    /// Sets a kind the context supports, without overriding stronger evidence.
    mutating func suggest(kind: EntityKind, evidence: KindEvidence, for i: Int) {
        let id = find(i)
        if entities[id].kind == nil || (entities[id].kindEvidence ?? .slot) < evidence {
            entities[id].kind = kind
            entities[id].kindEvidence = evidence
        }
    }

    mutating func addLabel(_ label: EntityKind, to i: Int) {
        let id = find(i)
        if entities[id].kind == nil { entities[id].kind = label; entities[id].kindEvidence = .lexicon; return }
        if entities[id].kind != label && !entities[id].extraLabels.contains(label) { entities[id].extraLabels.append(label) }
    }

    /// Folds one-letter misspellings of long names into the better-attested spelling.
    mutating func mergeTypos(minimumLength: Int = 8) {
        let roots = (0..<entities.count).filter { parent[$0] == $0 && entities[$0].kind != .place }
        let folded = roots.map { nameKeys(entities[$0].name).key }
        let lengths = folded.map(\.count)
        for a in 0..<roots.count where lengths[a] >= minimumLength {
            for b in (a + 1)..<roots.count {
                let (ka, kb) = (folded[a], folded[b])
                guard lengths[b] >= minimumLength, abs(lengths[a] - lengths[b]) <= 1,
                      ka.first == kb.first, ka != kb else { continue }
                let (ia, ib) = (find(roots[a]), find(roots[b]))
                guard ia != ib else { continue }
                if let x = entities[ia].kind, let y = entities[ib].kind, !x.isCompatible(with: y) { continue }
                // Both written as links to different targets: two things.
                if entities[ia].isLinked && entities[ib].isLinked { continue }
                guard NameFolding.editDistance(ka, kb, limit: 1) <= 1 else { continue }
                let (keep, drop) = mentionCounts[ia] >= mentionCounts[ib] ? (ia, ib) : (ib, ia)
                merge(drop, into: keep)
            }
        }
    }

    mutating func merge(_ drop: Int, into keep: Int) {
        let (d, k) = (find(drop), find(keep))
        guard d != k else { return }
        parent[d] = k
        mentionCounts[k] += mentionCounts[d]
        let dropped = entities[d]
        for alias in [dropped.name] + dropped.aliases { addAlias(alias, to: k) }
        if entities[k].kind == nil, let kind = dropped.kind {
            entities[k].kind = kind
            entities[k].kindEvidence = dropped.kindEvidence
        }
        entities[k].isLinked = entities[k].isLinked || dropped.isLinked
        entities[k].isSubject = entities[k].isSubject || dropped.isSubject
    }

    /// Root ids in creation order.
    var roots: [Int] { (0..<entities.count).filter { parent[$0] == $0 } }
}
