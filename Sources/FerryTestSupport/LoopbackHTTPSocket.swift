#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FerryPOSIX

/// The POSIX socket calls of the loopback HTTP server.
enum LoopbackHTTPSocket {
    /// A TCP socket bound to 127.0.0.1 on a port the kernel picks, not yet listening, and its port.
    static func bindLoopback() throws(LoopbackHTTPServerError) -> (fd: Int32, port: Int) {
        #if os(Linux)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw failure("socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            let error = failure("bind 127.0.0.1:0")
            close(fd)
            throw error
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else {
            let error = failure("getsockname")
            close(fd)
            throw error
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// Accepts one connection; nil once the listening socket was shut down or failed.
    /// The connection's descriptor belongs to the caller (`LoopbackHTTPState` closes it).
    static func acceptConnection(_ listener: Int32) -> Int32? {
        while true {
            do {
                let fd = try FileDescriptor(borrowing: listener).accept().release()
                #if canImport(Darwin)
                var on: Int32 = 1
                setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
                #endif
                return fd
            } catch where error.code == ECONNABORTED {
                continue
            } catch {
                return nil
            }
        }
    }

    /// Reads what is available (at most 64 KiB) onto `buffer`; false at end of stream or on error.
    static func receive(_ fd: Int32, into buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        let socket = FileDescriptor(borrowing: fd)
        guard let n = try? chunk.withUnsafeMutableBufferPointer({ (raw) throws(Errno) in
            try socket.receive(into: UnsafeMutableRawBufferPointer(raw))
        }), n > 0 else {
            return false
        }
        buffer.append(contentsOf: chunk[0..<n])
        return true
    }

    /// Writes all of `bytes`; false when the peer is gone. `MSG_NOSIGNAL` (`SO_NOSIGPIPE` on
    /// Darwin): a closed peer gives `EPIPE` instead of killing the test process with SIGPIPE.
    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        #if os(Linux)
        let flags = Int32(MSG_NOSIGNAL)
        #else
        let flags: Int32 = 0
        #endif
        do {
            try FileDescriptor(borrowing: fd).sendAll(bytes, flags: flags)
            return true
        } catch {
            return false
        }
    }

    private static func failure(_ call: String) -> LoopbackHTTPServerError {
        LoopbackHTTPServerError("loopback HTTP server: \(call) failed: \(Errno.current.message)")
    }
}
