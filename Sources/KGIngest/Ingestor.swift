import Foundation
import KGDocuments
import KGExtraction
import KGResolution
import KGStore

/// What happened to one file.
public enum IngestOutcome: Sendable, Equatable {
    case ingested(triples: Int, entities: Int, replaced: Bool)
    case unchanged
    case failed(reason: String)

    var failureReason: String? {
        if case .failed(let reason) = self { return reason }
        return nil
    }
}

public struct IngestProgress: Sendable {
    public var done: Int
    public var total: Int
    public var path: String
}

public struct IngestFailure: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { reason.hasPrefix(path) ? reason : "\(path): \(reason)" }
}

public struct IngestSummary: Sendable {
    public var documents = 0
    public var replaced = 0
    public var unchanged = 0
    public var failures: [IngestFailure] = []
    public var triples = 0
    public var entities = 0
    public var seconds: Double = 0

    public var description: String {
        var s = "\(documents) document\(documents == 1 ? "" : "s") ingested"
        if replaced > 0 { s += " (\(replaced) replaced)" }
        if unchanged > 0 { s += ", \(unchanged) unchanged" }
        if !failures.isEmpty { s += ", \(failures.count) failed" }
        s += ": \(triples) triples, \(entities) entities in \(String(format: "%.2f", seconds)) s"
        return s
    }
}

/// Why a path given to `ingest` could not be walked.
public enum IngestError: Error, CustomStringConvertible, Sendable {
    case missing(String)

    public var description: String {
        switch self {
        case .missing(let p): return "\(p): no such file or directory"
        }
    }
}

/// Reads documents from files and directories into the graph: parse, extract, resolve, store.
/// Incremental: a file whose content hash is unchanged is skipped; a changed file's old facts are
/// removed and the new ones written in one transaction. A file that cannot be read is reported
/// and the others go on.
public final class Ingestor {
    public let store: GraphStore
    public let extractor: Extractor
    public let resolver: Resolver
    public var byteLimit: Int

    public init(store: GraphStore, extractor: Extractor = Extractor(), resolver: Resolver = Resolver(),
                byteLimit: Int = DocumentReader.defaultByteLimit) {
        self.store = store
        self.extractor = extractor
        self.resolver = resolver
        self.byteLimit = byteLimit
    }

    /// Regular files under the paths (directories recursively, hidden entries skipped), sorted
    /// within each directory; a path that does not exist is a failure.
    public static func files(in paths: [String]) -> (files: [String], failures: [IngestFailure]) {
        let fm = FileManager.default
        var files: [String] = []
        var failures: [IngestFailure] = []
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                failures.append(IngestFailure(path: path, reason: IngestError.missing(path).description))
                continue
            }
            if !isDir.boolValue { files.append(path); continue }
            var found: [String] = []
            if let e = fm.enumerator(atPath: path) {
                while let rel = e.nextObject() as? String {
                    let name = (rel as NSString).lastPathComponent
                    if name.hasPrefix(".") { e.skipDescendants(); continue }
                    let full = (path as NSString).appendingPathComponent(rel)
                    var d: ObjCBool = false
                    if fm.fileExists(atPath: full, isDirectory: &d), !d.boolValue { found.append(full) }
                }
            }
            files += found.sorted()
        }
        return (files, failures)
    }

    /// The name a file is stored under: relative to the working directory when inside it.
    public static func identity(of path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.path
        if absolute.hasPrefix(cwd + "/") { return String(absolute.dropFirst(cwd.count + 1)) }
        return absolute
    }

    /// How long one write transaction may gather documents before it commits. Each document
    /// is still whole or absent (a batch whose document failed is written again without it),
    /// but a commit writes every page it touched to the WAL: committing per document rewrote
    /// the same index pages hundreds of times, and at a quarter second commits and the rewrite
    /// of long alias lists (once per transaction) still took as long as storing the facts in a
    /// large graph. A reader is never held up (WAL); a second writer waits at most this long,
    /// and a killed ingest loses as much.
    public var batchSeconds: Double = 1

    /// Ingests every file under `paths`, calling `progress` after each.
    public func ingest(paths: [String], progress: ((IngestProgress) -> Void)? = nil) -> IngestSummary {
        let start = Date()
        var summary = IngestSummary()
        let (files, missing) = Self.files(in: paths)
        summary.failures = missing
        func record(_ file: String, _ outcome: IngestOutcome) {
            switch outcome {
            case .ingested(let triples, let entities, let replaced):
                summary.documents += 1
                summary.triples += triples
                summary.entities += entities
                if replaced { summary.replaced += 1 }
            case .unchanged:
                summary.unchanged += 1
            case .failed(let reason):
                summary.failures.append(IngestFailure(path: file, reason: reason))
            }
        }
        // A replaced document is removed under a savepoint, whose journal of overwritten pages
        // SQLite keeps in a temporary file unless told otherwise.
        let tempStore = try? store.db.scalar("PRAGMA temp_store")
        try? store.db.execute("PRAGMA temp_store = MEMORY")
        defer { if let t = tempStore?.int { try? store.db.execute("PRAGMA temp_store = \(t)") } }
        // Foreign keys are not checked while documents are written: every row ingest writes
        // names a node, document or triple it has just created or found under the same write
        // lock, and looking each one up again took a tenth of the store's time. Removing a
        // replaced document does not rely on the cascades (`GraphStore.removeDocument`).
        let foreignKeys = try? store.db.scalar("PRAGMA foreign_keys")
        try? store.db.execute("PRAGMA foreign_keys = OFF")
        defer { if let f = foreignKeys?.int { try? store.db.execute("PRAGMA foreign_keys = \(f)") } }
        var next = 0
        // A file whose writes failed part-way: its batch is rolled back and written again
        // without it. Documents are not each wrapped in a savepoint, whose journal of the pages
        // they overwrite cost a tenth of the store's time, to undo what is so rarely needed.
        var writeFailures: [Int: String] = [:]
        var reported = 0
        while next < files.count {
            let first = next
            var batch: [(file: String, outcome: IngestOutcome)] = []
            do {
                try store.transaction {
                    let opened = Date()
                    while next < files.count {
                        let index = next
                        let file = files[index]
                        next += 1
                        let outcome: IngestOutcome
                        do {
                            if let reason = writeFailures[index] {
                                outcome = .failed(reason: reason)
                            } else {
                                outcome = try ingest(file: file) { write in
                                    do { return try write() } catch { throw WriteFailed(file: index, reason: "\(file): \(error)") }
                                }
                            }
                        } catch let failure as WriteFailed where store.db.isAutocommit {
                            batch.append((file, .failed(reason: failure.reason)))
                            throw BatchLost(reason: failure.reason)
                        }
                        batch.append((file, outcome))
                        if next > reported {
                            reported = next
                            progress?(IngestProgress(done: next, total: files.count, path: file))
                        }
                        // SQLite rolls the whole transaction back on some failures (a full
                        // disk, an I/O error): what the batch wrote before is gone too.
                        if store.db.isAutocommit {
                            throw BatchLost(reason: outcome.failureReason ?? "the write transaction was rolled back")
                        }
                        if Date().timeIntervalSince(opened) >= batchSeconds { break }
                    }
                }
            } catch let failure as WriteFailed {
                writeFailures[failure.file] = failure.reason
                next = first
                continue
            } catch {
                // The transaction could not even begin (the graph stayed locked): this file fails.
                if batch.isEmpty {
                    batch.append((files[next], .failed(reason: "\(files[next]): \(error)")))
                    next += 1
                    if next > reported {
                        reported = next
                        progress?(IngestProgress(done: next, total: files.count, path: files[next - 1]))
                    }
                }
                let reason = (error as? BatchLost)?.reason ?? "\(error)"
                batch = batch.map { item in
                    if case .ingested = item.outcome { return (item.file, .failed(reason: "\(item.file): not stored: \(reason)")) }
                    return item
                }
            }
            for item in batch { record(item.file, item.outcome) }
        }
        summary.seconds = Date().timeIntervalSince(start)
        return summary
    }

    private struct BatchLost: Error {
        var reason: String
    }

    /// A document's writes failed with the batch's transaction still open.
    private struct WriteFailed: Error {
        var file: Int
        var reason: String
    }

    /// Ingests one file in a transaction of its own (a savepoint inside the caller's).
    public func ingest(file path: String) -> IngestOutcome {
        do {
            return try ingest(file: path) { write in try store.transaction(write) }
        } catch {
            return .failed(reason: "\(path): \(error)")
        }
    }

    /// Reads, parses and extracts one file; `store` runs the writes that record it, in a
    /// transaction of their own or in a batch's. What the writes throw is thrown; any other
    /// failure is the outcome.
    private func ingest(file path: String, store write: (() throws -> IngestOutcome) throws -> IngestOutcome) throws -> IngestOutcome {
        let identity = Self.identity(of: path)
        // lstat, as FileManager's attributes read it, without the owner and group names those
        // look up for every file.
        var info = stat()
        guard lstat(path, &info) == 0 else {
            return .failed(reason: DocumentError.unreadable(path: path, reason: "cannot be read").description)
        }
        if Int(info.st_size) > byteLimit {
            return .failed(reason: DocumentError.tooLarge(path: path, bytes: Int(info.st_size), limit: byteLimit).description)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failed(reason: DocumentError.unreadable(path: path, reason: "cannot be read").description)
        }
        let bytes = [UInt8](data)
        let hash = SHA256.hex(bytes)
        let extraction: Extraction
        let format: String
        do {
            let existing = try store.document(path: identity)
            if let existing, existing.hash == hash { return .unchanged }
            let document: Document
            do {
                document = try DocumentReader.parse(bytes: bytes, path: identity, byteLimit: byteLimit)
            } catch {
                return .failed(reason: error.description)
            }
            extraction = extractor.extract(document)
            format = document.format.rawValue
        } catch {
            return .failed(reason: "\(path): \(error)")
        }
        return try write {
            // Look again under the write lock: another process may have ingested this file
            // while it was being parsed, and its row is the one to compare with or replace.
            let existing = try store.document(path: identity)
            if let existing, existing.hash == hash { return .unchanged }
            if let existing { try store.removeDocument(existing.id) }
            let id = try store.addDocument(path: identity, format: format, hash: hash, bytes: Int64(bytes.count))
            let entities = try GraphWriter(store: store, resolver: resolver).write(extraction, document: id)
            try store.writePendingRows()
            return .ingested(triples: try store.tripleCount(document: id), entities: entities, replaced: existing != nil)
        }
    }
}
