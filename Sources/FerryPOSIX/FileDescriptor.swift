#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open file descriptor and its owner: `deinit` closes it (`close(2)`), `close()` is explicit
/// and idempotent; a borrowed descriptor (standard input, output, error) is never closed.
///
/// Every call is retried on `EINTR` (`Errno.retryingInterrupts`) and every failure is a typed
/// `Errno`, so callers add what they were doing and nothing else. FerryPOSIX is pure Swift over
/// Glibc (Darwin): it calls the C library's own functions and has no C target of its own.
package struct FileDescriptor: ~Copyable, Sendable {
    /// The descriptor number, for calls not wrapped here (`fstat`, `lseek`, `posix_spawn`);
    /// -1 once closed.
    package private(set) var rawValue: Int32
    /// Whether `deinit` and `close()` close the descriptor.
    private let isOwned: Bool

    /// Takes ownership of `rawValue` (a pipe end, a socket): it is closed with this value.
    package init(adopting rawValue: Int32) {
        self.rawValue = rawValue
        isOwned = true
    }

    /// Uses `rawValue` without owning it: never closed here (standard streams, a socket whose
    /// owner is elsewhere).
    package init(borrowing rawValue: Int32) {
        self.rawValue = rawValue
        isOwned = false
    }

    /// Standard input (descriptor 0), borrowed.
    package static var standardInput: FileDescriptor { FileDescriptor(borrowing: STDIN_FILENO) }
    /// Standard output (descriptor 1), borrowed.
    package static var standardOutput: FileDescriptor { FileDescriptor(borrowing: STDOUT_FILENO) }
    /// Standard error (descriptor 2), borrowed.
    package static var standardError: FileDescriptor { FileDescriptor(borrowing: STDERR_FILENO) }

    /// Opens `path` (`open(2)`) with `flags` plus `O_CLOEXEC`, creating it with `permissions`
    /// when `flags` has `O_CREAT`.
    package static func open(_ path: String, _ flags: Int32, permissions: UInt32 = 0o644) throws(Errno) -> FileDescriptor {
        let fd = try Errno.retryingInterrupts { systemOpen(path, flags | O_CLOEXEC, mode_t(permissions)) }
        return FileDescriptor(adopting: fd)
    }

    deinit {
        if isOwned && rawValue >= 0 {
            // Only reached when nobody called close(): on error paths, for files only read, or
            // after everything written was already reported; a deferred error has no one to go to.
            _ = systemClose(rawValue)
        }
    }

    /// Reads up to `buffer.count` bytes (`read(2)`); 0 means end of input.
    package func read(into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let fd = rawValue
        return try Errno.retryingInterrupts { systemRead(fd, base, buffer.count) }
    }

    /// Reads to the end of input: for small files and pipes. Throws `EFBIG` once more than
    /// `limit` bytes arrived.
    package func readAll(limit: Int = .max) throws(Errno) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = try chunk.withUnsafeMutableBufferPointer { (buffer) throws(Errno) in
                try read(into: UnsafeMutableRawBufferPointer(buffer))
            }
            if n == 0 { return bytes }
            guard n <= limit - bytes.count else { throw Errno(code: EFBIG) }
            bytes.append(contentsOf: chunk[0..<n])
        }
    }

    /// Writes all of `bytes` (`write(2)`, again after a partial write).
    package func writeAll(_ bytes: UnsafeRawBufferPointer) throws(Errno) {
        let fd = rawValue
        try Self.transferAll(bytes) { base, count in systemWrite(fd, base, count) }
    }

    /// Writes all of `bytes` (`write(2)`, again after a partial write).
    package func writeAll(_ bytes: [UInt8]) throws(Errno) {
        try bytes.withUnsafeBufferPointer { (buffer) throws(Errno) in try writeAll(UnsafeRawBufferPointer(buffer)) }
    }

    /// Flushes the file to stable storage (`fsync(2)`).
    package func sync() throws(Errno) {
        let fd = rawValue
        _ = try Errno.retryingInterrupts { fsync(fd) }
    }

    /// Closes the descriptor (`close(2)`), reporting a deferred write error; idempotent, and a
    /// no-op for a borrowed descriptor. Not retried on `EINTR`: the descriptor is released
    /// whatever `close` returns, and a retry could close one another thread just opened.
    package mutating func close() throws(Errno) {
        guard isOwned && rawValue >= 0 else { return }
        let rc = systemClose(rawValue)
        rawValue = -1
        guard rc == 0 else { throw Errno.current }
    }

    /// Gives up ownership and returns the descriptor number, which the caller must close.
    package consuming func release() -> Int32 {
        let fd = rawValue
        discard self
        return fd
    }

    /// Calls `transfer` (`write(2)`, `send(2)`) until all of `bytes` went out.
    static func transferAll(
        _ bytes: UnsafeRawBufferPointer,
        _ transfer: (UnsafeRawPointer, Int) -> Int
    ) throws(Errno) {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            offset += try Errno.retryingInterrupts { transfer(base + offset, bytes.count - offset) }
        }
    }
}

// The C functions under names that do not resolve to FileDescriptor's own methods.

private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { open(path, flags, mode) }
private func systemRead(_ fd: Int32, _ base: UnsafeMutableRawPointer, _ count: Int) -> Int { read(fd, base, count) }
private func systemWrite(_ fd: Int32, _ base: UnsafeRawPointer, _ count: Int) -> Int { write(fd, base, count) }
private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
