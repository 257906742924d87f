import FerryCore
import Foundation
import Synchronization

/// Structured logs: one JSON object per line on stderr (`time`, `level`, `message` and fields),
/// every value passed through FerryCore's `SecretScrubber` with the secrets the server knows
/// (target connection strings and passwords) and bearer tokens cut out.
package final class JSONLog: Sendable {
    private let secrets: Mutex<[String]>
    private let sink: @Sendable (String) -> Void

    package init(secrets: [String] = [], sink: @escaping @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }) {
        self.secrets = Mutex(secrets)
        self.sink = sink
    }

    /// Adds values that must never appear in a log line.
    package func addSecrets(_ more: [String]) {
        secrets.withLock { $0 += more.filter { $0.utf8.count >= 4 } }
    }

    package func write(_ level: String, _ message: String, _ fields: [String: String] = [:]) {
        let known = secrets.withLock { $0 }
        var members: [String: JSONValue] = [
            "time": .string(RunRecord.iso(Int64(Date().timeIntervalSince1970 * 1000))),
            "level": .string(level),
            "message": .string(Self.redact(message, known)),
        ]
        for (key, value) in fields { members[key] = .string(Self.redact(value, known)) }
        sink(JSONValue.object(members).text)
    }

    /// `text` with known secrets and anything shaped like an API token replaced by `***`.
    package static func redact(_ text: String, _ secrets: [String]) -> String {
        var out = SecretScrubber.scrub(text, secrets)
        while let range = out.range(of: "fst_") {
            var end = range.upperBound
            while end < out.endIndex, out[end].isLetter || out[end].isNumber || out[end] == "_" { end = out.index(after: end) }
            out.replaceSubrange(range.lowerBound..<end, with: "***")
        }
        return out
    }
}
