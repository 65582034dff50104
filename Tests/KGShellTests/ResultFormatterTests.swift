import KGQuery
import KGShell
import KGStore
import XCTest

final class ResultFormatterTests: XCTestCase {
    let sensetime = NodeRecord(id: 1, labels: ["Company"], properties: ["name": .string("SenseTime")])
    let shangtang = NodeRecord(id: 2, labels: ["Company"], properties: ["name": .string("商汤科技")])

    func table(_ result: QueryResult, width: Int? = nil, maxCell: Int = 60) -> [String] {
        ResultFormatter(mode: .table, terminalWidth: width).withMaxCell(maxCell).format(result).split(separator: "\n").map(String.init)
    }

    func testTableAlignsCJKByDisplayWidth() {
        let result = QueryResult(columns: ["name", "n"], rows: [[.string("商汤科技"), .integer(1)], [.string("SenseTime"), .integer(22)]])
        let lines = table(result)
        XCTAssertEqual(lines, [
            "┌───────────┬────┐",
            "│ name      │ n  │",
            "├───────────┼────┤",
            "│ 商汤科技  │  1 │",
            "│ SenseTime │ 22 │",
            "└───────────┴────┘",
            "2 rows",
        ])
        // Every row is as wide as the border on a terminal.
        for line in lines.dropLast() { XCTAssertEqual(DisplayWidth.columns(line), 18, line) }
    }

    func testCombiningMarksTakeNoColumns() {
        XCTAssertEqual(DisplayWidth.columns("e\u{301}cole"), 5)
        XCTAssertEqual(DisplayWidth.columns("商汤"), 4)
        XCTAssertEqual(DisplayWidth.columns("😀"), 2)
        let lines = table(QueryResult(columns: ["x"], rows: [[.string("e\u{301}cole")], [.string("abcde")]]))
        XCTAssertEqual(lines[3], "│ e\u{301}cole │")
        XCTAssertEqual(lines[4], "│ abcde │")
    }

    func testLongCellsAreCutWithAnEllipsis() {
        let long = String(repeating: "x", count: 100)
        let lines = table(QueryResult(columns: ["v"], rows: [[.string(long)]]), maxCell: 10)
        XCTAssertEqual(lines[3], "│ xxxxxxxxx… │")
        // A wide character is never cut in half.
        XCTAssertEqual(DisplayWidth.truncate("商汤科技有限公司", toColumns: 6), "商汤…")
    }

    func testColumnsShrinkToFitTheTerminal() {
        let row: [CypherValue] = [.string(String(repeating: "a", count: 50)), .string(String(repeating: "b", count: 50))]
        let lines = table(QueryResult(columns: ["a", "b"], rows: [row]), width: 60)
        for line in lines.dropLast() { XCTAssertLessThanOrEqual(DisplayWidth.columns(line), 60, line) }
        XCTAssertTrue(lines[3].contains("…"))
    }

    func testNodesRelationshipsAndPathsReadAsCypher() {
        let rel = RelationshipRecord(id: 9, type: "SUBSIDIARY_OF", start: 2, end: 1,
                                     properties: ["date": .date("2014"), "evidence": .string("long sentence"), "action": .string("x")])
        XCTAssertEqual(ValueText.cell(.node(sensetime)), "(:Company {name: 'SenseTime'})")
        XCTAssertEqual(ValueText.cell(.relationship(rel)), "[:SUBSIDIARY_OF {date: '2014', action: 'x'}]")
        XCTAssertEqual(ValueText.cell(.path(nodes: [sensetime, shangtang], relationships: [rel])),
                       "(:Company {name: 'SenseTime'})<-[:SUBSIDIARY_OF {date: '2014', action: 'x'}]-(:Company {name: '商汤科技'})")
        XCTAssertEqual(ValueText.cell(.list([.string("it's"), .null, .float(1), .map(["b": .boolean(true), "a": .integer(1)])])),
                       "['it\\'s', null, 1.0, {a: 1, b: true}]")
        XCTAssertEqual(ValueText.cell(.node(NodeRecord(id: 3, labels: ["Two Words"], properties: [:]))), "(:`Two Words`)")
    }

    func testFooterCountsRowsAndShowsTime() {
        let result = QueryResult(columns: ["x"], rows: [[.integer(1)]])
        let text = ResultFormatter(mode: .table).format(result, elapsed: .milliseconds(12))
        XCTAssertTrue(text.hasSuffix("1 row (12.0 ms)\n"), text)
        let empty = ResultFormatter(mode: .table).format(QueryResult(columns: ["x"], rows: []))
        XCTAssertTrue(empty.hasSuffix("0 rows\n"), empty)
    }

    func testWritingStatementsShowWhatChanged() {
        let result = QueryResult(columns: [], rows: [], statistics: ["nodes created": 2, "properties set": 3])
        XCTAssertEqual(ResultFormatter(mode: .table).format(result), "nodes created: 2, properties set: 3\n")
        XCTAssertEqual(ResultFormatter(mode: .json).format(result), "{\"columns\": [], \"rows\": []}\n")
        XCTAssertEqual(ResultFormatter(mode: .csv).format(result), "")
    }

    func testColourOnlyWhenAsked() {
        let result = QueryResult(columns: ["x"], rows: [[.null]])
        XCTAssertFalse(ResultFormatter(mode: .table, color: false).format(result).contains("\u{1B}["))
        let coloured = ResultFormatter(mode: .table, color: true).format(result)
        XCTAssertTrue(coloured.contains("\u{1B}[1mx"), coloured)
        XCTAssertFalse(ResultFormatter.wantsColor(fileDescriptor: STDOUT_FILENO, environment: ["NO_COLOR": "1"]))
        // A pipe or file is never a terminal.
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        XCTAssertFalse(ResultFormatter.wantsColor(fileDescriptor: fds[1], environment: [:]))
        close(fds[0]); close(fds[1])
    }

    func testCSVFollowsRFC4180() {
        let result = QueryResult(columns: ["name", "note"], rows: [
            [.string("A, Inc."), .string("said \"hi\"")],
            [.string("two\nlines"), .null],
            [.string(" padded "), .integer(3)],
        ])
        XCTAssertEqual(ResultFormatter(mode: .csv).format(result),
                       "name,note\r\n\"A, Inc.\",\"said \"\"hi\"\"\"\r\n\"two\nlines\",\r\n\" padded \",3\r\n")
        XCTAssertEqual(ResultFormatter(mode: .csv, headers: false).format(result).hasPrefix("\"A, Inc.\""), true)
    }

    func testTSVEscapesTabsAndNewlines() {
        let result = QueryResult(columns: ["a", "b"], rows: [[.string("x\ty"), .string("1\n2\\3")], [.null, .float(2.5)]])
        XCTAssertEqual(ResultFormatter(mode: .tsv).format(result), "a\tb\nx\\ty\t1\\n2\\\\3\n\t2.5\n")
    }

    func testJSONIsTheCLIContract() {
        let rel = RelationshipRecord(id: 7, type: "T", start: 1, end: 2, properties: ["since": .integer(2001)])
        let result = QueryResult(columns: ["n", "r", "x"], rows: [[.node(sensetime), .relationship(rel), .float(1)],
                                                               [.null, .null, .float(.nan)]])
        XCTAssertEqual(ResultFormatter(mode: .json).format(result), """
            {"columns": ["n", "r", "x"], "rows": [[{"~node": {"id": 1, "labels": ["Company"], "properties": {"name": "SenseTime"}}}, \
            {"~rel": {"id": 7, "type": "T", "start": 1, "end": 2, "properties": {"since": 2001}}}, 1.0], [null, null, {"~float": "NaN"}]]}

            """)
    }

    func testJSONLinesIsOneObjectPerRow() {
        let result = QueryResult(columns: ["name", "n"], rows: [[.string("a"), .integer(1)], [.string("商汤"), .list([.integer(2)])]])
        XCTAssertEqual(ResultFormatter(mode: .jsonl).format(result), "{\"name\": \"a\", \"n\": 1}\n{\"name\": \"商汤\", \"n\": [2]}\n")
    }

    func testLineModeAlignsColumnNames() {
        let result = QueryResult(columns: ["name", "founded"], rows: [[.string("SenseTime"), .string("2014")], [.string("X"), .null]])
        XCTAssertEqual(ResultFormatter(mode: .line).format(result), """
               name = SenseTime
            founded = 2014

               name = X
            founded = null

            """)
    }

    func testControlCharactersStayOnOneLine() {
        let lines = table(QueryResult(columns: ["v"], rows: [[.string("a\nb\tc")]]))
        XCTAssertEqual(lines[3], "│ a\\nb\\tc │")
    }
}

extension ResultFormatter {
    func withMaxCell(_ width: Int) -> ResultFormatter {
        var copy = self
        copy.maxCellWidth = width
        return copy
    }
}
