/// Replaces known secret values in a message by `***`, comparing UTF-8 bytes: Swift's
/// `String.replacing` compares `Character`s, so a secret that starts with a combining mark
/// (U+0304) joins the character before it in the message and is never found (the fuzz target
/// `redaction` found this in the PostgreSQL and ODBC message scrubbers).
///
/// Every occurrence of every secret is found in the message as given before anything is
/// replaced, and each run of bytes that some occurrence covers becomes one `***`. Replacing one
/// secret after another instead let a longer secret eat the first bytes of a shorter one that
/// overlapped it, so the rest of the shorter one was shown (found by `redaction` in an ODBC string
/// whose DSN value ended where a password attribute's value began).
package enum SecretScrubber {
    /// `text` with the bytes of every occurrence of each non-empty secret hidden by `***`, one per
    /// run of hidden bytes.
    package static func scrub(_ text: String, _ secrets: [String]) -> String {
        let bytes = Array(text.utf8)
        var hidden = [Bool](repeating: false, count: bytes.count)
        var found = false
        for secret in secrets.map({ Array($0.utf8) }) where !secret.isEmpty && secret.count <= bytes.count {
            for i in 0 ... bytes.count - secret.count
            where bytes[i] == secret[0] && bytes[i ..< i + secret.count].elementsEqual(secret) {
                for k in i ..< i + secret.count { hidden[k] = true }
                found = true
            }
        }
        guard found else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if hidden[i] {
                out += "***".utf8
                while i < bytes.count && hidden[i] { i += 1 }
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
