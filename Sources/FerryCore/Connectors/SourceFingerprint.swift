/// The identity of a file source's bytes, for the ledger: SHA-256 (lowercase hex) and size.
public struct SourceFingerprint: Sendable, Equatable {
    public var sha256: String
    public var bytes: Int

    public init(sha256: String, bytes: Int) {
        self.sha256 = sha256
        self.bytes = bytes
    }
}
