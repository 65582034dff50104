import Foundation

/// Turns a file's bytes into a `Document`: checks that the bytes are a readable text document,
/// detects the format from the content and hands it to the wikitext, news or plain-text reader.
public enum DocumentReader {
    /// Larger files are refused before they are read: a Wikipedia article is well under 1 MB, and
    /// a runaway file must not take the whole ingest down with it.
    public static let defaultByteLimit = 20 * 1024 * 1024

    /// Reads and parses the file at `path`.
    public static func read(path: String, byteLimit: Int = defaultByteLimit) throws(DocumentError) -> Document {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw .unreadable(path: path, reason: Self.reason(error))
        }
        if let type = attributes[.type] as? FileAttributeType, type == .typeDirectory {
            throw .unreadable(path: path, reason: "is a directory")
        }
        if let size = (attributes[.size] as? NSNumber)?.intValue, size > byteLimit {
            throw .tooLarge(path: path, bytes: size, limit: byteLimit)
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw .unreadable(path: path, reason: Self.reason(error))
        }
        return try parse(data: data, path: path, byteLimit: byteLimit)
    }

    /// Parses bytes that were read elsewhere; `path` is the document's identity in errors and provenance.
    public static func parse(data: Data, path: String, byteLimit: Int = defaultByteLimit) throws(DocumentError) -> Document {
        if data.count > byteLimit { throw .tooLarge(path: path, bytes: data.count, limit: byteLimit) }
        return try parse(bytes: [UInt8](data), path: path, byteLimit: byteLimit)
    }

    /// Parses a string (already valid Unicode); convenient for tests and snippets.
    public static func parse(text: String, path: String, byteLimit: Int = defaultByteLimit,
                             format: Document.Format? = nil) throws(DocumentError) -> Document {
        try parse(bytes: Array(text.utf8), path: path, byteLimit: byteLimit, format: format)
    }

    /// `format` overrides detection (e.g. a caller that knows a file is wikitext without markers).
    public static func parse(bytes: [UInt8], path: String, byteLimit: Int = defaultByteLimit,
                             format: Document.Format? = nil) throws(DocumentError) -> Document {
        if bytes.count > byteLimit { throw .tooLarge(path: path, bytes: bytes.count, limit: byteLimit) }
        var bytes = bytes
        // A UTF-8 byte-order mark is noise before the first line; dropping it keeps offsets simple.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            bytes.removeFirst(3)
        }
        try TextCheck.validate(bytes, path: path)
        let result: Result<Document, DocumentError> = bytes.withUnsafeBufferPointer { buffer in
            switch format ?? detectFormat(buffer) {
            case .news:
                do throws(DocumentError) {
                    return .success(try NewsReader.read(buffer, path: path))
                } catch {
                    return .failure(error)
                }
            case .wikitext:
                return .success(WikitextDocumentBuilder.build(buffer, path: path))
            case .plainText:
                return .success(PlainTextReader.read(buffer, path: path))
            }
        }
        return try result.get()
    }

    /// Detects the format from the first part of the content; the file name is not consulted.
    public static func detectFormat(text: String) -> Document.Format {
        Array(text.utf8).withUnsafeBufferPointer { detectFormat($0) }
    }

    static func detectFormat(_ bytes: UnsafeBufferPointer<UInt8>) -> Document.Format {
        if NewsReader.hasFrontMatter(bytes) { return .news }
        // Wikitext markers: any of them is rare in prose and markdown; a window keeps it cheap.
        let n = min(bytes.count, 65_536)
        var atLineStart = true
        var i = 0
        while i < n {
            let b = bytes[i]
            let next: UInt8 = i + 1 < n ? bytes[i + 1] : 0
            switch b {
            case UInt8(ascii: "{") where next == UInt8(ascii: "{"),
                 UInt8(ascii: "[") where next == UInt8(ascii: "["):
                return .wikitext
            case UInt8(ascii: "'") where next == UInt8(ascii: "'") && i + 2 < n && bytes[i + 2] == UInt8(ascii: "'"):
                return .wikitext
            case UInt8(ascii: "=") where atLineStart && next == UInt8(ascii: "="):
                if isWikiHeadingLine(bytes, from: i, limit: n) { return .wikitext }
            case UInt8(ascii: "{") where atLineStart && next == UInt8(ascii: "|"):
                return .wikitext
            default:
                break
            }
            atLineStart = b == 0x0A
            i += 1
        }
        return .plainText
    }

    private static func isWikiHeadingLine(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, limit: Int) -> Bool {
        var end = start
        while end < limit, bytes[end] != 0x0A { end += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D { end -= 1 }
        return end - start >= 5 && bytes[end - 1] == UInt8(ascii: "=") && bytes[end - 2] == UInt8(ascii: "=")
    }

    private static func reason(_ error: any Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
           let message = strerror(Int32(underlying.code)) {
            return String(cString: message)
        }
        return ns.localizedDescription
    }
}
