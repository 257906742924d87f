/// The identity of a file source's bytes, for the ledger: SHA-256 (lowercase hex) and size.
package struct SourceFingerprint: Sendable, Equatable {
    package var sha256: String
    package var bytes: Int

    package init(sha256: String, bytes: Int) {
        self.sha256 = sha256
        self.bytes = bytes
    }
}
