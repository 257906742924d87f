import Crypto
package import FerryCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The SHA-256 of a file's bytes as stored, the same digest the load ledger records for a file
/// source (`DecodedInput`), read in 1 MiB blocks so any size takes constant memory.
package enum FileDigest {
    /// The fingerprint of the file at `path`; a source error naming the file when it cannot be read.
    package static func sha256(path: String) throws(FerryError) -> SourceFingerprint {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw FerryError(errno == ENOENT ? .sourceNotFound : .sourceUnreadable, stage: .extract, "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var total = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else {
                throw FerryError(.sourceUnreadable, stage: .extract, "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            total += n
        }
        return fingerprint(hasher, bytes: total)
    }

    /// The fingerprint of `bytes` bytes fed to `hasher`: its digest in lowercase hex.
    static func fingerprint(_ hasher: SHA256, bytes: Int) -> SourceFingerprint {
        let hex = Array("0123456789abcdef".utf8)
        let digest = hasher.finalize().flatMap { [hex[Int($0 >> 4)], hex[Int($0 & 0x0F)]] }
        return SourceFingerprint(sha256: String(decoding: digest, as: UTF8.self), bytes: bytes)
    }
}
