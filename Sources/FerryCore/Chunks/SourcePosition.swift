/// Where a file source stands after a batch (Docs/many-files.md, "Checkpoints"): the record
/// boundary after its last record, and what a resumed load needs to check the file and continue
/// there without parsing the records before it.
package struct SourcePosition: Sendable, Equatable {
    /// Decoded bytes before the boundary (file bytes for an uncompressed UTF-8 file; bytes after
    /// inflating and transcoding otherwise).
    package var offset: Int
    /// The physical line the record after the boundary starts on.
    package var line: Int
    /// The SHA-256 of the file bytes as stored that the reader had read (at or past the boundary:
    /// the reader reads ahead): a resumed load hashes them again, refuses the file when they
    /// changed, and finishes the whole file's digest from there.
    package var hash: SourceFingerprint?
    /// The file's size and modification time (nanoseconds since 1970) when it was read: a resumed
    /// load refuses a file whose size or time changed.
    package var fileBytes: Int?
    package var modified: Int64?
    /// SHA-256 (hex) of the up to 4 KiB of decoded input before the boundary: a resumed load reads
    /// them again and refuses the file when they changed.
    package var tailDigest: String?

    package init(offset: Int, line: Int, hash: SourceFingerprint?, fileBytes: Int?, modified: Int64?, tailDigest: String?) {
        self.offset = offset
        self.line = line
        self.hash = hash
        self.fileBytes = fileBytes
        self.modified = modified
        self.tailDigest = tailDigest
    }

    /// Bytes before the boundary that `tailDigest` covers.
    package static let tailBytes = 4096

    /// The position as one line of text for the checkpoint table's `resume_state` column:
    /// `offset=…;line=…;bytes=…;mtime=…;tail=…;hash=sha256:…` (fields may be empty).
    package var serialized: String {
        "offset=\(offset);line=\(line);bytes=\(fileBytes.map(String.init) ?? "");mtime=\(modified.map(String.init) ?? "")"
            + ";tail=\(tailDigest ?? "");hash=\(hash?.checkpointText ?? "")"
    }

    /// The position `serialized` wrote; nil when `text` is not one.
    package init?(serialized text: String) {
        var fields: [Substring: Substring] = [:]
        for part in text.split(separator: ";") {
            guard let equals = part.firstIndex(of: "=") else { return nil }
            fields[part[..<equals]] = part[part.index(after: equals)...]
        }
        guard let offsetText = fields["offset"], let offset = Int(offsetText), offset >= 0,
              let lineText = fields["line"], let line = Int(lineText), line >= 1 else { return nil }
        self.offset = offset
        self.line = line
        func optional<T>(_ key: Substring, _ parse: (Substring) -> T?) -> T?? {
            guard let value = fields[key], !value.isEmpty else { return .some(nil) }
            guard let parsed = parse(value) else { return nil }
            return .some(parsed)
        }
        guard let bytes = optional("bytes", { Int($0) }), let modified = optional("mtime", { Int64($0) }),
              let hash = optional("hash", { SourceFingerprint(checkpointText: String($0)) }) else { return nil }
        fileBytes = bytes
        self.modified = modified
        self.hash = hash
        tailDigest = fields["tail"].flatMap { $0.isEmpty ? nil : String($0) }
    }
}
