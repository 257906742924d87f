/// A checkpoint's hash (Docs/many-files.md, "Checkpoints"): the fingerprint of the file's first
/// `bytes` bytes as stored, at or past the checkpoint's record boundary (the reader reads
/// ahead). A resumed load hashes those bytes again, refuses the file when the digest differs
/// (its prefix changed), and goes on hashing from there, so the ledger still records the digest
/// of the whole file. The reader hashes with swift-crypto (FerryFiles); FerryCore only carries
/// the result.
extension SourceFingerprint {
    /// `sha256:<bytes>:<64 hex digits>`.
    package var checkpointText: String { "sha256:\(bytes):\(sha256)" }

    /// The fingerprint `checkpointText` wrote; nil when `text` is not one. Checkpoints written
    /// before this form kept the hash's running state instead (`sha256:<count>:<state>:<pending>`);
    /// such a state is finished into the digest of the bytes it had hashed, so their loads resume.
    package init?(checkpointText text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 4, let state = SHA256State(serialized: text) {
            self.init(sha256: state.hexDigest(), bytes: Int(state.count))
            return
        }
        guard parts.count == 3, parts[0] == "sha256", let bytes = Int(parts[1]), bytes >= 0, parts[2].utf8.count == 64,
              parts[2].utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else { return nil }
        self.init(sha256: String(parts[2]), bytes: bytes)
    }
}
