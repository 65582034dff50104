import Yams

/// A news item: YAML front matter between `---` lines (parsed with Yams), then an optional
/// Markdown body. The front matter's title, excerpt and related articles are text to extract
/// from, so they become sentences too, each with the line it is written on.
enum NewsReader {
    static func hasFrontMatter(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard p.count >= 3, p[0] == UInt8(ascii: "-"), p[1] == UInt8(ascii: "-"), p[2] == UInt8(ascii: "-") else { return false }
        var k = 3
        while k < p.count, p[k] == 0x20 || p[k] == 0x09 || p[k] == 0x0D { k += 1 }
        return k == p.count || p[k] == 0x0A
    }

    static func read(_ p: UnsafeBufferPointer<UInt8>, path: String) throws(DocumentError) -> Document {
        let lines = LineIndex(p)
        // The closing delimiter: a line that is `---` or `...`.
        var closing: Int?
        for (index, start) in lines.starts.enumerated().dropFirst() {
            if isDelimiter(p, at: start) {
                closing = index
                break
            }
        }
        guard let closingIndex = closing else {
            throw .malformedFrontMatter(path: path, line: 1, reason: "no closing '---' line")
        }
        let yamlStart = lines.starts[1]
        let yamlEnd = lines.starts[closingIndex]
        let bodyStart = closingIndex + 1 < lines.starts.count ? lines.starts[closingIndex + 1] : p.count
        let yaml = String(decoding: UnsafeBufferPointer(rebasing: p[yamlStart..<yamlEnd]), as: UTF8.self)
        // Yams' lines count from the first line after `---`, which is line 2 of the file.
        let lineOffset = 1

        let root: Node?
        do {
            // Every field is read as text, so plain scalars need no type resolution: the default
            // resolver tries a regular expression per type on every scalar and every key look-up.
            // The encoding given outright: `Parser.Encoding.default` reads the process environment
            // on every call.
            root = try Yams.compose(yaml: yaml, .basic, .default, .utf8)
        } catch let error as YamlError {
            let (line, reason) = describe(error, yaml: yaml)
            throw .malformedFrontMatter(path: path, line: line + lineOffset, reason: reason)
        } catch {
            throw .malformedFrontMatter(path: path, line: 1, reason: String(describing: error))
        }
        var sentences: [Sentence] = []
        var news = NewsMetadata()
        if let root {
            guard let mapping = root.mapping else {
                throw .malformedFrontMatter(path: path, line: (root.mark?.line ?? 1) + lineOffset, reason: "front matter is not a mapping")
            }
            func line(of node: Node?) -> Int { (node?.mark?.line ?? 0) + lineOffset }
            let fields = Fields(mapping)
            let provider = Fields(fields["provider"]?.mapping)
            news.title = text(fields["title"])
            news.excerpt = text(fields["excerpt"])
            news.published = text(fields["publishedDateTime"]) ?? text(fields["published_at"]) ?? text(fields["date"])
            news.url = text(fields["originalUrl"]) ?? text(fields["webUrl"]) ?? text(fields["url"])
            news.publisher = text(provider["name"]) ?? text(fields["publisher"])
            news.publisherDomain = text(provider["domain"])
            news.topics = fields["topics"]?.sequence?.compactMap { text($0) } ?? []
            if let title = news.title {
                if let sentence = SentenceBuilder.headline(title, line: line(of: fields["title"]), origin: .title) { sentences.append(sentence) }
            }
            if let excerpt = news.excerpt {
                sentences += SentenceBuilder.sentences(of: excerpt, line: line(of: fields["excerpt"]), origin: .excerpt)
            }
            for (index, node) in (fields["related"]?.sequence ?? []).enumerated() {
                // Looking a key up in a node that is not a mapping finds nothing.
                let item = Fields(node.mapping)
                let itemProvider = Fields(item["provider"]?.mapping)
                let article = RelatedArticle(
                    title: text(item["title"]), excerpt: text(item["excerpt"]),
                    published: text(item["publishedDateTime"]) ?? text(item["published"]),
                    url: text(item["webUrl"]) ?? text(item["originalUrl"]) ?? text(item["url"]),
                    publisher: text(itemProvider["name"]) ?? text(item["publisher"]))
                news.related.append(article)
                if let title = article.title {
                    if let sentence = SentenceBuilder.headline(title, line: line(of: item["title"]), origin: .relatedTitle(index: index)) {
                        sentences.append(sentence)
                    }
                }
                if let excerpt = article.excerpt {
                    sentences += SentenceBuilder.sentences(of: excerpt, line: line(of: item["excerpt"]), origin: .relatedExcerpt(index: index))
                }
            }
        }
        var headings: [Document.Heading] = []
        if bodyStart < p.count {
            let body = MarkdownText.render(p, range: bodyStart..<p.count, lines: lines, markdown: true)
            sentences += body.sentences
            headings = body.headings
        }
        return Document(path: path, format: .news, title: news.title, news: news, sentences: sentences, headings: headings)
    }

    private static func isDelimiter(_ p: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        guard start + 3 <= p.count else { return false }
        let c = p[start]
        guard c == UInt8(ascii: "-") || c == UInt8(ascii: "."), p[start + 1] == c, p[start + 2] == c else { return false }
        var k = start + 3
        while k < p.count, p[k] == 0x20 || p[k] == 0x09 || p[k] == 0x0D { k += 1 }
        return k == p.count || p[k] == 0x0A
    }

    /// A mapping's values by key, read in one pass. Yams' `node["key"]`
    /// builds a key node per look-up and compares whole nodes pair by pair (string and resolved
    /// tag); the result here is the same, the last pair whose key equals the key node: with the
    /// `.basic` resolver (no rules) a key without a tag, or with `!` or `!!str`, resolves to
    /// `str` like the look-up key, and a key with any other tag matches nothing.
    private struct Fields {
        private var values: [String: Node] = [:]

        init(_ mapping: Node.Mapping?) {
            guard let mapping else { return }
            for (key, value) in mapping {
                guard case .scalar(let scalar) = key, Self.stringTags.contains(scalar.tag.description) else { continue }
                values[scalar.string] = value
            }
        }

        /// Tag names that resolve to `str` (Yams resolves a tag in place, so both spellings occur).
        private static let stringTags: Set<String> = ["", "!", Tag.Name.str.rawValue]

        subscript(key: String) -> Node? { values[key] }
    }

    /// A scalar's text, trimmed; nil when absent, empty or not a scalar.
    private static func text(_ node: Node?) -> String? {
        guard let node, case .scalar(let scalar) = node else { return nil }
        let s = scalar.string.trimming(" \n\t\r")
        return s.isEmpty || s == "null" || s == "~" ? nil : s
    }

    private static func describe(_ error: YamlError, yaml: String) -> (line: Int, reason: String) {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let reason = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            return (mark.line, reason)
        case .reader(let problem, let offset, _, _):
            guard let offset else { return (1, problem) }
            let line = yaml.utf8.prefix(offset).reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            return (line, problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return (context.mark.line, "duplicate keys \(duplicates.joined(separator: ", "))")
        default:
            return (1, String(describing: error))
        }
    }
}
