#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Unbuffered, whole-line writes to stdout or stderr, safe from any thread.
///
/// Each line goes out in one `write(2)` loop under a lock, so events never interleave with logs.
/// A closed pipe (EPIPE) stops further output without killing the run: the load still commits.
final class StandardStream: Sendable {
    static let out = StandardStream(fd: 1)
    static let err = StandardStream(fd: 2)

    private let fd: Int32
    private let broken = Mutex(false)

    private init(fd: Int32) { self.fd = fd }

    /// Whether this stream is a terminal.
    var isTerminal: Bool { isatty(fd) == 1 }

    /// Writes `text` as is.
    func write(_ text: String) {
        var bytes = Array(text.utf8)
        write(bytes: &bytes)
    }

    /// Writes `bytes` as is.
    func write(bytes: inout [UInt8]) {
        broken.withLock { isBroken in
            guard !isBroken else { return }
            var offset = 0
            while offset < bytes.count {
                let n = bytes.withUnsafeBytes { buffer -> Int in
                    guard let base = buffer.baseAddress else { return 0 }
                    return Glibc.write(fd, base + offset, buffer.count - offset)
                }
                if n < 0 {
                    if errno == EINTR { continue }
                    isBroken = true
                    return
                }
                offset += n
            }
        }
    }
}
