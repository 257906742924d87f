#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a child process ended, from `waitpid(2)`.
package struct ChildExit: Sendable, Equatable {
    /// The status word `waitpid` stored.
    package let rawStatus: Int32

    /// The child's exit code, or 128 + the signal number when a signal ended it, as a shell
    /// reports it. (`WIFEXITED` / `WEXITSTATUS` / `WTERMSIG` are macros Swift does not import:
    /// the low 7 bits are the terminating signal, 0 for a normal exit, the next 8 the exit code.)
    package var status: Int32 {
        let signal = rawStatus & 0x7F
        return signal == 0 ? (rawStatus >> 8) & 0xFF : 128 + signal
    }

    /// Waits until the child `pid` ends (`waitpid(2)`).
    package static func wait(for pid: Int32) throws(Errno) -> ChildExit {
        var status: Int32 = 0
        _ = try Errno.retryingInterrupts { waitpid(pid, &status, 0) }
        return ChildExit(rawStatus: status)
    }

    /// How the child `pid` ended, or nil while it still runs (`waitpid(2)` with `WNOHANG`).
    package static func poll(_ pid: Int32) throws(Errno) -> ChildExit? {
        var status: Int32 = 0
        let done = try Errno.retryingInterrupts { waitpid(pid, &status, WNOHANG) }
        return done == pid ? ChildExit(rawStatus: status) : nil
    }
}
