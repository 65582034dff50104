/// The HTML and extension tags wikitext uses; any other `<name>` is text.
enum WikiTags {
    static let void: Set<String> = ["br", "hr", "wbr", "references"]
    /// Content is not wikitext.
    static let raw: Set<String> = ["nowiki", "pre", "math", "chem", "ce", "syntaxhighlight", "source", "score",
                                   "timeline", "graph", "templatedata", "hiero", "gallery", "imagemap", "mapframe", "maplink"]
    /// Dropped with their content when rendering text.
    static let hidden: Set<String> = ["ref", "references", "math", "chem", "ce", "syntaxhighlight", "source", "score", "timeline",
                                      "graph", "templatedata", "hiero", "gallery", "imagemap", "mapframe", "maplink",
                                      "includeonly", "noinclude", "style", "indicator", "section", "categorytree", "inputbox"]
    static let known: Set<String> = void.union(raw).union(hidden).union([
        "span", "div", "small", "big", "sup", "sub", "b", "i", "u", "s", "strike", "del", "ins", "em", "strong",
        "code", "tt", "kbd", "var", "samp", "dfn", "mark", "abbr", "cite", "q", "blockquote", "center", "font",
        "p", "poem", "onlyinclude", "bdi", "bdo", "ruby", "rt", "rp", "time", "data", "ol", "ul", "li", "dl", "dt", "dd",
        "table", "tr", "td", "th", "caption", "h1", "h2", "h3", "h4", "h5", "h6", "langconvert",
    ])

    struct Kind: OptionSet, Sendable {
        let rawValue: UInt8
        static let void = Kind(rawValue: 1)
        static let raw = Kind(rawValue: 2)
        static let hidden = Kind(rawValue: 4)
    }

    /// Every known tag and which of the sets above it is in: one look-up per tag, not one per set.
    static let kinds: [String: Kind] = Dictionary(uniqueKeysWithValues: known.map { name in
        var kind: Kind = []
        if void.contains(name) { kind.insert(.void) }
        if raw.contains(name) { kind.insert(.raw) }
        if hidden.contains(name) { kind.insert(.hidden) }
        return (name, kind)
    })
}
