#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and atomic replacement of small generated text files: the files a shim
/// consists of, and the contract's JSON Schemas (`ferry contract --write`, `--check`).
package enum FileBytes {
    /// The file's bytes, or nil when it cannot be opened (missing, a directory, no permission).
    package static func read(_ path: String, limit: Int = Int.max) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while bytes.count < limit {
            let n = fread(&buffer, 1, min(buffer.count, limit - bytes.count), file)
            if n == 0 { break }
            bytes += buffer[0..<n]
        }
        if ferror(file) != 0 { return nil }
        return bytes
    }

    /// Whether the file's first 512 bytes hold the GENERATED banner's marker.
    static func startsWithBanner(_ path: String) -> Bool {
        guard let head = read(path, limit: 512) else { return false }
        return String(decoding: head, as: UTF8.self).contains(GeneratedBanner.marker)
    }

    /// Writes `bytes` to a temporary file beside `path` and renames it over `path`, so a reader never
    /// sees half a file.
    package static func replace(_ path: String, with bytes: [UInt8]) throws(ShimGenError) {
        let temporary = path + ".ferry-generate.tmp"
        guard let file = fopen(temporary, "wb") else {
            throw ShimGenError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        let written = fwrite(bytes, 1, bytes.count, file)
        let closed = fclose(file)
        guard written == bytes.count, closed == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ShimGenError("cannot write \(path): \(reason)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ShimGenError("cannot write \(path): \(reason)")
        }
    }
}
