#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FerryCore
import FerryPOSIX

/// A file opened for writing (`open(2)`): a new temporary file, or a file truncated for this
/// run. Its `FileDescriptor` closes it when this is released; `close` is explicit and idempotent.
final class OutputFile {
    let path: String
    /// The error code failures of this file are reported with.
    private let errorCode: FerryError.Code
    private var file: FileDescriptor

    /// Creates `path` exclusively (`O_CREAT | O_EXCL`), or truncates it when `exclusive` is false.
    init(path: String, exclusive: Bool, mode: UInt32 = 0o644, errorCode: FerryError.Code) throws(FerryError) {
        self.path = path
        self.errorCode = errorCode
        do {
            file = try FileDescriptor.open(path, O_WRONLY | O_CREAT | (exclusive ? O_EXCL : O_TRUNC), permissions: mode)
        } catch {
            let code: FerryError.Code = error.code == ENOENT || error.code == ENOTDIR ? .targetNotFound : errorCode
            throw error.error(code, stage: .load, "cannot create \(path)")
        }
    }

    /// Writes all of `bytes` (`write(2)`, again after partial writes).
    func write(_ bytes: UnsafeRawBufferPointer) throws(FerryError) {
        do {
            try file.writeAll(bytes)
        } catch {
            throw error.error(errorCode, stage: .load, "cannot write \(path)")
        }
    }

    /// Writes all of `bytes`.
    func write(_ bytes: [UInt8]) throws(FerryError) {
        do {
            try file.writeAll(bytes)
        } catch {
            throw error.error(errorCode, stage: .load, "cannot write \(path)")
        }
    }

    /// Flushes the file to stable storage (`fsync(2)`).
    func sync() throws(FerryError) {
        do {
            try file.sync()
        } catch {
            throw error.error(errorCode, stage: .commit, "cannot flush \(path) to disk")
        }
    }

    /// Closes the file (`close(2)`), reporting a deferred write error; idempotent.
    func close() throws(FerryError) {
        do {
            try file.close()
        } catch {
            throw error.error(errorCode, stage: .commit, "cannot close \(path)")
        }
    }
}
