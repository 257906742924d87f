import Crypto

/// API tokens: `fst_<id>_<secret>`, random, shown once. The database keeps the id, a random salt
/// and SHA-256(salt ‖ secret), never the secret; `verify` compares in constant time.
package enum TokenHasher {
    /// A new token: its public id, the full token text (shown once) and the secret part.
    package static func generate() -> (id: String, token: String, secret: String) {
        let id = randomHex(8)
        let secret = randomHex(32)
        return (id, "fst_\(id)_\(secret)", secret)
    }

    /// A random salt (hex).
    package static func salt() -> String { randomHex(16) }

    /// Hex SHA-256 of `salt ‖ secret`.
    package static func hash(secret: String, salt: String) -> String {
        hex(SHA256.hash(data: Array((salt + secret).utf8)))
    }

    /// Whether `secret` hashes to `expected` under `salt`, comparing every byte.
    package static func verify(secret: String, salt: String, expected: String) -> Bool {
        equal(hash(secret: secret, salt: salt), expected)
    }

    /// Whether two non-empty texts are equal, comparing every byte (no early exit on a mismatch).
    package static func equal(_ presented: String, _ expected: String) -> Bool {
        let actual = Array(presented.utf8)
        let wanted = Array(expected.utf8)
        guard actual.count == wanted.count, !actual.isEmpty else { return false }
        var difference: UInt8 = 0
        for index in actual.indices { difference |= actual[index] ^ wanted[index] }
        return difference == 0
    }

    /// Splits `fst_<id>_<secret>`; nil when the text has another shape.
    package static func parse(_ token: String) -> (id: String, secret: String)? {
        let parts = token.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "fst", !parts[1].isEmpty, !parts[2].isEmpty else { return nil }
        return (String(parts[1]), String(parts[2]))
    }

    /// `bytes` random bytes from the system generator, as hex.
    package static func randomHex(_ bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return hex((0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    private static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
