import Foundation
import KGExport
import KGIngest
import KGQuery
import KGStore

/// `.ingest PATH` (and `kg --ingest PATH`), and `.dot [FILE]`.
extension Shell {
    /// Reads documents into the open graph, file by file, with a progress line on a terminal;
    /// Ctrl-C stops after the current document. Returns whether every file went in.
    @discardableResult
    public func ingest(_ paths: [String]) -> Bool {
        let ingestor = Ingestor(store: store)
        let (files, missing) = Ingestor.files(in: paths)
        var failures = missing.map(\.description)
        var documents = 0, replaced = 0, unchanged = 0, triples = 0, entities = 0
        let start = ContinuousClock.now
        let showProgress = isatty(STDERR_FILENO) != 0
        var stopped = false
        for (i, file) in files.enumerated() {
            if isInterruptible && Interrupts.pending {
                stopped = true
                break
            }
            if showProgress { Console.error("\r\u{1B}[K[\(i + 1)/\(files.count)] \((file as NSString).lastPathComponent)") }
            switch Interrupts.whileRunning(on: isInterruptible ? store.db : nil, { ingestor.ingest(file: file) }) {
            case .ingested(let t, let e, let r):
                documents += 1
                triples += t
                entities += e
                if r { replaced += 1 }
            case .unchanged:
                unchanged += 1
            case .failed(let reason):
                if isInterruptible && Interrupts.pending {
                    stopped = true
                } else {
                    failures.append(reason.hasPrefix(file) ? reason : "\(file): \(reason)")
                }
            }
            if stopped { break }
        }
        if showProgress { Console.error("\r\u{1B}[K") }
        catalog.invalidate()
        for failure in failures { Console.error("kg: \(failure)\n") }
        var line = "\(documents) document\(documents == 1 ? "" : "s") ingested"
        if replaced > 0 { line += " (\(replaced) replaced)" }
        if unchanged > 0 { line += ", \(unchanged) unchanged" }
        if !failures.isEmpty { line += ", \(failures.count) failed" }
        line += ": \(triples) triples, \(entities) entities in \(ResultFormatter.duration(start.duration(to: .now)))"
        if stopped { line += " (interrupted: the rest was not read)" }
        Console.error(line + "\n")
        return failures.isEmpty && !stopped
    }

    /// The last result as Graphviz DOT: to FILE, or to the current output.
    func dot(to path: String?) throws {
        guard let last = lastResult else { throw ShellError("no result yet: run a query (or .show, .neighbors, .path) first") }
        let subgraph = try Subgraph(result: last, store: store)
        guard !subgraph.nodes.isEmpty else {
            throw ShellError("the last result has no nodes, relationships or paths to draw; return n, r or p from a pattern")
        }
        let writer = DOTWriter(options: DOTWriter.Options(title: nil))
        if let path {
            let fd = try FileAccess.openDescriptorForWriting(path)
            let sink = ByteSink(descriptor: fd, name: path, owned: true)
            let summary = try writer.write(subgraph, to: sink)
            try sink.close()
            Console.error("wrote \(summary.nodes) nodes and \(summary.edges) edges to \(path)\n")
        } else {
            let sink = ByteSink.memory()
            _ = try writer.write(subgraph, to: sink)
            try emitText(sink.text)
        }
    }
}
