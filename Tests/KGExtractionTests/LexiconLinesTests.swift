import Foundation
import XCTest
@testable import KGExtraction

/// The lexicon's lines are read on bytes; they must be the lines a split by `Character` makes.
final class LexiconLinesTests: XCTestCase {
    /// The lines as `Character`s read them: split at "\n", a comment cut at the first "#" that
    /// opens the line or follows a space, spaces trimmed, empty lines left out.
    private func byCharacter(_ text: String) -> [(Int, String)] {
        var out: [(Int, String)] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(raw)
            if let hash = line.firstIndex(of: "#"), hash == line.startIndex || line[line.index(before: hash)] == " " {
                line = line[..<hash]
            }
            let trimmed = line.trimmedSpaces()
            if !trimmed.isEmpty { out.append((i + 1, trimmed)) }
        }
        return out
    }

    private func byBytes(_ text: String) -> [(Int, String)] {
        var text = text
        return text.withUTF8(Lexicon.contentLines)
    }

    func testLinesAreThoseOfACharacterSplit() {
        let texts = [
            "", "\n", "a", "a\n", "\na\n\n b \n",
            "alpha # comment\nbeta#not a comment\n# whole line\n\t gamma\t \n",
            // "\r\n" is one Character: no line ends there.
            "one\r\ntwo\nthree\r\n", "a #x\r\nb\n",
            // A "#" with a combining mark is another Character; so is a space with one.
            "word #\u{301} kept\nnext", "word \u{301}# kept\n", "#\u{20E3} keycap\n",
            // Non-ASCII lines, with spaces Unicode calls spaces.
            "café # note\n\u{00A0}naïve\u{3000}\nbe\u{0301}ta\n",
            "first #a # b\nx# y # z\n  # \n",
            "\u{0600} # after a prepended mark\n",
        ]
        for text in texts {
            let expected = byCharacter(text), got = byBytes(text)
            XCTAssertEqual(got.map(\.0), expected.map(\.0), "line numbers of \(text.debugDescription)")
            XCTAssertEqual(got.map(\.1), expected.map(\.1), "lines of \(text.debugDescription)")
        }
    }

    /// The shipped word lists read the same both ways.
    func testShippedListsReadTheSame() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/KGExtraction/Lexicon")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".txt") }
        XCTAssertGreaterThan(files.count, 20)
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            let expected = byCharacter(text), got = byBytes(text)
            XCTAssertEqual(got.map(\.0), expected.map(\.0), file)
            XCTAssertEqual(got.map(\.1), expected.map(\.1), file)
        }
    }
}
