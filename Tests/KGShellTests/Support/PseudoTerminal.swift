import Foundation
import KGShell
import XCTest

/// Runs a program on a pseudo-terminal, as a user at a terminal would: the program gets the
/// terminal as its controlling terminal (so Ctrl-C raises SIGINT), keystrokes go in, and the
/// screen output comes back with terminal control sequences removed.
final class PseudoTerminal {
    let master: Int32
    let pid: pid_t
    private var raw: [UInt8] = []
    /// Where the next `expect` starts looking: a UTF-8 offset into the rendered screen.
    private var mark = 0
    private(set) var exitStatus: Int32?

    init(executable: String, arguments: [String], environment: [String: String], rows: UInt16 = 40, columns: UInt16 = 120) throws {
        master = PTY.openpt(O_RDWR | O_NOCTTY)
        guard master >= 0, PTY.grantpt(master) == 0, PTY.unlockpt(master) == 0, let name = PTY.ptsname(master) else {
            throw XCTSkip("no pseudo-terminals here: \(String(cString: strerror(errno)))")
        }
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
        let slavePath = String(cString: name)
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // A new session, so that opening the terminal makes it the controlling terminal; default
        // signal handling and an empty mask whatever the test runner set.
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(0x80 /* POSIX_SPAWN_SETSID */ | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let rc = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard rc == 0 else {
            close(master)
            throw NSError(domain: "PseudoTerminal", code: Int(rc), userInfo: [NSLocalizedDescriptionKey: "posix_spawn: \(String(cString: strerror(rc)))"])
        }
        pid = child
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(master)
    }

    /// Types text (use "\t" for Tab, "\r" for Enter, "\u{3}" for Ctrl-C, "\u{4}" for Ctrl-D).
    func send(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { _ = write(master, $0.baseAddress, $0.count) }
    }

    static let up = "\u{1B}[A"

    /// Waits until the screen, from the end of the last match on, shows `text`; returns what
    /// was shown up to the end of the match.
    @discardableResult
    func expect(_ text: String, timeout: TimeInterval = 10, file: StaticString = #filePath, line: UInt = #line) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let screen = Array(Screen.render(raw).utf8)
            let tail = String(decoding: screen[min(mark, screen.count)...], as: UTF8.self)
            if let range = tail.range(of: text) {
                mark += tail[..<range.upperBound].utf8.count
                return String(tail[..<range.upperBound])
            }
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 {
                XCTFail("timed out waiting for \(text.debugDescription); the terminal showed:\n\(tail)", file: file, line: line)
                return nil
            }
            _ = pump(timeout: min(remaining, 0.2))
        }
    }

    /// The screen from the end of the last match on (after a short wait for more output).
    func pending(wait: TimeInterval = 0.3) -> String {
        let deadline = Date().addingTimeInterval(wait)
        while deadline.timeIntervalSinceNow > 0 { _ = pump(timeout: deadline.timeIntervalSinceNow) }
        let screen = Array(Screen.render(raw).utf8)
        return String(decoding: screen[min(mark, screen.count)...], as: UTF8.self)
    }

    /// Whether the terminal is in its ordinary cooked mode (line editing and echo by the
    /// terminal itself), as a program must leave it.
    var isCooked: Bool {
        var settings = termios()
        guard tcgetattr(master, &settings) == 0 else { return false }
        let flags = tcflag_t(ICANON | ECHO)
        return settings.c_lflag & flags == flags
    }

    /// Everything the program wrote, escape sequences included.
    var rawOutput: String { String(decoding: raw, as: UTF8.self) }

    /// The whole screen so far.
    var screen: String { Screen.render(raw) }

    /// Waits for the program to exit and returns its status.
    func waitForExit(timeout: TimeInterval = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while deadline.timeIntervalSinceNow > 0 {
            _ = pump(timeout: 0.05)
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                _ = pump(timeout: 0.05)
                exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
                return exitStatus
            }
        }
        return nil
    }

    /// Reads what is there; false when nothing came within `timeout`.
    private func pump(timeout: TimeInterval) -> Bool {
        var fds = [pollfd(fd: master, events: Int16(POLLIN), revents: 0)]
        guard poll(&fds, 1, Int32(max(1, timeout * 1000))) > 0 else { return false }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = read(master, &buffer, buffer.count)
        guard n > 0 else { return false }
        raw += buffer[..<n]
        return true
    }

}

/// Just enough of a terminal to replay what readline draws: printing (wide characters take two
/// cells), carriage return, line feed, backspace, cursor movement and erase-in-line.
enum Screen {
    static func render(_ bytes: [UInt8]) -> String {
        var lines: [[Character?]] = [[]]
        var row = 0, col = 0
        func put(_ c: Character) {
            let width = DisplayWidth.columns(of: c)
            guard width > 0 else { return }
            while lines[row].count < col + width { lines[row].append(" ") }
            lines[row][col] = c
            if width == 2 { lines[row][col + 1] = nil }
            col += width
        }
        let scalars = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            i += 1
            switch s {
            case "\u{1B}":
                guard i < scalars.count else { break }
                let kind = scalars[i]
                i += 1
                if kind == "[" {
                    var parameters = ""
                    while i < scalars.count, !(0x40...0x7E).contains(scalars[i].value) { parameters.unicodeScalars.append(scalars[i]); i += 1 }
                    guard i < scalars.count else { break }
                    let final = scalars[i]
                    i += 1
                    let n = Int(parameters.split(separator: ";").first ?? "") ?? 1
                    switch final {
                    case "C": col += n
                    case "D": col = max(0, col - n)
                    case "A": row = max(0, row - n)
                    case "B": row += n; while lines.count <= row { lines.append([]) }
                    case "G": col = max(0, n - 1)
                    case "K":
                        if parameters.isEmpty || parameters == "0" { if lines[row].count > col { lines[row].removeSubrange(col...) } }
                        else if parameters == "2" { lines[row] = [] }
                    case "J":
                        if parameters.isEmpty || parameters == "0" {
                            if lines[row].count > col { lines[row].removeSubrange(col...) }
                            lines.removeSubrange((row + 1)...)
                        }
                    default: break
                    }
                } else if kind == "]" {
                    while i < scalars.count, scalars[i] != "\u{7}" { i += 1 }
                    i += 1
                }
            case "\r": col = 0
            case "\n":
                row += 1
                while lines.count <= row { lines.append([]) }
            case "\u{8}": col = max(0, col - 1)
            case "\u{7}": break
            default:
                if s.value >= 0x20 { put(Character(s)) }
            }
        }
        return lines.map { String($0.compactMap { $0 }) }.joined(separator: "\n")
    }
}

/// glibc's pty functions, which the Swift Glibc module hides behind feature macros.
private enum PTY {
    typealias IntFunction = @convention(c) (Int32) -> Int32
    typealias NameFunction = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?

    private static func symbol<T>(_ name: String, as type: T.Type) -> T {
        guard let pointer = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { fatalError("libc has no \(name)") }
        return unsafeBitCast(pointer, to: type)
    }

    static let openpt = symbol("posix_openpt", as: IntFunction.self)
    static let grantpt = symbol("grantpt", as: IntFunction.self)
    static let unlockpt = symbol("unlockpt", as: IntFunction.self)
    static let ptsname = symbol("ptsname", as: NameFunction.self)
}
