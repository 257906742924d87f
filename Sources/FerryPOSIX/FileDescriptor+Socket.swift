#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension FileDescriptor {
    /// Accepts one connection on this listening socket (`accept(2)`), close-on-exec
    /// (`accept4` is not visible to Swift, so `fcntl` sets the flag after).
    package func accept() throws(Errno) -> FileDescriptor {
        let listener = rawValue
        let connection = FileDescriptor(adopting: try Errno.retryingInterrupts { systemAccept(listener) })
        _ = fcntl(connection.rawValue, F_SETFD, FD_CLOEXEC)
        return connection
    }

    /// Receives what is available, up to `buffer.count` bytes (`recv(2)`); 0 means the peer
    /// closed the connection.
    package func receive(into buffer: UnsafeMutableRawBufferPointer) throws(Errno) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let fd = rawValue
        return try Errno.retryingInterrupts { recv(fd, base, buffer.count, 0) }
    }

    /// Sends all of `bytes` (`send(2)` with `flags`, again after a partial send).
    package func sendAll(_ bytes: [UInt8], flags: Int32) throws(Errno) {
        let fd = rawValue
        try bytes.withUnsafeBufferPointer { (buffer) throws(Errno) in
            try Self.transferAll(UnsafeRawBufferPointer(buffer)) { base, count in send(fd, base, count, flags) }
        }
    }
}

/// `accept(2)` under a name that does not resolve to `FileDescriptor.accept`.
private func systemAccept(_ listener: Int32) -> Int32 { accept(listener, nil, nil) }
