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

/// Checks that bytes are a text document worth parsing.
enum TextCheck {
    static func validate(_ bytes: [UInt8], path: String) throws(DocumentError) {
        if bytes.isEmpty { throw .empty(path: path) }
        let outcome: DocumentError? = bytes.withUnsafeBufferPointer { p in
            if looksBinary(p) { return .binary(path: path) }
            if let line = firstInvalidUTF8Line(p) { return .invalidUTF8(path: path, line: line) }
            var i = 0
            while i < p.count, p[i] == 0x20 || p[i] == 0x09 || p[i] == 0x0A || p[i] == 0x0D || p[i] == 0x0C { i += 1 }
            return i == p.count ? .empty(path: path) : nil
        }
        if let outcome { throw outcome }
    }

    /// NUL bytes never occur in text; otherwise a text file has few control characters.
    static func looksBinary(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        if p.firstIndex(of: 0) != nil { return true }
        let window = min(p.count, 8192)
        var controls = 0
        for i in 0..<window {
            let b = p[i]
            if b < 0x20, b != 0x09, b != 0x0A, b != 0x0D, b != 0x0C, b != 0x0B, b != 0x1B { controls += 1 }
        }
        return controls * 10 > window
    }

    /// The 1-based line of the first byte that is not part of a well-formed UTF-8 sequence.
    static func firstInvalidUTF8Line(_ p: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = p.count
        var i = 0
        var line = 1
        while i < n {
            let b = p[i]
            if b < 0x80 {
                if b == 0x0A { line += 1 }
                i += 1
                continue
            }
            let need: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; upper = 0x9F
            case 0xF0: need = 3; lower = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; upper = 0x8F
            default: return line
            }
            if i + need >= n { return line }
            let second = p[i + 1]
            if second < lower || second > upper { return line }
            var k = 2
            while k <= need {
                let c = p[i + k]
                if c & 0xC0 != 0x80 { return line }
                k += 1
            }
            i += need + 1
        }
        return nil
    }
}
