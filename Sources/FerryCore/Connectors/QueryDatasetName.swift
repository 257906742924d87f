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
    /// The 32-byte digest of `message` (one `SHA256State` run over it).
    package static func hash(_ message: [UInt8]) -> [UInt8] {
        var state = SHA256State()
        message.withUnsafeBytes { state.update($0) }
        return state.digest()
    }
}
