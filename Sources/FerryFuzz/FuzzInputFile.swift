#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The file each input is written to before a reader opens it: the readers take a path, as users
/// give them. One file per process, in `TMPDIR` (scripts/fuzz.sh points it at its work directory).
enum FuzzInputFile {
    /// The path, named after the process so parallel fuzzers do not share it.
    static let path: String = {
        let directory = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        return "\(directory)/ferry-fuzz-input-\(getpid())"
    }()

    /// Replaces the file's content with `bytes`.
    static func store(_ bytes: [UInt8]) -> String {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { FuzzFinding.usage("cannot create \(path): errno \(errno)") }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { FuzzFinding.usage("cannot write \(path): errno \(errno)") }
            offset += n
        }
        return path
    }
}
