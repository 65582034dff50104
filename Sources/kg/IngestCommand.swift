import ArgumentParser
import Foundation
import KGIngest
import KGStore

struct IngestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read documents (files, or directories recursively) into the graph.",
        discussion: "Unchanged files are skipped; a changed file's facts are replaced. Files that cannot be read are reported and the rest go on; the exit status is non-zero if any failed."
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("Files or directories to ingest.", valueName: "PATH"))
    var paths: [String]

    @Flag(name: .shortAndLong, help: "No progress bar and no summary.")
    var quiet = false

    func run() throws {
        let store = try global.openStore()
        let ingestor = Ingestor(store: store)
        let showProgress = !quiet && isatty(STDERR_FILENO) != 0
        let progress: ((IngestProgress) -> Void)? = showProgress ? { Self.drawProgress($0) } : nil
        let summary = ingestor.ingest(paths: paths, progress: progress)
        if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        for failure in summary.failures {
            FileHandle.standardError.write(Data("kg: \(failure.description)\n".utf8))
        }
        if !quiet { print(summary.description) }
        if !summary.failures.isEmpty { throw ExitCode(1) }
    }

    static func drawProgress(_ p: IngestProgress) {
        let width = 30
        let filled = p.total == 0 ? width : width * p.done / p.total
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        var name = (p.path as NSString).lastPathComponent
        if name.count > 40 { name = String(name.prefix(39)) + "…" }
        FileHandle.standardError.write(Data("\r\u{1B}[K[\(bar)] \(p.done)/\(p.total) \(name)".utf8))
    }
}
