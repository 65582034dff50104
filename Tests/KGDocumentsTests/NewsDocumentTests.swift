import XCTest
@testable import KGDocuments

/// News items: YAML front matter read with Yams, related articles, a Markdown body.
final class NewsDocumentTests: XCTestCase {
    private func sample() throws -> Document {
        try DocumentReader.read(path: WikitextDocumentTests.fixture("000_1da51eb296397a1a"))
    }

    func testFrontMatter() throws {
        let doc = try sample()
        XCTAssertEqual(doc.format, .news)
        XCTAssertEqual(doc.title, "Chinese AI Giant SenseTime Remains Committed To IPO Despite U.S. Blacklist")
        let news = try XCTUnwrap(doc.news)
        XCTAssertEqual(news.title, doc.title)
        XCTAssertEqual(news.excerpt?.hasPrefix("Chinese artificial intelligence company SenseTime has decided to postpone"), true)
        XCTAssertEqual(news.published, "2021-12-13T07:35:00Z")
        XCTAssertEqual(news.url, "https://www.forbes.com/sites/ywang/2021/12/13/chinese-ai-giant-sensetime-remains-committed-to-ipo-despite-us-blacklist/")
        XCTAssertEqual(news.publisher, "Forbes")
        XCTAssertEqual(news.publisherDomain, "forbes.com")
        XCTAssertEqual(news.topics, ["AI in Autos", "AI"])
        XCTAssertTrue(doc.infoboxes.isEmpty)
    }

    func testRelatedArticles() throws {
        let news = try XCTUnwrap(try sample().news)
        XCTAssertEqual(news.related.count, 8)
        let first = news.related[0]
        XCTAssertEqual(first.title, "U.S. to Bar Investment in Chinese AI Giant, Considers Banning Key Exports to Top Chip Maker")
        XCTAssertEqual(first.excerpt, "The focus on SenseTime and Semiconductor Manufacturing International is part of broader Biden administration effort against China’s tech firms.")
        XCTAssertEqual(first.published, "2021-12-09T22:33:00Z")
        XCTAssertEqual(first.url, "https://www.wsj.com/articles/u-s-to-bar-investment-in-chinese-ai-giant-considers-banning-key-exports-to-top-chip-maker-11639092799")
        XCTAssertEqual(first.publisher, "Wall Street Journal")
        XCTAssertEqual(news.related[5].publisher, "NIKKEI")
        XCTAssertEqual(news.related[5].excerpt?.contains("\"Chinese military-industrial complex companies\""), true)
        XCTAssertEqual(news.related[7].title, "Chinese AI company delays IPO after US blacklist")
    }

    func testSentencesCarryOriginAndLine() throws {
        let doc = try sample()
        let title = try XCTUnwrap(doc.sentences.first)
        XCTAssertEqual(title.origin, .title)
        XCTAssertEqual(title.line, 3)
        XCTAssertEqual(title.text, doc.title)
        let excerpt = try XCTUnwrap(doc.sentences.first { $0.origin == .excerpt })
        XCTAssertEqual(excerpt.line, 4)
        XCTAssertTrue(excerpt.text.hasSuffix("although the company insists that it still intends to complete the listing."))
        let relatedTitle = try XCTUnwrap(doc.sentences.first { $0.origin == .relatedTitle(index: 2) })
        XCTAssertEqual(relatedTitle.text, "Chinese AI Company SenseTime Delays IPO as U.S. Imposes Investment Ban")
        XCTAssertEqual(relatedTitle.line, 66)
        let relatedExcerpt = try XCTUnwrap(doc.sentences.first { $0.origin == .relatedExcerpt(index: 2) })
        XCTAssertEqual(relatedExcerpt.text, "The Treasury Department formally placed SenseTime on a list of companies that support China’s military, barring Americans from investing in the company.")
        XCTAssertEqual(relatedExcerpt.line, 67)
        XCTAssertEqual(doc.sentences.filter { $0.origin == .relatedTitle(index: 7) }.count, 1)
        XCTAssertFalse(doc.sentences.contains { $0.text.contains("UxvDb0PBAb0Y") }, "the secured blob is not text")
        XCTAssertFalse(doc.sentences.contains { $0.origin == .body })
    }

    func testMarkdownBody() throws {
        let text = """
        ---
        title: "Acme buys Widget Co."
        provider:
          name: Example News
        related: []
        ---
        # Deal

        Acme Inc. said on **Monday** that it would buy [Widget Co.](https://example.com/widget) for $1.5 billion. \
        The deal closes in 2025.

        - Widget makes gears.
        - ![logo](https://example.com/x.png) It was founded by Dr. Jane Roe.
        """
        let doc = try DocumentReader.parse(text: text, path: "mem.md")
        XCTAssertEqual(doc.format, .news)
        XCTAssertEqual(doc.news?.publisher, "Example News")
        XCTAssertEqual(doc.news?.related, [])
        let body = doc.sentences.filter { $0.origin == .body }
        XCTAssertEqual(body.map(\.text), [
            "Acme Inc. said on Monday that it would buy Widget Co. for $1.5 billion.",
            "The deal closes in 2025.",
            "Widget makes gears.",
            "It was founded by Dr. Jane Roe.",
        ])
        XCTAssertEqual(body.map(\.line), [9, 9, 11, 12])
        XCTAssertEqual(body.first?.sections, ["Deal"])
        XCTAssertEqual(doc.headings.first?.title, "Deal")
    }

    func testMalformedFrontMatterReportsTheLine() {
        let text = "---\ntitle: \"ok\"\nexcerpt: [unclosed\nprovider:\n  name: X\n---\n"
        XCTAssertThrowsError(try DocumentReader.parse(text: text, path: "bad.md")) { error in
            guard case DocumentError.malformedFrontMatter(let path, let line, let reason)? = error as? DocumentError else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(path, "bad.md")
            XCTAssertTrue((3...6).contains(line), "line \(line): \(reason)")
            XCTAssertFalse(reason.isEmpty)
        }
        XCTAssertThrowsError(try DocumentReader.parse(text: "---\ntitle: x\n", path: "open.md")) { error in
            XCTAssertEqual(error as? DocumentError, .malformedFrontMatter(path: "open.md", line: 1, reason: "no closing '---' line"))
        }
        XCTAssertThrowsError(try DocumentReader.parse(text: "---\n- a\n- b\n---\n", path: "list.md")) { error in
            guard case DocumentError.malformedFrontMatter(_, 2, _)? = error as? DocumentError else { return XCTFail("\(error)") }
        }
    }

    func testCorpusItemsParse() throws {
        // A real item without `originalUrl` falls back to `webUrl`.
        let text = """
        ---
        category: news
        title: "Samsung prepares Neon AI for CES debut"
        excerpt: "Samsung's STAR Labs is set to unveil Neon."
        publishedDateTime: 2019-12-26T10:00:00Z
        webUrl: "https://example.com/neon"
        provider:
          name: Engadget
          domain: engadget.com
        topics:
          - AI
        secured: "abc+/="
        ---
        """
        let doc = try DocumentReader.parse(text: text, path: "neon.md")
        XCTAssertEqual(doc.news?.url, "https://example.com/neon")
        XCTAssertEqual(doc.news?.publisherDomain, "engadget.com")
        XCTAssertEqual(doc.news?.related, [])
        XCTAssertEqual(doc.sentences.map(\.origin), [.title, .excerpt])
    }

    func testHeadlinesStayWholeExcerptsSplit() throws {
        let text = """
        ---
        title: "U.S. Adds Acme to List. Shares Fall"
        excerpt: "Acme was added on Friday. The company objected."
        ---
        """
        let doc = try DocumentReader.parse(text: text, path: "h.md")
        XCTAssertEqual(doc.sentences.map(\.text), ["U.S. Adds Acme to List. Shares Fall", "Acme was added on Friday.", "The company objected."])
        XCTAssertEqual(doc.sentences.map(\.line), [2, 3, 3])
    }

    /// Keys match as Yams' `node["key"]` does: by string and resolved tag, so a key tagged
    /// `!!str` or quoted is the field and a key with another tag is not; the last one wins.
    func testFrontMatterKeysMatchByStringAndTag() throws {
        let text = """
        ---
        !!str title: Tagged Title
        "excerpt": Quoted key.
        !!int url: https://example.com/not-a-url-key
        provider:
          name: First
          ! domain: example.com
        related:
          - just a string
          - title: Related One
        ---
        """
        let doc = try DocumentReader.parse(text: text, path: "k.md")
        let news = try XCTUnwrap(doc.news)
        XCTAssertEqual(news.title, "Tagged Title")
        XCTAssertEqual(news.excerpt, "Quoted key.")
        XCTAssertNil(news.url)
        XCTAssertEqual(news.publisher, "First")
        XCTAssertEqual(news.publisherDomain, "example.com")
        XCTAssertEqual(news.related.map(\.title), [nil, "Related One"])
    }
}

