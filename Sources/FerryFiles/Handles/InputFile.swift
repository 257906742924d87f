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
    private let file: FileDescriptor

    /// Opens `path` read-only, or wraps standard input when `path` is `-`.
    init(path: String) throws(FerryError) {
        self.path = path
        if path == "-" {
            isStandardInput = true
            file = .standardInput
            size = nil
            return
        }
        isStandardInput = false
        var kind = FileKind.other
        let opened = try FileDescriptor.openSource(path, "the source file", stage: .extract, kind: &kind)
        if kind == .directory {
            throw Errno(code: EISDIR).error(.sourceUnreadable, stage: .extract, "the source \(path) is a directory")
        }
        file = opened
        if case let .regular(bytes) = kind { size = bytes } else { size = nil }
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
