/// Replaces known secret values in a message by `***`, comparing UTF-8 bytes: Swift's
/// `String.replacing` compares `Character`s, so a secret that starts with a combining mark
/// (U+0304) joins the character before it in the message and is never found (the fuzz target
/// `redaction` found this in the PostgreSQL and ODBC message scrubbers).
package enum SecretScrubber {
    /// `text` with every occurrence of each non-empty secret replaced by `***`, longest first.
    package static func scrub(_ text: String, _ secrets: [String]) -> String {
        var bytes = Array(text.utf8)
        var changed = false
        for secret in secrets.map({ Array($0.utf8) }).filter({ !$0.isEmpty }).sorted(by: { $0.count > $1.count }) {
            guard bytes.count >= secret.count else { continue }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var i = 0
            var found = false
            while i < bytes.count {
                if bytes[i] == secret[0], i + secret.count <= bytes.count, bytes[i..<(i + secret.count)].elementsEqual(secret) {
                    out += "***".utf8
                    i += secret.count
                    found = true
                } else {
                    out.append(bytes[i])
                    i += 1
                }
            }
            if found {
                bytes = out
                changed = true
            }
        }
        return changed ? String(decoding: bytes, as: UTF8.self) : text
    }
}
