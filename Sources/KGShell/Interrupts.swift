import CReadline
import CSQLite
import Foundation
import KGStore

/// Ctrl-C and friends for the interactive shell. A C signal handler (in the CReadline shim)
/// stops the running SQLite statement at once with `sqlite3_interrupt`, counts the interrupt for
/// loops outside SQLite, and wakes the prompt loop through a pipe.
enum Interrupts {
    /// The pipe the handler writes signal numbers into; the prompt loop polls its read end.
    struct Pipe {
        let read: Int32
        let write: Int32
    }

    /// Installs the handlers; nil when the system refuses (the shell then runs without them).
    static func install() -> Pipe? {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return nil }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        guard kg_signals_install(fds[1]) == 0 else {
            close(fds[0]); close(fds[1])
            return nil
        }
        return Pipe(read: fds[0], write: fds[1])
    }

    static func uninstall(_ pipe: Pipe) {
        kg_signals_restore()
        close(pipe.read)
        close(pipe.write)
    }

    /// Runs `body` with Ctrl-C pointed at `database`: the statement running in it stops.
    static func whileRunning<T>(on database: Database?, _ body: () throws -> T) rethrows -> T {
        if let database {
            kg_signals_set_interrupt_target({ sqlite3_interrupt(OpaquePointer($0)) }, UnsafeMutableRawPointer(database.handle))
        }
        defer { kg_signals_set_interrupt_target(nil, nil) }
        // The handler holds a raw pointer: the connection must outlive the body.
        return try withExtendedLifetime(database) { try body() }
    }

    /// Whether Ctrl-C was pressed since the last `clear()`: loops outside SQLite check this.
    static var pending: Bool { kg_signals_pending_interrupts() > 0 }

    static func clear() { _ = kg_signals_take_interrupts() }

    /// Signal numbers waiting in the pipe (and empties it).
    static func drain(_ pipe: Pipe) -> [Int32] {
        var signals: [Int32] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let n = read(pipe.read, &buffer, buffer.count)
            if n <= 0 { break }
            signals += buffer[..<n].map { Int32($0) }
        }
        return signals
    }
}

/// Thrown by loops outside SQLite (formatting, graph walks) when Ctrl-C was pressed.
struct InterruptedError: Error, CustomStringConvertible {
    var description: String { "Interrupted." }
}
