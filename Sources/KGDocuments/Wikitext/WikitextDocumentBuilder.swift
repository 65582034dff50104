/// Builds a `Document` from wikitext: the parse tree rendered to sentences, infoboxes and other
/// top-level templates converted to `Template` values, categories, short description and title.
enum WikitextDocumentBuilder {
    static func build(_ p: UnsafeBufferPointer<UInt8>, path: String) -> Document {
        let nodes = WikitextParser.parse(p)
        let lines = LineIndex(p)
        var renderer = WikiRenderer(p, lines: lines, mode: .paragraphs)
        let converter = TemplateConverter(p: p, lines: lines)
        var infoboxes: [Infobox] = []
        var templates: [Template] = []
        var shortDescription: String?
        for node in nodes {
            if case .template(let t) = node {
                let name = InlineTemplates.name(t, p)
                if let kind = infoboxKind(name) {
                    let template = converter.convert(t, name: name)
                    infoboxes.append(Infobox(kind: kind, template: template))
                    // Infoboxes embedded in another one's parameter (`| module = {{Infobox …}}`).
                    for parameter in template.parameters {
                        for nested in parameter.templates {
                            if let nestedKind = infoboxKind(nested.name) { infoboxes.append(Infobox(kind: nestedKind, template: nested)) }
                        }
                    }
                } else {
                    let template = converter.convert(t, name: name)
                    if name == "short description", shortDescription == nil, let text = template["1"]?.text, !text.isEmpty {
                        shortDescription = text
                    }
                    templates.append(template)
                }
            }
            renderer.render(node, inline: false)
        }
        renderer.endBlock()

        var sentences: [Sentence] = []
        var title: String?
        for block in renderer.blocks {
            if title == nil, block.sections.isEmpty, let bold = block.text.firstBold {
                title = LinkTarget.cleanName(Substring(String(decoding: block.text.bytes[bold], as: UTF8.self)))
                    .trimming(" ,.:;")
                if title?.isEmpty == true { title = nil }
            }
            sentences.append(contentsOf: SentenceBuilder.sentences(from: block.text, sections: block.sections))
        }
        if title == nil, let name = infoboxes.first?["name"]?.text, !name.isEmpty { title = name }

        var document = Document(path: path, format: .wikitext, title: title, infoboxes: infoboxes, templates: templates,
                                categories: renderer.categories, shortDescription: shortDescription, sentences: sentences)
        document.headings = renderer.headings.map { Document.Heading(title: $0.title, level: $0.level, line: $0.line) }
        return document
    }

    /// "infobox company" → "company"; nil for other templates.
    static func infoboxKind(_ name: String) -> String? {
        guard name.hasPrefix("infobox") else { return nil }
        return name.dropFirst("infobox".count).trimming(" -_")
    }
}
