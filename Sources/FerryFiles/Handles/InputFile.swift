#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FerryCore

/// A file descriptor opened for reading (`open(2)`), or standard input for the path `-`.
///
/// Owns the descriptor and closes it in `deinit` (standard input is never closed).
final class InputFile {
    /// The path as given, for messages; `-` for standard input.
    let path: String
    /// Whether this reads standard input, which cannot be read twice.
    let isStandardInput: Bool
    /// The size of a regular file; nil for standard input, pipes and devices.
    let size: Int?
    private var fd: Int32

    /// Opens `path` read-only, or wraps standard input when `path` is `-`.
    init(path: String) throws(FerryError) {
        self.path = path
        if path == "-" {
            isStandardInput = true
            fd = STDIN_FILENO
            size = nil
            return
        }
        isStandardInput = false
        var descriptor: Int32
        repeat {
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
        } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else {
            let e = Errno.current
            if e.code == ENOENT || e.code == ENOTDIR {
                throw FerryError(.sourceNotFound, stage: .extract, "source file not found: \(path)", driver: e.driverError)
            }
            throw e.error(.sourceUnreadable, stage: .extract, "cannot open the source file \(path)")
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let e = Errno.current
            close(descriptor)
            throw e.error(.sourceUnreadable, stage: .extract, "cannot inspect the source file \(path)")
        }
        let kind = info.st_mode & S_IFMT
        if kind == S_IFDIR {
            close(descriptor)
            throw Errno(code: EISDIR).error(.sourceUnreadable, stage: .extract, "the source \(path) is a directory")
        }
        fd = descriptor
        size = kind == S_IFREG ? Int(info.st_size) : nil
    }

    deinit {
        if !isStandardInput && fd >= 0 {
            // close(2) may report a deferred error; nothing was written, so there is nothing to lose.
            close(fd)
        }
    }

    /// Reads up to `buffer.count` bytes (`read(2)`, retried on EINTR); 0 means end of input.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(FerryError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let n = systemRead(fd, base, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw Errno.current.error(.sourceUnreadable, stage: .extract, "cannot read \(displayName)")
        }
    }

    /// Goes back to the first byte (`lseek(2)`); standard input cannot.
    func rewind() throws(FerryError) {
        guard !isStandardInput else {
            throw FerryError(.unsupported, stage: .extract, "stdin cannot be read twice; declare the columns or set infer_rows")
        }
        guard lseek(fd, 0, SEEK_SET) == 0 else {
            let e = Errno.current
            if e.code == ESPIPE {
                throw FerryError(.unsupported, stage: .extract, "\(displayName) is a pipe and cannot be read twice; declare the columns or set infer_rows", driver: e.driverError)
            }
            throw e.error(.sourceUnreadable, stage: .extract, "cannot rewind \(displayName)")
        }
    }

    /// `stdin` or the path, for messages.
    var displayName: String { isStandardInput ? "stdin" : path }
}

/// `read(2)`, outside the class so that the name does not resolve to `InputFile.read`.
private func systemRead(_ fd: Int32, _ base: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, base, count)
}
