import KGQuery
import KGStore

/// Draws a graph in Graphviz's DOT language: a whole store (streamed), a neighbourhood, or a
/// query's result (see `Subgraph`).
///
/// - Every node is `"n<id>"`; names, labels, types and dates appear only inside quoted strings,
///   escaped by `DOTWriter.quoted(_:)`, so any text is valid DOT.
/// - Each node label has a shape and a colour (`DOTStyle`), shown in a legend; a node with several
///   labels is drawn as the first of them in `DOTStyle.priority`. Nodes show their `name`.
/// - Each edge shows its type and, where it has them, its `action` and `date`; its tooltip is
///   the evidence.
/// - The order is the ids' (or, with clusters, label by label, then ids), so the same graph
///   always gives the same text and a diff of two exports is a change in the graph.
public struct DOTWriter {
    public enum RankDirection: String, Sendable, CaseIterable {
        case topToBottom = "TB", leftToRight = "LR", bottomToTop = "BT", rightToLeft = "RL"
    }

    public struct Options: Sendable {
        public var rankDirection: RankDirection?
        /// Groups nodes into one box per label.
        public var clusterByLabel = false
        /// Draw at most this many nodes (nil: all); what is left out is counted in the summary.
        public var maxNodes: Int?
        public var legend = true
        /// Text above the drawing.
        public var title: String?

        public init(rankDirection: RankDirection? = nil, clusterByLabel: Bool = false, maxNodes: Int? = nil,
                    legend: Bool = true, title: String? = nil) {
            self.rankDirection = rankDirection
            self.clusterByLabel = clusterByLabel
            self.maxNodes = maxNodes
            self.legend = legend
            self.title = title
        }
    }

    public struct Summary: Sendable, Equatable {
        public var nodes = 0
        public var edges = 0
        /// Nodes in the source that `maxNodes` left out.
        public var omittedNodes = 0
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    // MARK: A whole store, streamed

    /// Streams the whole graph: memory stays flat (apart from the cluster pass, which reads one
    /// label's nodes at a time). With `maxNodes`, draws the nodes with the lowest ids and the
    /// edges among them.
    @discardableResult
    public func write(store: GraphStore, to sink: ByteSink) throws -> Summary {
        var summary = Summary()
        let total = try store.nodeCount()
        var lastID = Int64.max
        if let max = options.maxNodes, max > 0, total > max {
            lastID = try store.db.scalar("SELECT id FROM node ORDER BY id LIMIT 1 OFFSET ?", [.integer(Int64(max - 1))])?.int ?? .max
            summary.omittedNodes = total - max
        }
        let labels = DOTStyle.ordered(try store.allLabels())
        writeHeader(to: sink, labels: labels)
        if options.clusterByLabel {
            for (index, label) in labels.enumerated() {
                beginCluster(index: index, label: label, to: sink)
                let ids = try store.db.prepare("SELECT s FROM triple WHERE k = 0 AND p = ? AND s <= ? ORDER BY s")
                try ids.bind(.text(label), at: 1)
                try ids.bind(.integer(lastID), at: 2)
                while try ids.step() {
                    guard let node = try store.node(ids.int(at: 0)), DOTStyle.primaryLabel(node.labels) == label else { continue }
                    writeNode(node, indent: "    ", to: sink)
                    summary.nodes += 1
                    try sink.flushIfFull()
                }
                sink.write("  }\n")
            }
            let unlabelled = try store.db.prepare("""
                SELECT id FROM node WHERE id <= ? AND NOT EXISTS (SELECT 1 FROM triple WHERE s = node.id AND k = 0) ORDER BY id
                """)
            try unlabelled.bind(.integer(lastID), at: 1)
            while try unlabelled.step() {
                guard let node = try store.node(unlabelled.int(at: 0)) else { continue }
                writeNode(node, indent: "  ", to: sink)
                summary.nodes += 1
                try sink.flushIfFull()
            }
        } else {
            try store.forEachNode { node in
                guard node.id <= lastID else { return }
                writeNode(node, indent: "  ", to: sink)
                summary.nodes += 1
                try sink.flushIfFull()
            }
        }
        // Edges straight from the triple table: a DOT edge needs only a few columns, and this is
        // the loop that runs once per relationship of a big graph.
        let edges = try store.db.prepare("SELECT s, o, p, date, evidence, qual FROM triple WHERE k = 2 AND s <= ?1 AND o <= ?1 ORDER BY id")
        try edges.bind(.integer(lastID), at: 1)
        while try edges.step() {
            var action: PropertyValue?
            var date = edges.string(at: 3).map(PropertyValue.date)
            if let qual = edges.string(at: 5), case .object(let pairs)? = try? JSONValue.parse(qual) {
                for (key, value) in pairs {
                    if key == "action" { action = value.propertyValue }
                    if key == "date", date == nil { date = value.propertyValue }
                }
            }
            writeEdge(start: edges.int(at: 0), end: edges.int(at: 1), type: edges.string(at: 2) ?? "",
                      action: action, date: date, evidence: edges.string(at: 4), to: sink)
            summary.edges += 1
            try sink.flushIfFull()
        }
        writeFooter(summary: summary, to: sink)
        try sink.flush()
        return summary
    }

    // MARK: A part of the graph

    /// Draws a neighbourhood or a query's result. With `maxNodes`, keeps the first nodes in the
    /// subgraph's order (nearest first for a neighbourhood) and the edges among them.
    @discardableResult
    public func write(_ subgraph: Subgraph, to sink: ByteSink) throws -> Summary {
        var summary = Summary()
        var nodes = subgraph.nodes
        if let max = options.maxNodes, max > 0, nodes.count > max {
            summary.omittedNodes = nodes.count - max
            nodes = Array(nodes.prefix(max))
        }
        let drawn = Set(nodes.map(\.id))
        var labels = Set<String>()
        for node in nodes { if let label = DOTStyle.primaryLabel(node.labels) { labels.insert(label) } }
        let ordered = DOTStyle.ordered(Array(labels))
        writeHeader(to: sink, labels: ordered)
        let sorted = nodes.sorted { $0.id < $1.id }
        if options.clusterByLabel {
            for (index, label) in ordered.enumerated() {
                beginCluster(index: index, label: label, to: sink)
                for node in sorted where DOTStyle.primaryLabel(node.labels) == label {
                    writeNode(node, indent: "    ", highlighted: subgraph.highlighted.contains(node.id), to: sink)
                    summary.nodes += 1
                }
                sink.write("  }\n")
            }
            for node in sorted where node.labels.isEmpty {
                writeNode(node, indent: "  ", highlighted: subgraph.highlighted.contains(node.id), to: sink)
                summary.nodes += 1
            }
        } else {
            for node in sorted {
                writeNode(node, indent: "  ", highlighted: subgraph.highlighted.contains(node.id), to: sink)
                summary.nodes += 1
            }
        }
        for r in subgraph.relationships.sorted(by: { $0.id < $1.id }) where drawn.contains(r.start) && drawn.contains(r.end) {
            writeEdge(r, to: sink)
            summary.edges += 1
            try sink.flushIfFull()
        }
        writeFooter(summary: summary, to: sink)
        try sink.flush()
        return summary
    }

    /// Draws the nodes, relationships and paths a query returned (`Subgraph(result:store:)`):
    /// what the REPL's `.dot` and `kg export --format dot --query` show.
    @discardableResult
    public func write(result: QueryResult, store: GraphStore?, to sink: ByteSink) throws -> Summary {
        try write(Subgraph(result: result, store: store), to: sink)
    }

    // MARK: Pieces

    private func writeHeader(to sink: ByteSink, labels: [String]) {
        sink.write("digraph \"kg\" {\n")
        sink.write("  graph [charset=\"UTF-8\", fontname=\"Helvetica\", fontsize=12")
        if let rank = options.rankDirection { sink.write(", rankdir=\(rank.rawValue)") }
        if let title = options.title {
            sink.write(", labelloc=t, label=")
            sink.writeDOTQuoted(title)
        }
        sink.write("];\n")
        sink.write("  node [fontname=\"Helvetica\", fontsize=10, style=filled, fillcolor=\"#ffffff\", shape=ellipse];\n")
        sink.write("  edge [fontname=\"Helvetica\", fontsize=8, color=\"#555555\", fontcolor=\"#333333\"];\n")
        guard options.legend, !labels.isEmpty else { return }
        sink.write("  subgraph \"cluster_legend\" {\n    label=\"Legend\"; style=rounded; color=\"#999999\"; fontsize=10;\n")
        for (index, label) in labels.enumerated() {
            let style = DOTStyle(label: label)
            sink.write("    \"legend_\(index)\" [label=")
            sink.writeDOTQuoted(label)
            sink.write(", shape=\(style.shape), fillcolor=\"\(style.color)\"];\n")
        }
        // Invisible edges stack the legend's entries instead of spreading them along a rank.
        for index in labels.indices.dropFirst() {
            sink.write("    \"legend_\(index - 1)\" -> \"legend_\(index)\" [style=invis];\n")
        }
        sink.write("  }\n")
    }

    private func beginCluster(index: Int, label: String, to sink: ByteSink) {
        let style = DOTStyle(label: label)
        sink.write("  subgraph \"cluster_\(index)\" {\n    label=")
        sink.writeDOTQuoted(label)
        sink.write("; style=\"rounded,dashed\"; color=\"\(style.color)\"; fontsize=11;\n")
    }

    private func writeFooter(summary: Summary, to sink: ByteSink) {
        if summary.omittedNodes > 0 {
            sink.write("  // \(summary.omittedNodes) more nodes left out (maxNodes \(options.maxNodes ?? 0))\n")
        }
        sink.write("}\n")
    }

    func writeNode(_ node: NodeRecord, indent: String, highlighted: Bool = false, to sink: ByteSink) {
        let style = DOTStyle(label: DOTStyle.primaryLabel(node.labels))
        sink.write(indent)
        sink.write("\"n")
        sink.write(node.id)
        sink.write("\" [label=")
        let name = node.name ?? (node.labels.first.map { "\($0) \(node.id)" } ?? "node \(node.id)")
        sink.writeDOTQuoted(Self.shortened(name, to: 60))
        sink.write(", tooltip=")
        sink.writeDOTQuoted(node.labels.map { ":" + $0 }.joined() + " id \(node.id)")
        sink.write(", shape=\(style.shape), fillcolor=\"\(style.color)\"")
        if highlighted { sink.write(", penwidth=3, fontname=\"Helvetica-Bold\"") }
        sink.write("];\n")
    }

    func writeEdge(_ r: RelationshipRecord, to sink: ByteSink) {
        writeEdge(start: r.start, end: r.end, type: r.type, action: r.properties["action"], date: r.properties["date"],
                  evidence: r.properties["evidence"]?.displayText, to: sink)
    }

    private func writeEdge(start: Int64, end: Int64, type: String, action: PropertyValue?, date: PropertyValue?,
                           evidence: String?, to sink: ByteSink) {
        sink.write("  \"n")
        sink.write(start)
        sink.write("\" -> \"n")
        sink.write(end)
        sink.write("\" [label=")
        var label = type
        if action != nil || date != nil {
            label += "\n"
            if let action { label += Self.shortened(action.displayText, to: 40) }
            if action != nil && date != nil { label += ", " }
            if let date { label += date.displayText }
        }
        sink.writeDOTQuoted(label)
        if let evidence {
            sink.write(", tooltip=")
            sink.writeDOTQuoted(Self.shortened(evidence, to: 300))
        }
        sink.write("];\n")
    }

    static func shortened(_ text: String, to limit: Int) -> String {
        guard text.utf8.count > limit, text.count > limit else { return text }
        return String(text.prefix(limit - 1)) + "…"
    }

    /// `text` as a DOT quoted string that Graphviz reads back as the same text.
    ///
    /// In DOT's quoted strings only `\"` is an escape; Graphviz then reads backslash escapes in
    /// labels (`\n`, `\l`, `\N`, `\\`, …). So backslashes are doubled, quotes escaped, line ends
    /// become `\n`, other control characters a space. A string whose last character is a
    /// backslash would end in `\\"`, which DOT's scanner reads as an escaped quote; a final `\n`
    /// (which ends the last line without adding one) keeps the quote apart.
    public static func quoted(_ text: String) -> String {
        let sink = ByteSink.memory()
        sink.writeDOTQuoted(text)
        return sink.text
    }
}

extension ByteSink {
    /// Writes `DOTWriter.quoted(text)`, byte by byte.
    public func writeDOTQuoted(_ text: String) {
        write(UInt8(ascii: "\""))
        var last: UInt8 = 0
        var s = text
        s.withUTF8 { bytes in
            var i = 0
            let n = bytes.count
            var start = 0
            func flushPlain(to end: Int) {
                if start < end {
                    write(UnsafeBufferPointer(rebasing: bytes[start..<end]))
                    last = bytes[end - 1]
                }
            }
            while i < n {
                let c = bytes[i]
                let replacement: StaticString?
                var width = 1
                switch c {
                case UInt8(ascii: "\""): replacement = "\\\""
                case UInt8(ascii: "\\"): replacement = "\\\\"
                case 0x0D: replacement = "\\n"; if i + 1 < n && bytes[i + 1] == 0x0A { width = 2 }
                case 0x0A: replacement = "\\n"
                case 0xC2 where i + 1 < n && bytes[i + 1] >= 0x80 && bytes[i + 1] < 0xA0:
                    replacement = " "  // a C1 control character
                    width = 2
                default: replacement = c < 0x20 || c == 0x7F ? " " : nil
                }
                if let replacement {
                    flushPlain(to: i)
                    replacement.withUTF8Buffer { write($0); last = $0[$0.count - 1] }
                    i += width
                    start = i
                } else {
                    i += 1
                }
            }
            flushPlain(to: n)
        }
        // A final backslash would make the closing quote an escaped one; a final `\n` ends the
        // last line without adding one, and keeps them apart.
        if last == UInt8(ascii: "\\") { write("\\n") }
        write(UInt8(ascii: "\""))
    }
}

/// How a node label is drawn: a shape and a fill colour.
public struct DOTStyle: Sendable, Equatable {
    public var shape: String
    public var color: String

    /// The ontology's labels, most specific first: a node with several labels is drawn as the
    /// first of them here (labels outside the list come after, in byte order).
    public static let priority = ["Person", "Company", "Government", "Organization", "Place", "Event",
                                  "Document", "Publisher", "Topic"]

    static let known: [String: DOTStyle] = [
        "Company": DOTStyle(shape: "box", color: "#a6cee3"),
        "Person": DOTStyle(shape: "ellipse", color: "#fdbf6f"),
        "Government": DOTStyle(shape: "house", color: "#fb9a99"),
        "Organization": DOTStyle(shape: "hexagon", color: "#b2df8a"),
        "Place": DOTStyle(shape: "octagon", color: "#cab2d6"),
        "Event": DOTStyle(shape: "diamond", color: "#ffff99"),
        "Document": DOTStyle(shape: "note", color: "#e0e0e0"),
        "Publisher": DOTStyle(shape: "tab", color: "#ccebc5"),
        "Topic": DOTStyle(shape: "cds", color: "#fccde5"),
    ]
    static let otherShapes = ["parallelogram", "trapezium", "egg", "doubleoctagon", "invtriangle", "septagon", "component", "cylinder"]
    static let otherColors = ["#8dd3c7", "#bebada", "#80b1d3", "#fdb462", "#b3de69", "#d9d9d9", "#bc80bd", "#ffed6f", "#fb8072"]

    public init(shape: String, color: String) {
        self.shape = shape
        self.color = color
    }

    /// The style for a label; labels outside the ontology get a shape and colour from a hash of
    /// the name (FNV-1a, the same in every run, unlike Swift's `Hasher`).
    public init(label: String?) {
        guard let label else { self = DOTStyle(shape: "ellipse", color: "#ffffff"); return }
        if let style = Self.known[label] { self = style; return }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in label.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        self = DOTStyle(shape: Self.otherShapes[Int(hash % UInt64(Self.otherShapes.count))],
                        color: Self.otherColors[Int((hash >> 32) % UInt64(Self.otherColors.count))])
    }

    public static func primaryLabel(_ labels: [String]) -> String? {
        for label in priority where labels.contains(label) { return label }
        return labels.min { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Labels in legend and cluster order: the ontology's first, then the rest in byte order.
    public static func ordered(_ labels: [String]) -> [String] {
        let set = Set(labels)
        let known = priority.filter(set.contains)
        let others = set.subtracting(priority).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return known + others
    }
}
