/// Renders a wikitable's data rows as sentence-like blocks, "header: cell; header: cell.", so that
/// the sentence rules can read tables of acquisitions, key people or partners. Each cell keeps its
/// wiki links and source line. The header row is the first row whose cells are all `!` cells;
/// a row whose cells do not line up with it (after `rowspan` cells are carried down) gets no
/// header names, so that no value is read under the wrong column. Malformed markup degrades to
/// fewer or emptier rows, never to a failure.
struct WikiTableRenderer {
    struct Cell {
        var text = TextBuffer()
        var isHeader = false
        /// Source line where the cell starts.
        var line = 1
        /// Rows still to be covered by this cell (`rowspan="3"` → 2 after its own row).
        var rowspan = 1
    }

    let p: UnsafeBufferPointer<UInt8>
    let lines: LineIndex
    private var rows: [[Cell]] = []
    private var row: [Cell] = []
    private var cell: WikiRenderer?
    private var cellHeader = false
    private var cellLine = 1
    /// Bytes of the current cell before its first attribute bar: `style="…" | text`.
    private var cellHasNodes = false
    private var cellBarSeen = false
    private var inCaption = false
    /// Still on the `{|` line (table attributes).
    private var onOpeningLine = true
    private var atLineStart = false

    init(_ p: UnsafeBufferPointer<UInt8>, lines: LineIndex) {
        self.p = p
        self.lines = lines
    }

    /// The table's rows, each rendered as one block of text.
    static func render(_ table: WikiTable, _ p: UnsafeBufferPointer<UInt8>, lines: LineIndex) -> [TextBuffer] {
        var r = WikiTableRenderer(p, lines: lines)
        for node in table.children { r.visit(node) }
        r.endRow()
        return r.blocks()
    }

    private mutating func visit(_ node: WikiNode) {
        switch node {
        case .text(let start, let end):
            scan(start, end)
        case .comment:
            break
        case .table:
            // A table inside a cell: too rare to be worth lining up.
            break
        default:
            guard !onOpeningLine, !inCaption, cell != nil else { return }
            cellHasNodes = true
            atLineStart = false
            cell!.render(node, inline: true)
        }
    }

    private mutating func scan(_ start: Int, _ end: Int) {
        var k = start
        var runStart = start
        func flush(_ upTo: Int, _ r: inout WikiTableRenderer) {
            if upTo > runStart, !r.onOpeningLine, !r.inCaption, r.cell != nil { r.cell!.copy(runStart, upTo, inline: true) }
        }
        while k < end {
            let c = p[k]
            if c == 0x0A {
                flush(k, &self)
                if cell != nil { cell!.out.space() }
                onOpeningLine = false
                inCaption = false
                atLineStart = true
                k += 1
                runStart = k
                continue
            }
            if atLineStart {
                if c == 0x20 || c == 0x09 || c == 0x0D {
                    k += 1
                    continue
                }
                atLineStart = false
                runStart = k
                if c == UInt8(ascii: "|") || c == UInt8(ascii: "!") {
                    let next: UInt8 = k + 1 < end ? p[k + 1] : 0
                    if c == UInt8(ascii: "|"), next == UInt8(ascii: "-") {
                        endRow()
                        k = skipLine(k, end)
                        runStart = k
                        continue
                    }
                    if c == UInt8(ascii: "|"), next == UInt8(ascii: "+") {
                        endCell()
                        inCaption = true
                        k += 2
                        runStart = k
                        continue
                    }
                    startCell(header: c == UInt8(ascii: "!"), at: k)
                    k += 1
                    runStart = k
                    continue
                }
            }
            if onOpeningLine || inCaption {
                k += 1
                continue
            }
            // `||` (and `!!` on a header line) start the next cell on the same line.
            if k + 1 < end, (c == UInt8(ascii: "|") && p[k + 1] == c) || (c == UInt8(ascii: "!") && p[k + 1] == c && cellHeader) {
                flush(k, &self)
                startCell(header: cellHeader, at: k)
                k += 2
                runStart = k
                continue
            }
            // A single bar ends the cell's attributes: what came before it was styling.
            // Attributes may hold a template (`style="{{…}}"`): an `=` before the bar says so.
            if c == UInt8(ascii: "|"), cell != nil, !cellBarSeen,
               !cellHasNodes || (cellStart < k && p[cellStart..<k].contains(UInt8(ascii: "="))) {
                let attributes = String(decoding: UnsafeBufferPointer(rebasing: p[min(cellStart, k)..<k]), as: UTF8.self)
                var fresh = WikiRenderer(p, lines: lines, mode: .field)
                fresh.out.line = cellLine
                cell = fresh
                cellBarSeen = true
                pendingRowspan = Self.rowspan(attributes)
                k += 1
                runStart = k
                continue
            }
            k += 1
        }
        flush(end, &self)
    }

    private var pendingRowspan = 1
    /// Source offset just after the current cell's `|` or `!`.
    private var cellStart = 0

    private func skipLine(_ k: Int, _ end: Int) -> Int {
        var e = k
        while e < end, p[e] != 0x0A { e += 1 }
        return e
    }

    private mutating func startCell(header: Bool, at k: Int) {
        endCell()
        cellHeader = header
        cellLine = lines.line(of: k)
        var r = WikiRenderer(p, lines: lines, mode: .field)
        r.out.line = cellLine
        cell = r
        cellHasNodes = false
        cellBarSeen = false
        pendingRowspan = 1
        cellStart = min(k + 1, p.count)
    }

    private mutating func endCell() {
        guard let r = cell else { return }
        row.append(Cell(text: r.out, isHeader: cellHeader, line: cellLine, rowspan: pendingRowspan))
        cell = nil
        pendingRowspan = 1
    }

    private mutating func endRow() {
        endCell()
        if !row.isEmpty { rows.append(row) }
        row = []
    }

    /// `rowspan="3"` in a cell's attributes.
    static func rowspan(_ attributes: String) -> Int {
        guard let r = attributes.lowercased().range(of: "rowspan") else { return 1 }
        let digits = attributes[r.upperBound...].drop(while: { $0 == "=" || $0 == "\"" || $0 == "'" || $0 == " " }).prefix(while: \.isNumber)
        return min(max(Int(digits) ?? 1, 1), 500)
    }

    /// Lines the rows up under the header and writes each data row as "Header: cell; …".
    private func blocks() -> [TextBuffer] {
        var header: [String]?
        var out: [TextBuffer] = []
        // Cells spanning rows, by column: (cell, rows still to cover).
        var carried: [Int: (Cell, Int)] = [:]
        for raw in rows {
            if raw.allSatisfy(\.isHeader) {
                if header == nil { header = raw.map { $0.text.string } }
                continue
            }
            // Rebuild the row with the cells that earlier rows' rowspans carry into it.
            var cells: [Cell] = []
            var queue = raw[...]
            var column = 0
            while !queue.isEmpty || carried[column] != nil {
                if let (c, left) = carried[column] {
                    cells.append(c)
                    carried[column] = left > 1 ? (c, left - 1) : nil
                } else if let c = queue.popFirst() {
                    cells.append(c)
                    if c.rowspan > 1 { carried[column] = (c, c.rowspan - 1) }
                }
                column += 1
                if column > 200 { break }
            }
            let names: [String]? = header.flatMap { $0.count == cells.count ? $0 : nil }
            var block = TextBuffer()
            block.line = cells.first?.line ?? 1
            var wrote = false
            for (i, c) in cells.enumerated() {
                let value = c.text
                guard value.bytes.contains(where: { $0 != 0x20 && $0 != UInt8(ascii: ",") }) else { continue }
                block.line = c.line
                if wrote { block.append(contentsOf: Array("; ".utf8)) }
                if let name = names?[i], !name.isEmpty, !name.contains(":"), !name.contains(";") {
                    // In lower case: a header is a label, not a name for the mention finder.
                    block.append(name.lowercased())
                    block.append(UInt8(ascii: ":"))
                    block.space()
                }
                append(value, to: &block)
                wrote = true
            }
            if wrote {
                block.append(UInt8(ascii: "."))
                out.append(block)
            }
        }
        return out
    }

    /// Appends a cell's text and links (a cell ending in "." does not end the row).
    private func append(_ value: TextBuffer, to block: inout TextBuffer) {
        let text = value.string
        var bytes = Array(text.utf8)
        while let last = bytes.last, last == UInt8(ascii: ".") || last == UInt8(ascii: ";") { bytes.removeLast() }
        // `string` trims leading spaces: find where the trimmed text starts in the buffer.
        var lo = 0
        while lo < value.bytes.count, value.bytes[lo] == 0x20 { lo += 1 }
        let start = block.startSpan()
        for c in bytes { block.append(c) }
        let shift = block.bytes.count - bytes.count - lo
        guard block.bytes.count - start == bytes.count else { return }
        for link in value.links where link.start >= lo && link.end <= lo + bytes.count {
            block.links.append(TextBuffer.Link(target: link.target, start: link.start + shift, end: link.end + shift))
        }
    }
}
