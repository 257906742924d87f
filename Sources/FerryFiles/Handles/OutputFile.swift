#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FerryCore

/// A file descriptor opened for writing (`open(2)`): a new temporary file, or a file truncated
/// for this run. Owns the descriptor and closes it in `deinit`; `close` is explicit and idempotent.
final class OutputFile {
    let path: String
    /// The error code failures of this file are reported with.
    private let errorCode: FerryError.Code
    private var fd: Int32

    /// Creates `path` exclusively (`O_CREAT | O_EXCL`), or truncates it when `exclusive` is false.
    init(path: String, exclusive: Bool, mode: UInt32 = 0o644, errorCode: FerryError.Code) throws(FerryError) {
        self.path = path
        self.errorCode = errorCode
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : O_TRUNC)
        var descriptor: Int32
        repeat {
            descriptor = open(path, flags, mode_t(mode))
        } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else {
            let e = Errno.current
            let code: FerryError.Code = e.code == ENOENT || e.code == ENOTDIR ? .targetNotFound : errorCode
            throw e.error(code, stage: .load, "cannot create \(path)")
        }
        fd = descriptor
    }

    deinit {
        if fd >= 0 {
            // Only reached on error paths, where the file is deleted anyway.
            systemClose(fd)
        }
    }

    /// Writes all of `bytes` (`write(2)`, retried after partial writes and EINTR).
    func write(_ bytes: UnsafeRawBufferPointer) throws(FerryError) {
        guard var p = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let n = systemWrite(fd, p, left)
            if n < 0 {
                if errno == EINTR { continue }
                throw Errno.current.error(errorCode, stage: .load, "cannot write \(path)")
            }
            p += n
            left -= n
        }
    }

    /// Flushes the file to stable storage (`fsync(2)`).
    func sync() throws(FerryError) {
        guard fsync(fd) == 0 else {
            throw Errno.current.error(errorCode, stage: .commit, "cannot flush \(path) to disk")
        }
    }

    /// Closes the descriptor (`close(2)`), reporting a deferred write error; idempotent.
    func close() throws(FerryError) {
        guard fd >= 0 else { return }
        let rc = systemClose(fd)
        fd = -1
        guard rc == 0 else {
            throw Errno.current.error(errorCode, stage: .commit, "cannot close \(path)")
        }
    }
}

/// `write(2)`, outside the class so that the name does not resolve to `OutputFile.write`.
private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, p, count)
}

/// `close(2)`, outside the class so that the name does not resolve to `OutputFile.close`.
@discardableResult
private func systemClose(_ fd: Int32) -> Int32 {
    close(fd)
}
