import Foundation

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
        if let base = p.baseAddress, memchr(base, 0, p.count) != nil { return true }
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
        guard let offset = firstInvalidUTF8Offset(p) else { return nil }
        var line = 1
        for i in 0..<offset where p[i] == 0x0A { line += 1 }
        return line
    }

    /// Lines are counted only once something is wrong; ASCII (most of any document) is skipped
    /// eight bytes at a time.
    private static func firstInvalidUTF8Offset(_ p: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = p.count
        guard let base = p.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        var i = 0
        while i < n {
            while i + 8 <= n, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            guard i < n else { break }
            let b = p[i]
            if b < 0x80 {
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
            default: return i
            }
            if i + need >= n { return i }
            let second = p[i + 1]
            if second < lower || second > upper { return i }
            var k = 2
            while k <= need {
                let c = p[i + k]
                if c & 0xC0 != 0x80 { return i }
                k += 1
            }
            i += need + 1
        }
        return nil
    }
}
