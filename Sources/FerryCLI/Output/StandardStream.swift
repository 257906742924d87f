#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FerryPOSIX
import Synchronization

/// Unbuffered, whole-line writes to stdout or stderr, safe from any thread.
///
/// Each line goes out in one `writeAll` under a lock, so events never interleave with logs.
/// A closed pipe (EPIPE) stops further output without killing the run: the load still commits.
final class StandardStream: Sendable {
    static let out = StandardStream(.standardOutput)
    static let err = StandardStream(.standardError)

    private let file: FileDescriptor
    private let broken = Mutex(false)

    private init(_ file: consuming FileDescriptor) { self.file = file }

    /// Whether this stream is a terminal.
    var isTerminal: Bool { isatty(file.rawValue) == 1 }

    /// Writes `text` as is.
    func write(_ text: String) {
        var bytes = Array(text.utf8)
        write(bytes: &bytes)
    }

    /// Writes `bytes` as is.
    func write(bytes: inout [UInt8]) {
        broken.withLock { isBroken in
            guard !isBroken else { return }
            do {
                try file.writeAll(bytes)
            } catch {
                isBroken = true
            }
        }
    }
}
