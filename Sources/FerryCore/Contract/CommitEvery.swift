/// How often a chunked load commits its staging table (`options.commit_every`; Docs/many-files.md,
/// "Chunked, resumable loads"): after every N rows, or after about N bytes of input.
package enum CommitEvery: Sendable, Equatable {
    /// Rows written to the staging table per chunk.
    case rows(Int)
    /// Bytes of input read per chunk (compressed bytes for compressed input), counted at batch
    /// boundaries, so a chunk may run over by up to one batch.
    case bytes(Int)

    /// The values a count takes: one row (or byte) to 2^62.
    package static let range = 1...(1 << 62)

    var json: JSONValue {
        switch self {
        case let .rows(n): .int(n)
        case let .bytes(n): .object([("bytes", .int(n))])
        }
    }

    /// An integer (rows) or `{"bytes": N}`.
    static func read(_ v: JSONValue, at p: JSONPath, issues: IssueCollector) -> CommitEvery? {
        switch v {
        case .number:
            return ObjectReader.integer(v, at: p, in: range, issues: issues).map(CommitEvery.rows)
        case .object:
            guard var r = ObjectReader(v, at: p, issues: issues) else { return nil }
            let bytes = r.integer("bytes", in: range)
            r.finish()
            guard let bytes else {
                issues.report(p.appending("bytes"), "is required: the input bytes per chunk")
                return nil
            }
            return .bytes(bytes)
        default:
            issues.report(p, "expected a row count such as 1000000 or {\"bytes\": 268435456}, found \(v.typeName)")
            return nil
        }
    }
}
