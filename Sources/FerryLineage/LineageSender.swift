#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FerryPOSIX

/// Delivers one OpenLineage event (its JSON text, no line feed).
package protocol LineageSender: Sendable {
    /// Sends `json`, giving up after `timeoutSeconds`; throws a reason without secrets.
    func send(_ json: [UInt8], timeoutSeconds: Double) throws(LineageDeliveryError)
    /// Where events go, for messages: a redacted URL, a path, `stderr`.
    var destination: String { get }
}

/// Why an event was not delivered; never contains a secret.
package struct LineageDeliveryError: Error, Sendable, CustomStringConvertible {
    package var reason: String
    package init(_ reason: String) { self.reason = reason }
    package var description: String { reason }
}

/// The `file` transport: each event appended to a file as one line (`O_APPEND`, one `write`).
package struct FileLineageSender: LineageSender {
    package let path: String

    package init(path: String) { self.path = path }

    package var destination: String { path }

    package func send(_ json: [UInt8], timeoutSeconds: Double) throws(LineageDeliveryError) {
        let file: FileDescriptor
        do {
            file = try FileDescriptor.open(path, O_WRONLY | O_CREAT | O_APPEND, permissions: 0o644)
        } catch {
            throw LineageDeliveryError("cannot open \(path): \(error.message)")
        }
        try LineWriter.writeLine(json, to: file, name: path)
    }
}

/// The `console` transport: each event as one line on stderr.
package struct ConsoleLineageSender: LineageSender {
    package init() {}

    package var destination: String { "stderr" }

    package func send(_ json: [UInt8], timeoutSeconds: Double) throws(LineageDeliveryError) {
        try LineWriter.writeLine(json, to: .standardError, name: "stderr")
    }
}

/// Writes one event and its line feed to a file or stderr.
enum LineWriter {
    static func writeLine(_ json: [UInt8], to file: borrowing FileDescriptor, name: String) throws(LineageDeliveryError) {
        do {
            try file.writeAll(json + [0x0A])
        } catch {
            throw LineageDeliveryError("cannot write to \(name): \(error.message)")
        }
    }
}
