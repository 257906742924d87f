#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
#if os(Linux)
internal import CLinux
#endif
import FerryCore
import FerryPOSIX

/// A file opened for writing (`open(2)`): a new temporary file, or a file truncated for this
/// run. Its `FileDescriptor` closes it when this is released; `close` is explicit and idempotent.
///
/// Every output is flushed to disk before it is published (`sync`), so each `writeBehindBytes`
/// written are sent to disk as the file grows (write-behind, on Linux): the `fsync(2)` at the
/// end then waits for the last few megabytes instead of the whole file, which on a 150 MB
/// export was a tenth of the run with the CPUs idle.
final class OutputFile {
    let path: String
    /// The error code failures of this file are reported with.
    private let errorCode: FerryError.Code
    private var file: FileDescriptor
    /// Bytes written so far.
    private var written = 0
    /// Where the part of the file whose write-out was started ends.
    private(set) var writeBehindEnd = 0
    /// False after the file system refused write-behind; `sync` still flushes everything.
    private var writesBehind = true

    /// How many written bytes are sent to disk at a time.
    static let writeBehindBytes = 8 << 20

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
        written += bytes.count
        writeBehind()
    }

    /// Writes all of `bytes`.
    func write(_ bytes: [UInt8]) throws(FerryError) {
        try bytes.withUnsafeBufferPointer { (buffer) throws(FerryError) in try write(UnsafeRawBufferPointer(buffer)) }
    }

    /// Starts sending what was written since the last start to disk, once that is
    /// `writeBehindBytes` or more, without waiting for it.
    private func writeBehind() {
        guard writesBehind, written - writeBehindEnd >= Self.writeBehindBytes else { return }
        #if os(Linux)
        // sync_file_range(2): "SYNC_FILE_RANGE_WRITE: Initiate write-out of all dirty pages in the
        // specified range which are not presently under write-out. This is an asynchronous
        // flush-to-disk operation." Only a head start: `sync` (fsync) still makes the file durable
        // and reports a write error, so a refusal (a file system without it) only ends write-behind.
        if ferry_start_writeback(file.rawValue, Int64(writeBehindEnd), Int64(written - writeBehindEnd)) == 0 {
            writeBehindEnd = written
        } else {
            writesBehind = false
        }
        #else
        writesBehind = false
        #endif
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
