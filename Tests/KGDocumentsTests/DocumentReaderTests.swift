import Foundation
import XCTest
@testable import KGDocuments

/// Bytes that are not a readable document end in a clear error, with the location a user needs.
final class DocumentReaderTests: XCTestCase {
    private func parse(_ bytes: [UInt8], limit: Int = DocumentReader.defaultByteLimit) throws -> Document {
        try DocumentReader.parse(bytes: bytes, path: "doc.txt", byteLimit: limit)
    }

    func testEmptyAndBlank() {
        XCTAssertThrowsError(try parse([])) { XCTAssertEqual($0 as? DocumentError, .empty(path: "doc.txt")) }
        XCTAssertThrowsError(try parse(Array(" \n\t\n".utf8))) { XCTAssertEqual($0 as? DocumentError, .empty(path: "doc.txt")) }
    }

    func testBinary() {
        XCTAssertThrowsError(try parse(Array("abc\u{0}def".utf8))) { XCTAssertEqual($0 as? DocumentError, .binary(path: "doc.txt")) }
        let controls = [UInt8](repeating: 0x01, count: 50) + Array("text".utf8)
        XCTAssertThrowsError(try parse(controls)) { XCTAssertEqual($0 as? DocumentError, .binary(path: "doc.txt")) }
        // A PNG header.
        XCTAssertThrowsError(try parse([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D])) {
            XCTAssertEqual($0 as? DocumentError, .binary(path: "doc.txt"))
        }
    }

    func testInvalidUTF8ReportsTheLine() {
        var bytes = Array("line one\nline two\nbad ".utf8)
        bytes.append(0xE9) // Latin-1 é
        bytes += Array(" here\nline four\n".utf8)
        XCTAssertThrowsError(try parse(bytes)) { XCTAssertEqual($0 as? DocumentError, .invalidUTF8(path: "doc.txt", line: 3)) }
        // Truncated sequence at the end, overlong encoding, surrogate.
        XCTAssertThrowsError(try parse(Array("ok\n".utf8) + [0xE5, 0x95])) { XCTAssertEqual($0 as? DocumentError, .invalidUTF8(path: "doc.txt", line: 2)) }
        XCTAssertThrowsError(try parse([0x41, 0xC0, 0xAF])) { XCTAssertEqual($0 as? DocumentError, .invalidUTF8(path: "doc.txt", line: 1)) }
        XCTAssertThrowsError(try parse([0x41, 0xED, 0xA0, 0x80])) { XCTAssertEqual($0 as? DocumentError, .invalidUTF8(path: "doc.txt", line: 1)) }
        XCTAssertEqual(try parse(Array("商汤 😀 ok.".utf8)).sentences.first?.text, "商汤 😀 ok.")
    }

    func testByteOrderMarkIsSkipped() throws {
        let doc = try parse([0xEF, 0xBB, 0xBF] + Array("'''Acme''' is a company.".utf8))
        XCTAssertEqual(doc.format, .wikitext)
        XCTAssertEqual(doc.title, "Acme")
    }

    func testTooLarge() {
        XCTAssertThrowsError(try parse(Array(repeating: UInt8(ascii: "a"), count: 101), limit: 100)) {
            XCTAssertEqual($0 as? DocumentError, .tooLarge(path: "doc.txt", bytes: 101, limit: 100))
        }
        XCTAssertEqual(DocumentError.tooLarge(path: "a", bytes: 3, limit: 2).description, "a: too large (3 bytes; the limit is 2)")
    }

    func testFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kgdocs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        XCTAssertThrowsError(try DocumentReader.read(path: dir.path)) {
            XCTAssertEqual($0 as? DocumentError, .unreadable(path: dir.path, reason: "is a directory"))
        }
        let missing = dir.appendingPathComponent("missing.txt").path
        XCTAssertThrowsError(try DocumentReader.read(path: missing)) { error in
            guard case .unreadable(let path, let reason)? = error as? DocumentError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, missing)
            XCTAssertFalse(reason.isEmpty)
        }
        let big = dir.appendingPathComponent("big.txt")
        try Data(repeating: 0x61, count: 2048).write(to: big)
        XCTAssertThrowsError(try DocumentReader.read(path: big.path, byteLimit: 1024)) {
            XCTAssertEqual($0 as? DocumentError, .tooLarge(path: big.path, bytes: 2048, limit: 1024))
        }
        let plain = dir.appendingPathComponent("note.wiki")
        try Data("Just a note. Nothing else.\n\nSecond paragraph.".utf8).write(to: plain)
        let doc = try DocumentReader.read(path: plain.path)
        XCTAssertEqual(doc.format, .plainText, "the name does not decide the format")
        XCTAssertEqual(doc.sentences.map(\.text), ["Just a note.", "Nothing else.", "Second paragraph."])
        XCTAssertEqual(doc.sentences.map(\.line), [1, 1, 3])
    }

    func testWindowsLineEndings() throws {
        let wiki = try parse(Array("'''Acme''' is a firm.\r\n\r\n== History ==\r\n{|\r\n| x\r\n|}\r\nIn 2001, it grew.\r\n".utf8))
        // A table row is a sentence of its own, on its own line.
        XCTAssertEqual(wiki.sentences.map(\.text), ["Acme is a firm.", "x.", "In 2001, it grew."])
        XCTAssertEqual(wiki.sentences.map(\.sections), [[], ["History"], ["History"]])
        XCTAssertEqual(wiki.sentences.map(\.line), [1, 5, 7])
        let news = try parse(Array("---\r\ntitle: \"Acme grows\"\r\nprovider:\r\n  name: Wire\r\n---\r\nBody text here.\r\n".utf8))
        XCTAssertEqual(news.format, .news)
        XCTAssertEqual(news.news?.publisher, "Wire")
        XCTAssertEqual(news.sentences.map(\.text), ["Acme grows", "Body text here."])
        XCTAssertEqual(news.sentences.map(\.line), [2, 6])
    }

    func testFormatDetection() {
        XCTAssertEqual(DocumentReader.detectFormat(text: "---\ntitle: x\n---\n"), .news)
        XCTAssertEqual(DocumentReader.detectFormat(text: "Intro.\n{{Infobox person}}"), .wikitext)
        XCTAssertEqual(DocumentReader.detectFormat(text: "See [[Paris]]."), .wikitext)
        XCTAssertEqual(DocumentReader.detectFormat(text: "'''Bold''' subject"), .wikitext)
        XCTAssertEqual(DocumentReader.detectFormat(text: "Text\n== History ==\nMore"), .wikitext)
        XCTAssertEqual(DocumentReader.detectFormat(text: "Plain prose, with a [bracket] and {brace}."), .plainText)
        XCTAssertEqual(DocumentReader.detectFormat(text: "a == b is a comparison"), .plainText)
        XCTAssertEqual(DocumentReader.detectFormat(text: "---- not front matter"), .plainText)
    }
}
