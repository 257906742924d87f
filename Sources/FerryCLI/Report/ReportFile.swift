import FerryPOSIX

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a report (`ferry load --report`, `ferry inspect --report`) in one piece.
enum ReportFile {
    /// Writes `text` to `path`; the problem, if it failed.
    static func write(_ text: String, to path: String) -> String? {
        do throws(Errno) {
            var file = try FileDescriptor.open(path, O_WRONLY | O_CREAT | O_TRUNC, permissions: 0o644)
            try file.writeAll(Array(text.utf8))
            try file.close()
            return nil
        } catch {
            return "the report \(path) was not written: \(error.message)"
        }
    }
}
