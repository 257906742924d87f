/// The lineage name of a query source: `query_` + the first 12 hex digits of the SHA-256 of the
/// whitespace-normalised query text (Docs/lineage.md, "Dataset names"). Two sources that run the
/// same query, however it is indented or wrapped, get the same name; different queries get
/// different names, so each is a dataset of its own (and an Airflow Asset of its own).
///
/// Normalisation: every run of ASCII whitespace (space, tab, line feed, carriage return, vertical
/// tab, form feed) outside single- and double-quoted text becomes one space, and leading and
/// trailing whitespace is dropped. Nothing else changes: case and quoted text are kept, because
/// they can change what the query reads.
package enum QueryDatasetName {
    /// How many hex digits of the digest the name keeps (48 bits).
    package static let digits = 12

    /// `query_<12 hex digits>` for `query`.
    package static func name(_ query: String) -> String {
        let digest = SHA256Digest.hash(normalised(query))
        var hex = ""
        for byte in digest.prefix(digits / 2) {
            hex.append(hexDigit(byte >> 4))
            hex.append(hexDigit(byte & 0x0f))
        }
        return "query_" + hex
    }

    /// The query's UTF-8 bytes with whitespace runs outside quotes collapsed to one space and the
    /// ends trimmed.
    package static func normalised(_ query: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(query.utf8.count)
        var pendingSpace = false
        var quote: UInt8?  // inside '…' (a literal) or "…" (an identifier): kept as written
        for byte in query.utf8 {
            if quote == nil, byte == 0x20 || (byte >= 0x09 && byte <= 0x0d) {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(0x20)
                pendingSpace = false
            }
            out.append(byte)
            if byte == 0x27 || byte == 0x22 {
                // A doubled quote ('it''s') closes and reopens: the state comes out right.
                quote = quote == nil ? byte : (quote == byte ? nil : quote)
            }
        }
        return out
    }

    private static func hexDigit(_ value: UInt8) -> Character {
        Character(Unicode.Scalar(value < 10 ? 0x30 + value : 0x57 + value))
    }
}

/// SHA-256 (FIPS 180-4) of a byte array, for naming queries. FerryCore does not depend on
/// swift-crypto on purpose: Crypto brings Foundation into every module that imports FerryCore,
/// where `String.contains` then resolves to Foundation's and links ICU's data into the release
/// binary (measured: `test_the_binary_carries_no_icu_data` failed when FerryCore used Crypto).
/// The inputs are short query texts; the test vectors are FIPS 180-4's.
package enum SHA256Digest {
    /// The round constants (FIPS 180-4, 4.2.2), shared with `SHA256State`.
    static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// The 32-byte digest of `message`.
    package static func hash(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [
            0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
        ]
        var padded = message
        padded.append(0x80)
        while padded.count % 64 != 56 { padded.append(0) }
        let bits = UInt64(message.count) &* 8
        for shift in stride(from: 56, through: 0, by: -8) { padded.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }

        var w = [UInt32](repeating: 0, count: 64)
        for block in stride(from: 0, to: padded.count, by: 64) {
            for i in 0..<16 {
                let j = block + i * 4
                w[i] = UInt32(padded[j]) << 24 | UInt32(padded[j + 1]) << 16 | UInt32(padded[j + 2]) << 8 | UInt32(padded[j + 3])
            }
            for i in 16..<64 {
                let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
                let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
                w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, hh) = (h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7])
            for i in 0..<64 {
                let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
                let choice = (e & f) ^ (~e & g)
                let t1 = hh &+ s1 &+ choice &+ k[i] &+ w[i]
                let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
                let majority = (a & b) ^ (a & c) ^ (b & c)
                let t2 = s0 &+ majority
                (hh, g, f, e, d, c, b, a) = (g, f, e, d &+ t1, c, b, a, t1 &+ t2)
            }
            for (i, value) in [a, b, c, d, e, f, g, hh].enumerated() { h[i] = h[i] &+ value }
        }
        var digest: [UInt8] = []
        digest.reserveCapacity(32)
        for word in h {
            for shift in stride(from: 24, through: 0, by: -8) { digest.append(UInt8(truncatingIfNeeded: word >> UInt32(shift))) }
        }
        return digest
    }

    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
}
