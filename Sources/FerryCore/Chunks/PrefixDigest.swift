/// The SHA-256 of a file's first `bytes` bytes as stored, kept in a checkpoint
/// (Docs/many-files.md, "Checkpoints"): a resumed load hashes those bytes again, refuses the file
/// when the digest differs (its prefix changed), and goes on hashing from there, so the ledger
/// still records the digest of the whole file. The reader hashes with swift-crypto (FerryFiles);
/// FerryCore only carries the result.
package struct PrefixDigest: Sendable, Equatable {
    /// File bytes hashed: at or past the checkpoint's record boundary (the reader reads ahead).
    package var bytes: Int
    /// Their SHA-256 in lowercase hex.
    package var sha256: String

    package init(bytes: Int, sha256: String) {
        self.bytes = bytes
        self.sha256 = sha256
    }

    /// `sha256:<bytes>:<64 hex digits>`.
    package var serialized: String { "sha256:\(bytes):\(sha256)" }

    /// The digest `serialized` wrote; nil when `text` is not one. Checkpoints written before
    /// this form kept the hash's running state instead (`sha256:<count>:<state>:<pending>`);
    /// such a state is finished into the digest of the bytes it had hashed, so their loads resume.
    package init?(serialized text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 4, let state = SHA256State(serialized: text) {
            self.init(bytes: Int(state.count), sha256: state.hexDigest())
            return
        }
        guard parts.count == 3, parts[0] == "sha256", let bytes = Int(parts[1]), bytes >= 0, parts[2].utf8.count == 64,
              parts[2].utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else { return nil }
        self.init(bytes: bytes, sha256: String(parts[2]))
    }
}
