/// The wikitext syntax tree. Nodes point into the source bytes by offset instead of copying text,
/// so parsing allocates little; the renderer and the document builder read the bytes back.
/// Tree depth is bounded by `WikitextParser.maxDepth`, so recursive walks are safe. Composite
/// cases are boxed so that an array of nodes stays compact (text runs are most of them).
enum WikiNode: Sendable {
    /// Literal text, `start..<end` in the source.
    case text(start: Int, end: Int)
    indirect case template(WikiTemplate)
    indirect case link(WikiLink)
    indirect case externalLink(WikiExternalLink)
    indirect case tag(WikiTag)
    case comment(start: Int, end: Int)
    indirect case heading(WikiHeading)
    /// A run of 2 (italic), 3 (bold) or 5 (both) apostrophes at `at`.
    case quotes(count: Int, at: Int)
    indirect case table(WikiTable)
}

/// A run of sibling nodes. Slices of the array the parser filled for the enclosing construct:
/// a template's name and parameters share one buffer instead of being copied out one by one.
/// Indices are those of that buffer, not 0-based.
typealias WikiNodes = ArraySlice<WikiNode>

struct WikiTemplate: Sendable {
    var start: Int
    var end: Int
    /// The name part, between `{{` and the first `|`.
    var name: WikiNodes
    var nameRange: Range<Int>
    var parameters: [WikiParameter]
}

struct WikiParameter: Sendable {
    /// Nil for positional parameters.
    var name: WikiNodes?
    var nameRange: Range<Int>?
    var value: WikiNodes
    /// Source range of the value (after `=` or `|`, up to the next `|` or `}}`).
    var valueRange: Range<Int>
}

struct WikiLink: Sendable {
    var start: Int
    var end: Int
    var target: WikiNodes
    var targetRange: Range<Int>
    /// Nil for `[[Target]]`; the nodes after the first `|` otherwise (empty for the pipe trick).
    var text: WikiNodes?
    /// Letters right after `]]` that MediaWiki shows as part of the link (`[[app]]s`).
    var trail: Range<Int>?
}

struct WikiExternalLink: Sendable {
    var start: Int
    var end: Int
    var url: Range<Int>
    var text: WikiNodes
}

struct WikiTag: Sendable {
    /// Lower-cased tag name (`ref`, `br`, `small`, …).
    var name: String
    var start: Int
    var end: Int
    /// Source range of the opening tag's attributes (for `<ref name=…>`).
    var attributes: Range<Int>
    var children: WikiNodes
    /// For tags whose content is not wikitext (`nowiki`, `math`, `pre`, …): the raw content.
    var rawContent: Range<Int>?
    var selfClosing: Bool
    /// In `WikiTags.hidden`: dropped with its content when rendering text.
    var hidden: Bool
}

struct WikiHeading: Sendable {
    var level: Int
    var start: Int
    var end: Int
    var children: WikiNodes
}

struct WikiTable: Sendable {
    var start: Int
    var end: Int
    var children: WikiNodes
}
