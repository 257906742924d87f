#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FerryCore
import FerryPOSIX

/// A Parquet file opened for reading at offsets (`open(2)`, `pread(2)`); the reader jumps from
/// the footer to each column chunk's pages, so it never reads the file front to back.
///
/// Its `FileDescriptor` closes the file when this is released.
final class ParquetFileHandle {
    let path: String
    /// The file's size when it was opened: every offset and length the footer gives is checked
    /// against it before anything is read or allocated.
    let size: Int
    private let file: FileDescriptor

    /// Opens `path`, which must be a regular file (`open(2)`, `fstat(2)`).
    init(path: String) throws(FerryError) {
        self.path = path
        var kind = FileKind.other
        let opened = try FileDescriptor.openSource(path, "the Parquet file", stage: .connect, kind: &kind)
        guard case let .regular(bytes) = kind else {
            throw FerryError(.sourceUnreadable, stage: .connect, "the Parquet source \(path) is not a regular file (Parquet is read from its end, so not from a pipe)")
        }
        file = opened
        size = bytes
    }

    /// Reads `count` bytes at `offset` into `buffer` (replacing its contents) with `pread(2)`;
    /// the range must lie inside the file (callers check it against `size` first).
    func read(at offset: Int, count: Int, into buffer: inout [UInt8]) throws(FerryError) {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw ParquetFormatError.failure(path, "a read of \(count) bytes at offset \(offset) past the end of the file (\(size) bytes)")
        }
        buffer.removeAll(keepingCapacity: true)
        buffer.append(contentsOf: repeatElement(0, count: count))
        var done = 0
        let fd = file.rawValue
        while done < count {
            let n: Int
            do throws(Errno) {
                n = try buffer.withUnsafeMutableBufferPointer { (raw) throws(Errno) -> Int in
                    let base = UnsafeMutableRawPointer(raw.baseAddress!) + done
                    let want = count - done
                    let at = off_t(offset + done)
                    return try Errno.retryingInterrupts { pread(fd, base, want, at) }
                }
            } catch {
                throw error.error(.sourceUnreadable, stage: .extract, "cannot read the Parquet file \(path)")
            }
            guard n > 0 else {
                throw ParquetFormatError.failure(path, "the file ended at \(offset + done) bytes, shorter than it was when opened")
            }
            done += n
        }
    }
}
