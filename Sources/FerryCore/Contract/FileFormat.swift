/// Formats of file sources and targets.
package enum FileFormat: String, Sendable, CaseIterable {
    /// RFC 4180 comma-separated values.
    case csv
    /// Tab-separated, PostgreSQL text-format escapes (`\N`, `\t`, `\n`, `\\`).
    case tsv
    /// One JSON object per line.
    case jsonl

    /// The format a file name suggests (`.csv`, `.tsv`/`.tab`, `.jsonl`/`.ndjson`, with an optional `.gz`).
    package static func guess(fromPath path: String) -> FileFormat? {
        var name = path.lowercased()
        if name.hasSuffix(".gz") { name.removeLast(3) }
        if name.hasSuffix(".csv") || name.hasSuffix(".txt") { return .csv }
        if name.hasSuffix(".tsv") || name.hasSuffix(".tab") { return .tsv }
        if name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson") { return .jsonl }
        return nil
    }
}

/// Compression of a file source.
package enum Compression: String, Sendable, CaseIterable {
    /// gzip when the file starts with the gzip magic bytes, otherwise none.
    case auto
    case none
    case gzip
}

/// Character encodings of text sources. Data is always held as UTF-8 inside Ferry.
package enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    /// ISO 8859-1, transcoded to UTF-8 as it is read.
    case latin1 = "latin-1"
}
