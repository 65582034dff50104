import KGDocuments

/// The ontology's node labels (see ontology.md).
public enum EntityKind: String, Sendable, CaseIterable, Hashable {
    case company = "Company"
    case person = "Person"
    case government = "Government"
    case organization = "Organization"
    case place = "Place"
    case publisher = "Publisher"
    case topic = "Topic"

    /// Kinds that can stand in for one another when names are compared across documents: a
    /// company and an organisation are often told apart only by context.
    public func isCompatible(with other: EntityKind) -> Bool {
        if self == other { return true }
        let bodies: Set<EntityKind> = [.company, .organization, .publisher]
        return bodies.contains(self) && bodies.contains(other)
    }
}

/// How sure the extractor is of an entity's kind; stronger evidence wins when mentions merge.
public enum KindEvidence: Int, Sendable, Comparable {
    case slot = 1         // the role it plays in a sentence ("signed an agreement with X")
    case shape = 2        // its head word ("… University", "… Inc.")
    case lexicon = 3      // a word list names it
    case infobox = 4      // its own infobox, or a field that only holds that kind

    public static func < (a: KindEvidence, b: KindEvidence) -> Bool { a.rawValue < b.rawValue }
}

/// One thing a document names, after the document's own mentions of it were merged.
public struct ExtractedEntity: Hashable, Sendable {
    /// Canonical name: a wiki link's target, a word list's canonical form, or the name as written.
    public var name: String
    /// Other names seen: link texts, abbreviations, native-script names, spellings.
    public var aliases: [String]
    public var kind: EntityKind?
    public var kindEvidence: KindEvidence?
    /// Further labels (a newspaper that is also a `Publisher`).
    public var extraLabels: [EntityKind]
    /// Written as a wiki link somewhere in the document.
    public var isLinked: Bool
    /// True for the entity a wiki article is about.
    public var isSubject: Bool

    public init(name: String, aliases: [String] = [], kind: EntityKind? = nil, kindEvidence: KindEvidence? = nil,
                extraLabels: [EntityKind] = [], isLinked: Bool = false, isSubject: Bool = false) {
        self.name = name
        self.aliases = aliases
        self.kind = kind
        self.kindEvidence = kindEvidence
        self.extraLabels = extraLabels
        self.isLinked = isLinked
        self.isSubject = isSubject
    }

    /// Every label the node should carry.
    public var labels: [String] {
        var out: [String] = []
        if let kind { out.append(kind.rawValue) }
        for extra in extraLabels where !out.contains(extra.rawValue) { out.append(extra.rawValue) }
        return out
    }
}

/// A property value as extraction produces it.
public enum FactValue: Hashable, Sendable {
    case string(String)
    /// ISO 8601, as precise as the source: `2014`, `2014-10`, `2014-10-01`.
    case date(String)
}

/// Where a fact was read: the sentence or infobox field, its line, and the rule.
public struct Evidence: Hashable, Sendable {
    public var text: String
    public var line: Int?
    public var extractor: String

    public init(text: String, line: Int?, extractor: String) {
        self.text = text
        self.line = line
        self.extractor = extractor
    }
}

public struct ExtractedProperty: Hashable, Sendable {
    /// Index into `Extraction.entities`.
    public var entity: Int
    public var key: String
    public var value: FactValue
    public var evidence: Evidence
}

public struct ExtractedRelation: Hashable, Sendable {
    public var subject: Int
    /// An ontology relationship type (`PARTNER_OF`, …).
    public var type: String
    public var object: Int
    public var date: String?
    /// Further edge properties, such as `action` on `REGULATED_BY`.
    public var qualifiers: [String: String]
    public var evidence: Evidence
    public var confidence: Double

    public init(subject: Int, type: String, object: Int, date: String? = nil, qualifiers: [String: String] = [:],
                evidence: Evidence, confidence: Double = 0.8) {
        self.subject = subject
        self.type = type
        self.object = object
        self.date = date
        self.qualifiers = qualifiers
        self.evidence = evidence
        self.confidence = confidence
    }
}

public struct ExtractedEvent: Hashable, Sendable {
    /// One of the ontology's event kinds (`founding`, `ipo`, `sanction`, …).
    public var kind: String
    public var date: String?
    public var title: String
    /// Indexes into `Extraction.entities`; the first is the main participant.
    public var participants: [Int]
    public var evidence: Evidence
}

/// A document as a node: the ingested file itself, or an article a news item lists as related.
public struct DocumentFacts: Hashable, Sendable {
    public var title: String?
    public var url: String?
    public var published: String?
    /// Index into `Extraction.entities` of the publisher.
    public var publisher: Int?
    public var topics: [Int]
    /// Entities its text names.
    public var mentions: [Int]

    public init(title: String? = nil, url: String? = nil, published: String? = nil, publisher: Int? = nil,
                topics: [Int] = [], mentions: [Int] = []) {
        self.title = title
        self.url = url
        self.published = published
        self.publisher = publisher
        self.topics = topics
        self.mentions = mentions
    }
}

/// Everything extraction read from one document: candidate facts with their evidence.
public struct Extraction: Sendable {
    public var path: String
    public var format: Document.Format
    public var entities: [ExtractedEntity]
    public var properties: [ExtractedProperty]
    public var relations: [ExtractedRelation]
    public var events: [ExtractedEvent]
    public var document: DocumentFacts
    public var related: [DocumentFacts]
    /// The entity a wiki article is about, if any.
    public var subject: Int?

    public init(path: String, format: Document.Format, entities: [ExtractedEntity] = [], properties: [ExtractedProperty] = [],
                relations: [ExtractedRelation] = [], events: [ExtractedEvent] = [], document: DocumentFacts = DocumentFacts(),
                related: [DocumentFacts] = [], subject: Int? = nil) {
        self.path = path
        self.format = format
        self.entities = entities
        self.properties = properties
        self.relations = relations
        self.events = events
        self.document = document
        self.related = related
        self.subject = subject
    }
}
