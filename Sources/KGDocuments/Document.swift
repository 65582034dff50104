/// A document read and parsed, before any extraction: what the Documents stage hands on.
/// Value types only; nothing here knows about triples.
public struct Document: Sendable {
    public enum Format: String, Sendable {
        case wikitext
        case news        // Markdown with YAML front matter
        case plainText = "text"
    }

    /// As given to the reader (kept as the document's identity and provenance `source`).
    public var path: String
    public var format: Format
    /// Title: the news item's title, or the wiki article's bold subject / first infobox `name`.
    public var title: String?
    /// News front matter; nil for other formats.
    public var news: NewsMetadata?
    /// Infoboxes in document order (wikitext only).
    public var infoboxes: [Infobox]
    /// Other top-level templates that carry facts, e.g. `{{Chinese|s=…}}` (name lower-cased).
    public var templates: [Template]
    /// `[[Category:…]]` names without the prefix.
    public var categories: [String]
    /// `{{Short description|…}}`.
    public var shortDescription: String?
    /// Every sentence of running text (paragraphs and list items; not tables or infoboxes),
    /// rendered to plain text, in document order.
    public var sentences: [Sentence]
    /// Section headings in document order (wikitext `== … ==`, Markdown `#`).
    public var headings: [Heading]

    /// A section heading: its rendered title, level (2 for `== … ==`) and line.
    public struct Heading: Hashable, Sendable {
        public var title: String
        public var level: Int
        public var line: Int

        public init(title: String, level: Int, line: Int) {
            self.title = title
            self.level = level
            self.line = line
        }
    }

    public init(path: String, format: Format, title: String? = nil, news: NewsMetadata? = nil,
                infoboxes: [Infobox] = [], templates: [Template] = [], categories: [String] = [],
                shortDescription: String? = nil, sentences: [Sentence] = [], headings: [Heading] = []) {
        self.path = path
        self.format = format
        self.title = title
        self.news = news
        self.infoboxes = infoboxes
        self.templates = templates
        self.categories = categories
        self.shortDescription = shortDescription
        self.sentences = sentences
        self.headings = headings
    }
}

/// One sentence of plain text with where it came from.
public struct Sentence: Hashable, Sendable {
    /// Plain text: link texts kept, refs, comments, templates and markup dropped.
    public var text: String
    /// 1-based line in the source file where the sentence starts.
    public var line: Int
    /// Heading path of the section it sits in, outermost first (e.g. ["History", "2017"]).
    public var sections: [String]
    /// Wiki links inside the sentence, with where their text sits in `text`.
    public var links: [LinkSpan]
    /// Where in the document the sentence comes from: body text, a news title or excerpt, a
    /// related article's title or excerpt.
    public var origin: Origin

    public enum Origin: Hashable, Sendable {
        case body
        case title
        case excerpt
        case relatedTitle(index: Int)
        case relatedExcerpt(index: Int)
    }

    public init(text: String, line: Int, sections: [String] = [], links: [LinkSpan] = [], origin: Origin = .body) {
        self.text = text
        self.line = line
        self.sections = sections
        self.links = links
        self.origin = origin
    }
}

/// A `[[Target|text]]` link as it appears in rendered text.
public struct LinkSpan: Hashable, Sendable {
    /// The link target, normalised: first letter upper-cased, underscores as spaces, no `#fragment`.
    public var target: String
    /// The text shown (equal to the target for `[[Target]]`).
    public var text: String
    /// Offsets in `Sentence.text`, counted in `Character`s.
    public var range: Range<Int>

    public init(target: String, text: String, range: Range<Int>) {
        self.target = target
        self.text = text
        self.range = range
    }
}

/// A parsed template: `{{name|positional|key=value}}`.
public struct Template: Hashable, Sendable {
    /// Lower-cased, trimmed, underscores as spaces ("infobox company", "start date and age", "hkex").
    public var name: String
    public var parameters: [TemplateParameter]
    public var line: Int

    public init(name: String, parameters: [TemplateParameter], line: Int) {
        self.name = name
        self.parameters = parameters
        self.line = line
    }

    /// A named parameter's value, or a positional one by "1", "2", ….
    public subscript(name: String) -> TemplateParameter? { parameters.first { $0.name == name } }
}

public struct TemplateParameter: Hashable, Sendable {
    /// The parameter's name, or "1", "2", … for positional ones.
    public var name: String
    /// The raw wikitext of the value, trimmed.
    public var raw: String
    /// The value rendered to plain text (links → their text, `<br>` → ", ", templates rendered
    /// where known like `{{URL|…}}`, `{{hkex|20}}`, dropped otherwise).
    public var text: String
    /// Wiki links in the value.
    public var links: [LinkSpan]
    /// Templates nested in the value (e.g. `{{hkex|20}}`, `{{Start date and age|2014|10}}`).
    public var templates: [Template]
    public var line: Int

    public init(name: String, raw: String, text: String, links: [LinkSpan] = [], templates: [Template] = [], line: Int) {
        self.name = name
        self.raw = raw
        self.text = text
        self.links = links
        self.templates = templates
        self.line = line
    }
}

/// An `{{Infobox …}}`: its kind ("company", "person", …) and fields.
public struct Infobox: Hashable, Sendable {
    /// What follows "Infobox", lower-cased ("company", "person", "organization").
    public var kind: String
    public var template: Template

    public init(kind: String, template: Template) {
        self.kind = kind
        self.template = template
    }

    public subscript(field: String) -> TemplateParameter? { template[field] }
}

/// A news item's YAML front matter.
public struct NewsMetadata: Hashable, Sendable {
    public var title: String?
    public var excerpt: String?
    /// ISO 8601, as written (`publishedDateTime`).
    public var published: String?
    public var url: String?
    public var publisher: String?
    public var publisherDomain: String?
    public var topics: [String]
    public var related: [RelatedArticle]

    public init(title: String? = nil, excerpt: String? = nil, published: String? = nil, url: String? = nil,
                publisher: String? = nil, publisherDomain: String? = nil, topics: [String] = [], related: [RelatedArticle] = []) {
        self.title = title
        self.excerpt = excerpt
        self.published = published
        self.url = url
        self.publisher = publisher
        self.publisherDomain = publisherDomain
        self.topics = topics
        self.related = related
    }
}

public struct RelatedArticle: Hashable, Sendable {
    public var title: String?
    public var excerpt: String?
    public var published: String?
    public var url: String?
    public var publisher: String?

    public init(title: String? = nil, excerpt: String? = nil, published: String? = nil, url: String? = nil, publisher: String? = nil) {
        self.title = title
        self.excerpt = excerpt
        self.published = published
        self.url = url
        self.publisher = publisher
    }
}

/// Why a file could not be read as a document.
public enum DocumentError: Error, CustomStringConvertible, Sendable, Equatable {
    case empty(path: String)
    case tooLarge(path: String, bytes: Int, limit: Int)
    case binary(path: String)
    case invalidUTF8(path: String, line: Int)
    case malformedFrontMatter(path: String, line: Int, reason: String)
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .empty(let p): return "\(p): empty file"
        case .tooLarge(let p, let bytes, let limit): return "\(p): too large (\(bytes) bytes; the limit is \(limit))"
        case .binary(let p): return "\(p): binary data, not a text document"
        case .invalidUTF8(let p, let line): return "\(p):\(line): invalid UTF-8"
        case .malformedFrontMatter(let p, let line, let reason): return "\(p):\(line): malformed YAML front matter: \(reason)"
        case .unreadable(let p, let reason): return "\(p): \(reason)"
        }
    }
}
