import XCTest
@testable import KGDocuments

/// Wikitables become one "Header: cell; …" sentence per data row, with links and lines kept.
final class WikiTableTests: XCTestCase {
    private func sentences(_ text: String) -> [Sentence] {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { WikitextDocumentBuilder.build($0, path: "t.txt").sentences }
    }

    func testRowsUnderTheirHeaders() {
        let s = sentences("""
        '''Quorba''' is a company.

        ==Acquisitions==
        {| class="wikitable sortable"
        ! Date !! Company !! Business
        |-
        | 14 March 2016 || [[Pixelwick]] || Image recognition
        |-
        |style="text-align:center"| 2020 || Dovetail Analytics || Data labelling
        |}
        """)
        let rows = s.filter { $0.sections == ["Acquisitions"] }
        XCTAssertEqual(rows.map(\.text), ["date: 14 March 2016; company: Pixelwick; business: Image recognition.",
                                          "date: 2020; company: Dovetail Analytics; business: Data labelling."])
        XCTAssertEqual(rows.map(\.line), [7, 9])
        XCTAssertEqual(rows.first?.links.map(\.target), ["Pixelwick"])
        XCTAssertEqual(rows.first?.links.first.map { Array(rows[0].text)[$0.range].map(String.init).joined() }, "Pixelwick")
    }

    func testRowspanCarriesDownAndMisalignedRowsGetNoHeaders() {
        let s = sentences("""
        {|
        ! Year !! Name !! Role
        |-
        | rowspan="2" | 2019 || [[Ada Quill]] || CEO
        |-
        | [[Bo Tarn]] || CTO
        |-
        | lonely
        |}
        """)
        XCTAssertEqual(s.map(\.text), ["year: 2019; name: Ada Quill; role: CEO.", "year: 2019; name: Bo Tarn; role: CTO.", "lonely."])
    }

    func testMalformedTablesDegrade() {
        for text in ["{|\n| a || [[B|", "{|\n|-\n|-\n|}", "{| |}\n", "{|\n!\n|\n||\n|}", "{|\n| {{x|y}} | z\n"] {
            _ = sentences(text)
        }
        XCTAssertEqual(sentences("Before.\n{|\n|+ Caption\n| a || b\n|}\nAfter.").map(\.text), ["Before.", "a; b.", "After."])
    }
}

/// A paragraph may open with a link, a template or bold text: that is where its block starts.
final class ParagraphStartTests: XCTestCase {
    func testParagraphOpeningWithALinkStaysWhole() {
        let text = "First paragraph ends here.\n\n[[Halden Capital]], [[Ostrow Fund]] and others invested.\n\n'''Bold''' opens this one.\n* [[Item]] one\n[[After]] the list."
        let s = Array(text.utf8).withUnsafeBufferPointer { WikitextDocumentBuilder.build($0, path: "t.txt").sentences }
        XCTAssertEqual(s.map(\.text), ["First paragraph ends here.", "Halden Capital, Ostrow Fund and others invested.",
                                       "Bold opens this one.", "Item one", "After the list."])
        XCTAssertEqual(s[1].links.map(\.target), ["Halden Capital", "Ostrow Fund"])
        XCTAssertEqual(s.map(\.line), [1, 3, 5, 6, 7])
    }
}

/// Header cells styled with a template, cells one per line, an unquoted rowspan.
final class WikiTableLayoutTests: XCTestCase {
    func testStyledHeadersAndOneCellPerLine() {
        let text = """
        {| class="wikitable"
        |-
        ! style="text-align:center; {{Team style|Quill Jays|border=2}};"|Level
        ! style="text-align:center; {{Team style|Quill Jays|border=2}};"|Team
        |-
        | ''AAA''
        | [[Buffalo Quills]]
        |-
        |rowspan=2|''Rookie''
        | [[Gulf Quills]]
        |-
        | [[Summer Quills]]
        |}
        """
        let s = Array(text.utf8).withUnsafeBufferPointer { WikitextDocumentBuilder.build($0, path: "t.txt").sentences }
        XCTAssertEqual(s.map(\.text), ["level: AAA; team: Buffalo Quills.", "level: Rookie; team: Gulf Quills.", "level: Rookie; team: Summer Quills."])
    }
}

/// Table markup in random orders never traps.
final class WikiTableFuzzTests: XCTestCase {
    func testRandomTableMarkup() {
        let pieces = ["{|", "|}", "|-", "|+", "|", "||", "!", "!!", "[[", "]]", "{{", "}}", "=", "\"", "\n", "\n", "a ", "rowspan=3", "<ref>", "</ref>", "'''"]
        var state: UInt64 = 0x9E3779B97F4A7C15
        for _ in 0..<3000 {
            var text = "{|\n"
            for _ in 0..<24 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                text += pieces[Int(state >> 33) % pieces.count]
            }
            let bytes = Array(text.utf8)
            _ = bytes.withUnsafeBufferPointer { WikitextDocumentBuilder.build($0, path: "f.txt") }
        }
    }
}
