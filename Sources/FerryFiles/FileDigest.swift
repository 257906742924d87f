import Crypto
package import FerryCore
import FerryPOSIX

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
        let file: FileDescriptor
        do {
            file = try FileDescriptor.open(path, O_RDONLY)
        } catch {
            throw error.error(error.code == ENOENT ? .sourceNotFound : .sourceUnreadable, stage: .extract, "cannot open \(path)")
        }
        var hasher = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var total = 0
        while true {
            let n: Int
            do {
                n = try file.read(into: buffer)
            } catch {
                throw error.error(.sourceUnreadable, stage: .extract, "cannot read \(path)")
            }
            if n == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
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
