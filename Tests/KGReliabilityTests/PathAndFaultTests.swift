import Foundation
import KGIngest
import KGStore
import XCTest

/// Paths users give (`--db`, `.output`, `.read`, `-f`, ingest paths) that cannot be used, and
/// faults underneath (read-only files, a full disk, a newer file format): one clear line, a
/// non-zero exit, and the graph file exactly as it was.
final class PathAndFaultTests: XCTestCase {
    private func news(_ scratch: Scratch) throws -> [String] { try scratch.copyFixtures("news", to: "news") }

    /// A small graph file made by `kg ingest`.
    private func graph(_ scratch: Scratch, name: String = "g.db", documents: Int = 2) throws -> String {
        let files = try news(scratch)
        let db = scratch.file(name)
        let result = try Run.kg(["ingest", "--db", db] + files.prefix(documents).map { scratch.file($0) })
        XCTAssertEqual(result.status, 0, result.summary)
        return db
    }

    private func assertClearFailure(_ result: ProcessResult, mentions words: [String], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertFalse(result.signalled || result.timedOut, result.summary, file: file, line: line)
        XCTAssertNotEqual(result.status, 0, result.summary, file: file, line: line)
        let message = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertFalse(message.isEmpty, "no message", file: file, line: line)
        XCTAssertLessThanOrEqual(message.split(separator: "\n").count, 3, "one clear message, not a dump: \(message)", file: file, line: line)
        for word in words { XCTAssertTrue(message.contains(word), "'\(message)' should mention '\(word)'", file: file, line: line) }
        XCTAssertFalse(message.contains("SQLite code") || message.contains("Fatal error"), "internal detail in: \(message)", file: file, line: line)
    }

    // MARK: --db

    func testDatabaseInAMissingDirectory() throws {
        let scratch = try Scratch()
        for args in [["stats"], ["query", "RETURN 1"], ["ingest", Fixtures.path("wiki")], ["-c", ".stats"]] {
            let result = try Run.kg(args + ["--db", scratch.file("missing/dir/g.db")])
            assertClearFailure(result, mentions: ["missing/dir", "does not exist"])
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: scratch.file("missing")))
    }

    func testDatabaseThatIsADirectory() throws {
        let scratch = try Scratch()
        try FileManager.default.createDirectory(atPath: scratch.file("adir"), withIntermediateDirectories: true)
        for args in [["stats"], ["query", "RETURN 1"], ["ingest", Fixtures.path("wiki")], ["-c", ".stats"]] {
            assertClearFailure(try Run.kg(args + ["--db", scratch.file("adir")]), mentions: ["adir", "directory"])
        }
    }

    func testDatabaseThatIsNotAGraph() throws {
        let scratch = try Scratch()
        let text = try scratch.write("notes.txt", "just some text, not SQLite at all\n")
        let before = fileBytes(ofFile: text)
        assertClearFailure(try Run.kg(["stats", "--db", text]), mentions: ["notes.txt", "not"])
        assertClearFailure(try Run.kg(["ingest", "--db", text, Fixtures.path("wiki")]), mentions: ["notes.txt"])
        XCTAssertEqual(fileBytes(ofFile: text), before)
    }

    func testNewDatabaseInADirectoryWithoutWritePermission() throws {
        let scratch = try Scratch()
        try FileManager.default.createDirectory(atPath: scratch.file("locked"), withIntermediateDirectories: true)
        chmod(scratch.file("locked"), 0o555)
        let result = try Run.kg(["stats", "--db", scratch.file("locked/g.db")], unprivileged: true)
        assertClearFailure(result, mentions: ["locked/g.db", "permission denied"])
    }

    // MARK: Read-only graphs

    func testReadOnlyGraphFile() throws {
        let scratch = try Scratch()
        let db = try graph(scratch)
        let query = ["query", "--db", db, "--format", "csv", "MATCH (d:Document) RETURN count(d) AS n"]
        let writable = try Run.kg(query)
        chmod(db, 0o444)
        let before = try GraphContent(path: db)
        let bytes = fileBytes(ofFile: db)
        let files = try news(scratch).suffix(2).map { scratch.file($0) }
        // Reading works; writing fails with a message that says why.
        XCTAssertEqual(try Run.kg(["stats", "--db", db], unprivileged: true).status, 0)
        let read = try Run.kg(query, unprivileged: true)
        XCTAssertEqual(read.stdout, writable.stdout, read.summary)
        assertClearFailure(try Run.kg(["ingest", "--db", db] + files, unprivileged: true), mentions: ["read-only"])
        assertClearFailure(try Run.kg(["query", "--db", db, "CREATE (:X {name: 'y'})"], unprivileged: true), mentions: ["read-only"])
        XCTAssertEqual(fileBytes(ofFile: db), bytes)
        XCTAssertEqual(try GraphContent(path: db), before)
    }

    func testGraphInAReadOnlyDirectory() throws {
        // WAL mode needs `-wal` and `-shm` files next to the graph.
        let scratch = try Scratch()
        try FileManager.default.createDirectory(atPath: scratch.file("ro"), withIntermediateDirectories: true)
        let db = try graph(scratch, name: "ro/g.db")
        chmod(db, 0o666)
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
        chmod(scratch.file("ro"), 0o555)
        let bytes = fileBytes(ofFile: db)
        let result = try Run.kg(["ingest", "--db", db, scratch.file(try news(scratch).last!)], unprivileged: true)
        assertClearFailure(result, mentions: ["ro/g.db"])
        XCTAssertTrue(result.stderr.contains("directory") || result.stderr.contains("read-only"), result.stderr)
        chmod(scratch.file("ro"), 0o777)
        XCTAssertEqual(fileBytes(ofFile: db), bytes)
        XCTAssertEqual(try GraphContent.integrity(of: db), "ok")
    }

    // MARK: Disk full

    func testDiskFullDuringIngest() throws {
        // `max_page_count` stands in for a full disk: SQLite fails the write with SQLITE_FULL.
        let scratch = try Scratch()
        let db = try graph(scratch, documents: 1)
        let before = try GraphContent(path: db)
        let store = try GraphStore(path: db)
        let pages = try XCTUnwrap(try store.db.scalar("PRAGMA page_count")?.int)
        _ = try store.db.scalar("PRAGMA max_page_count = \(pages + 1)")
        let ingestor = Ingestor(store: store)
        let summary = ingestor.ingest(paths: [Fixtures.path("news"), Fixtures.path("wiki")])
        XCTAssertFalse(summary.failures.isEmpty, "nothing failed with a full disk")
        for failure in summary.failures {
            XCTAssertTrue(failure.description.contains("full"), failure.description)
        }
        XCTAssertEqual(try GraphContent.integrity(of: db), "ok")
        // What did fit is whole documents; with one page to spare, nothing new fits.
        let after = try GraphContent(path: db)
        XCTAssertEqual(after.documents.count, before.documents.count + summary.documents)
        if summary.documents == 0 { XCTAssertEqual(after, before) }
    }

    func testDiskFullMessageFromKG() throws {
        // A real full disk needs a small file system; root can mount a tmpfs.
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/bin/mount") || FileManager.default.isExecutableFile(atPath: "/usr/bin/mount") else {
            throw XCTSkip("mounting a small tmpfs needs root")
        }
        let scratch = try Scratch()
        let mountPoint = scratch.file("small")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let mount = try Run.process(["/bin/sh", "-c", "mount -t tmpfs -o size=160k tmpfs '\(mountPoint)'"])
        guard mount.status == 0 else { throw XCTSkip("cannot mount a tmpfs here: \(mount.stderr)") }
        defer { _ = try? Run.process(["/bin/sh", "-c", "umount '\(mountPoint)'"]) }
        let db = mountPoint + "/g.db"
        let files = try news(scratch)
        XCTAssertEqual(try Run.kg(["ingest", "--db", db, scratch.file(files[0])]).status, 0)
        let before = try GraphContent(path: db)
        let result = try Run.kg(["ingest", "--db", db, scratch.file("news"), Fixtures.path("wiki")])
        XCTAssertNotEqual(result.status, 0, "the whole corpus fit in 160 KB: \(result.summary)")
        XCTAssertFalse(result.signalled, result.summary)
        XCTAssertTrue(result.stderr.contains("full"), result.stderr)
        // Free the space the failed transaction's WAL frames took, then check the file.
        XCTAssertEqual(try GraphContent.integrity(of: db), "ok")
        let after = try GraphContent(path: db)
        XCTAssertTrue(after.documents.starts(with: before.documents))
    }

    // MARK: Newer format

    func testNewerSchemaIsRefusedAndUntouched() throws {
        let scratch = try Scratch()
        let db = try graph(scratch)
        do {
            let raw = try Database(path: db)
            try raw.execute("PRAGMA user_version = \(Schema.version + 1)")
            try raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        }
        let bytes = fileBytes(ofFile: db)
        for args in [["stats"], ["query", "MATCH (n) RETURN count(n)"], ["query", "CREATE (:X)"], ["ingest", Fixtures.path("wiki")],
                     ["export", "--format", "jsonl"], ["-c", ".stats"]] {
            assertClearFailure(try Run.kg(args + ["--db", db]), mentions: ["newer"])
        }
        XCTAssertThrowsError(try GraphStore(path: db)) { error in
            guard case StoreError.newerSchema(_, let found, let supported)? = error as? StoreError else { return XCTFail("\(error)") }
            XCTAssertEqual(found, Schema.version + 1)
            XCTAssertEqual(supported, Schema.version)
        }
        XCTAssertEqual(fileBytes(ofFile: db), bytes)
    }

    // MARK: Files named in batch mode

    func testBatchModePaths() throws {
        let scratch = try Scratch()
        let db = try graph(scratch, documents: 1)
        try FileManager.default.createDirectory(atPath: scratch.file("adir"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: scratch.file("locked"), withIntermediateDirectories: true)
        chmod(scratch.file("locked"), 0o555)
        let cases: [(String, [String])] = [
            (".output \(scratch.file("missing/out.txt"))", ["missing", "does not exist"]),
            (".output \(scratch.file("adir"))", ["adir", "directory"]),
            (".read \(scratch.file("missing/s.kg"))", ["missing"]),
            (".read \(scratch.file("nothere.kg"))", ["nothere.kg"]),
            (".read \(scratch.file("adir"))", ["adir", "directory"]),
        ]
        for (command, words) in cases {
            assertClearFailure(try Run.kg(["--db", db, "-c", command]), mentions: words)
            // The same through a script file, and the script goes no further with --bail.
            let script = try scratch.write("script.kg", "\(command)\n.stats\n")
            let result = try Run.kg(["--db", db, "--bail", "-f", script])
            XCTAssertNotEqual(result.status, 0, command)
            XCTAssertTrue(result.stderr.contains("script.kg:1"), "the message names the script line: \(result.stderr)")
            XCTAssertFalse(result.stdout.contains("documents"), "--bail stopped at the failing line")
        }
        assertClearFailure(try Run.kg(["--db", db, "-c", ".output \(scratch.file("locked/out.txt"))"], unprivileged: true),
                           mentions: ["locked/out.txt", "permission denied"])
        assertClearFailure(try Run.kg(["--db", db, "-f", scratch.file("missing/s.kg")]), mentions: ["missing"])
        assertClearFailure(try Run.kg(["--db", db, "-f", scratch.file("adir")]), mentions: ["adir", "directory"])
        XCTAssertEqual(try GraphContent.integrity(of: db), "ok")
    }

    func testQueryFileOption() throws {
        let scratch = try Scratch()
        let db = scratch.file("g.db")
        let script = try scratch.write("q.cypher", "RETURN 1 AS one;\n")
        try regression("kg (Sources/kg): `kg query -f FILE` / `--file FILE` is taken by the root command's -f/--file, so QueryCommand.validate sees neither a query nor a file and exits 64") {
            let run = try Run.kg(["query", "--db", db, "--format", "csv", "-f", script])
            guard run.status == 0, run.text == "one\n1\n" else { return run.summary }
            let missing = try Run.kg(["query", "--db", db, "-f", scratch.file("missing/q.cypher")])
            return missing.status != 0 && missing.stderr.contains("missing/q.cypher") ? nil : missing.summary
        }
    }

    func testIngestPaths() throws {
        let scratch = try Scratch()
        let db = scratch.file("g.db")
        assertClearFailure(try Run.kg(["ingest", "--db", db, scratch.file("missing/doc.md")]), mentions: ["missing/doc.md", "no such file"])
        try FileManager.default.createDirectory(atPath: scratch.file("secret"), withIntermediateDirectories: true)
        let secret = try scratch.write("secret/doc.wiki", "'''Acme''' is a company.\n")
        chmod(secret, 0o000)
        assertClearFailure(try Run.kg(["ingest", "--db", db, secret], unprivileged: true), mentions: ["doc.wiki"])
    }

    func testBatchModeIngestPaths() throws {
        let scratch = try Scratch()
        let db = scratch.file("g.db")
        let result = try Run.kg(["--db", db, "-c", ".ingest \(scratch.file("missing/doc.md"))"])
        if result.stderr.contains("unknown command") || result.stderr.contains("not available") {
            throw XCTSkip("known gap: batch mode has no working .ingest (\(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)))")
        }
        assertClearFailure(result, mentions: ["missing/doc.md"])
        let flag = try Run.kg(["--db", db, "--ingest", scratch.file("missing/doc.md"), "-c", ".stats"])
        assertClearFailure(flag, mentions: ["missing/doc.md"])
    }
}
