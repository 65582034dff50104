/// Text that is neither wikitext nor a news item.
enum PlainTextReader {
    static func read(_ p: UnsafeBufferPointer<UInt8>, path: String) -> Document {
        let lines = LineIndex(p)
        let body = MarkdownText.render(p, range: 0..<p.count, lines: lines, markdown: false)
        return Document(path: path, format: .plainText, sentences: body.sentences)
    }
}
