#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Delivers one OpenLineage event (its JSON text, no line feed).
public protocol LineageSender: Sendable {
    /// Sends `json`, giving up after `timeoutSeconds`; throws a reason without secrets.
    func send(_ json: [UInt8], timeoutSeconds: Double) throws(LineageDeliveryError)
    /// Where events go, for messages: a redacted URL, a path, `stderr`.
    var destination: String { get }
}

/// Why an event was not delivered; never contains a secret.
public struct LineageDeliveryError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// The `file` transport: each event appended to a file as one line (`O_APPEND`, one `write`).
public struct FileLineageSender: LineageSender {
    public let path: String

    public init(path: String) { self.path = path }

    public var destination: String { path }

    public func send(_ json: [UInt8], timeoutSeconds: Double) throws(LineageDeliveryError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LineageDeliveryError("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        try LineWriter.writeAll(json + [0x0A], to: fd, name: path)
    }
}

/// The `console` transport: each event as one line on stderr.
public struct ConsoleLineageSender: LineageSender {
    public init() {}

    public var destination: String { "stderr" }

    public func send(_ json: [UInt8], timeoutSeconds: Double) throws(LineageDeliveryError) {
        try LineWriter.writeAll(json + [0x0A], to: 2, name: "stderr")
    }
}

enum LineWriter {
    static func writeAll(_ bytes: [UInt8], to fd: Int32, name: String) throws(LineageDeliveryError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return write(fd, base + offset, raw.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw LineageDeliveryError("cannot write to \(name): \(String(cString: strerror(errno)))")
            }
            offset += n
        }
    }
}
