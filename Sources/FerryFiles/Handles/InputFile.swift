#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FerryCore
import FerryPOSIX

/// A file opened for reading (`open(2)`), or standard input for the path `-`.
///
/// Its `FileDescriptor` closes the file when this is released (standard input is never closed).
final class InputFile {
    /// The path as given, for messages; `-` for standard input.
    let path: String
    /// Whether this reads standard input, which cannot be read twice.
    let isStandardInput: Bool
    /// The size of a regular file; nil for standard input, pipes and devices.
    let size: Int?
    /// The modification time of a regular file in nanoseconds since 1970 (`fstat(2)`); nil for
    /// standard input, pipes and devices.
    let modified: Int64?
    private let file: FileDescriptor

    /// Opens `path` read-only, or wraps standard input when `path` is `-`.
    init(path: String) throws(FerryError) {
        self.path = path
        if path == "-" {
            isStandardInput = true
            file = .standardInput
            size = nil
            modified = nil
            return
        }
        isStandardInput = false
        var kind = FileKind.other
        let opened = try FileDescriptor.openSource(path, "the source file", stage: .extract, kind: &kind)
        if kind == .directory {
            throw Errno(code: EISDIR).error(.sourceUnreadable, stage: .extract, "the source \(path) is a directory")
        }
        if case let .regular(bytes) = kind { size = bytes } else { size = nil }
        var info = stat()
        if size != nil, fstat(opened.rawValue, &info) == 0 {
            modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        } else {
            modified = nil
        }
        file = opened
    }

    /// Moves to byte `offset` (`lseek(2)`), for a resumed load; standard input and pipes cannot.
    func seek(to offset: Int) throws(FerryError) {
        guard !isStandardInput, lseek(file.rawValue, off_t(offset), SEEK_SET) == off_t(offset) else {
            throw Errno.current.error(.unsupported, stage: .extract, "cannot seek \(displayName) to byte \(offset) to resume the load")
        }
    }

    /// Reads up to `buffer.count` bytes at `offset` without moving the read position (`pread(2)`).
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(FerryError) -> Int {
        var total = 0
        while total < buffer.count {
            let n = pread(file.rawValue, buffer.baseAddress! + total, buffer.count - total, off_t(offset + total))
            if n < 0 {
                if Errno.current.code == EINTR { continue }
                throw Errno.current.error(.sourceUnreadable, stage: .extract, "cannot read \(displayName)")
            }
            if n == 0 { break }
            total += n
        }
        return total
    }

    /// Reads up to `buffer.count` bytes (`read(2)`); 0 means end of input.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(FerryError) -> Int {
        do {
            return try file.read(into: buffer)
        } catch {
            throw error.error(.sourceUnreadable, stage: .extract, "cannot read \(displayName)")
        }
    }

    /// Goes back to the first byte (`lseek(2)`); standard input cannot.
    func rewind() throws(FerryError) {
        guard !isStandardInput else {
            throw FerryError(.unsupported, stage: .extract, "stdin cannot be read twice; declare the columns or set infer_rows")
        }
        guard lseek(file.rawValue, 0, SEEK_SET) == 0 else {
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
