/// Converts parsed templates to the `Template` values of the document model.
struct TemplateConverter {
    let p: UnsafeBufferPointer<UInt8>
    let lines: LineIndex

    func convert(_ t: WikiTemplate, name: String? = nil) -> Template {
        let args = InlineTemplates.arguments(t, p)
        var parameters: [TemplateParameter] = []
        parameters.reserveCapacity(args.count)
        for (argName, parameter) in args {
            var renderer = WikiRenderer(p, lines: lines, mode: .field)
            renderer.render(parameter.value, inline: false)
            let rendered = renderer.out
            let text = rendered.string
            let raw = trimmedRange(parameter.valueRange)
            var links: [LinkSpan] = []
            let leading = rendered.bytes.prefix { $0 == 0x20 }.count
            let ascii = text.utf8.allSatisfy { $0 < 0x80 }
            var offsets = CharacterOffsets(text)
            for link in rendered.links {
                let lo = link.start - leading
                let hi = min(link.end - leading, text.utf8.count)
                guard lo >= 0, hi > lo else { continue }
                let shown = String(decoding: rendered.bytes[link.start..<(hi + leading)], as: UTF8.self)
                links.append(LinkSpan(target: link.target, text: shown,
                                      range: ascii ? lo..<hi : offsets.characterRange(lo..<hi)))
            }
            let lineOffset = raw.isEmpty ? (parameter.nameRange?.lowerBound ?? parameter.valueRange.lowerBound) : raw.lowerBound
            parameters.append(TemplateParameter(
                name: argName, raw: source(raw), text: text, links: links,
                templates: nestedTemplates(parameter.value), line: lines.line(of: lineOffset)))
        }
        return Template(name: name ?? InlineTemplates.name(t, p), parameters: parameters, line: lines.line(of: t.start))
    }

    /// Templates inside `nodes`, outermost first, not those inside references or comments.
    func nestedTemplates(_ nodes: WikiNodes) -> [Template] {
        var result: [Template] = []
        collect(nodes, into: &result)
        return result
    }

    private func collect(_ nodes: WikiNodes, into result: inout [Template]) {
        for node in nodes {
            switch node {
            case .template(let t):
                let converted = convert(t)
                result.append(converted)
                for parameter in converted.parameters { result.append(contentsOf: parameter.templates) }
            case .link(let link):
                if let text = link.text { collect(text, into: &result) }
            case .externalLink(let link):
                collect(link.text, into: &result)
            case .tag(let tag) where !tag.hidden:
                collect(tag.children, into: &result)
            case .heading(let heading):
                collect(heading.children, into: &result)
            default:
                break
            }
        }
    }

    private func trimmedRange(_ range: Range<Int>) -> Range<Int> {
        var lo = range.lowerBound
        var hi = range.upperBound
        while lo < hi, Self.isSpace(p[lo]) { lo += 1 }
        while hi > lo, Self.isSpace(p[hi - 1]) { hi -= 1 }
        return lo..<hi
    }

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D }

    private func source(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: p[range]), as: UTF8.self)
    }
}
