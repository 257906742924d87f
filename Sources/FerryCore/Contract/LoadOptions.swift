/// Options for reading text sources and for the load policy. Absent fields take format defaults.
package struct LoadOptions: Sendable, Equatable {
    /// Field separator; default `,` for CSV and a tab for TSV.
    package var delimiter: UInt8?
    /// Quote character for CSV; default `"`.
    package var quote: UInt8?
    /// Escape character inside quoted CSV fields; default: the quote itself (RFC 4180 doubling).
    package var escape: UInt8?
    /// Whether the first record holds the column names; default true.
    package var header: Bool
    /// Field texts read as NULL; default: an unquoted empty field for CSV, `\N` for TSV.
    package var nullMarkers: [String]?
    package var encoding: TextEncoding
    package var maxRejects: MaxRejects
    /// Where rejected rows are written (JSON Lines); default `<job name>.rejects.jsonl`.
    package var rejectPath: String?
    /// Rows per batch handed to the target.
    package var batchSize: Int
    /// Infer types from the first N rows instead of the whole input.
    package var inferRows: Int?
    /// How often and for how long the run tries again after a transient failure.
    package var retry: RetryPolicy
    /// Many files (Docs/many-files.md): what to do with files the ledger holds as loaded (nil:
    /// `IfLoaded.default`), whether files' columns are matched by name, and whether the
    /// `_source_file` and `_source_line` columns are added.
    package var ifLoaded: IfLoaded?
    package var unionByName = false
    package var provenance = false
    /// Chunked, resumable loads (Docs/many-files.md): commit a staging table every N rows or
    /// bytes (nil: one transaction), and whether a rerun continues from its checkpoint.
    package var commitEvery: CommitEvery?
    package var resume = true

    package static let defaultBatchSize = 10_000

    package init(
        delimiter: UInt8? = nil, quote: UInt8? = nil, escape: UInt8? = nil, header: Bool = true,
        nullMarkers: [String]? = nil, encoding: TextEncoding = .utf8, maxRejects: MaxRejects = .none,
        rejectPath: String? = nil, batchSize: Int = LoadOptions.defaultBatchSize, inferRows: Int? = nil,
        retry: RetryPolicy = RetryPolicy()
    ) {
        self.delimiter = delimiter
        self.quote = quote
        self.escape = escape
        self.header = header
        self.nullMarkers = nullMarkers
        self.encoding = encoding
        self.maxRejects = maxRejects
        self.rejectPath = rejectPath
        self.batchSize = batchSize
        self.inferRows = inferRows
        self.retry = retry
    }

    static func read(_ v: JSONValue, at p: JSONPath, issues: IssueCollector) -> LoadOptions? {
        guard var r = ObjectReader(v, at: p, issues: issues) else { return nil }
        var o = LoadOptions()
        o.delimiter = r.string("delimiter").flatMap { single($0, at: p.appending("delimiter"), issues: issues) }
        o.quote = r.string("quote").flatMap { single($0, at: p.appending("quote"), issues: issues) }
        o.escape = r.string("escape").flatMap { single($0, at: p.appending("escape"), issues: issues) }
        o.header = r.bool("header") ?? true
        o.nullMarkers = r.strings("null_markers")
        o.encoding = r.choice("encoding") ?? .utf8
        o.maxRejects = r.field("max_rejects", MaxRejects.read) ?? .none
        o.rejectPath = r.path("reject_path")
        o.batchSize = r.integer("batch_size", in: 1...1_000_000) ?? defaultBatchSize
        o.inferRows = r.integer("infer_rows", in: 1...Int(Int32.max))
        o.retry = RetryPolicy(retries: r.integer("retries", in: RetryPolicy.retriesRange) ?? RetryPolicy.defaultRetries,
                              budgetSeconds: r.integer("retry_budget", in: RetryPolicy.budgetRange) ?? RetryPolicy.defaultBudgetSeconds)
        o.ifLoaded = r.choice("if_loaded")
        o.unionByName = r.bool("union_by_name") ?? false
        o.provenance = r.bool("provenance") ?? false
        o.commitEvery = r.field("commit_every", CommitEvery.read)
        o.resume = r.bool("resume") ?? true
        if let d = o.delimiter, let q = o.quote, d == q {
            issues.report(p.appending("quote"), "the quote character must differ from the delimiter")
        }
        for (name, byte) in [("delimiter", o.delimiter), ("quote", o.quote), ("escape", o.escape)] {
            if let byte, byte == 0x0A || byte == 0x0D {
                issues.report(p.appending(name), "must not be a line break")
            }
        }
        r.finish()
        return o
    }

    /// A one-byte ASCII character, such as `,` or `\t`.
    private static func single(_ s: String, at p: JSONPath, issues: IssueCollector) -> UInt8? {
        let bytes = Array(s.utf8)
        guard bytes.count == 1, bytes[0] < 0x80 else {
            issues.report(p, "must be a single ASCII character")
            return nil
        }
        return bytes[0]
    }

    var json: JSONValue {
        var m: [(key: String, value: JSONValue)] = []
        func char(_ b: UInt8?) -> JSONValue { b.map { .string(String(UnicodeScalar($0))) } ?? .null }
        if delimiter != nil { m.append(("delimiter", char(delimiter))) }
        if quote != nil { m.append(("quote", char(quote))) }
        if escape != nil { m.append(("escape", char(escape))) }
        m.append(("header", .bool(header)))
        if let nullMarkers { m.append(("null_markers", .array(nullMarkers.map(JSONValue.string)))) }
        m.append(("encoding", .string(encoding.rawValue)))
        m.append(("max_rejects", maxRejects.json))
        if let rejectPath { m.append(("reject_path", .string(rejectPath))) }
        m.append(("batch_size", .int(batchSize)))
        if let inferRows { m.append(("infer_rows", .int(inferRows))) }
        m.append(("retries", .int(retry.retries)))
        m.append(("retry_budget", .int(retry.budgetSeconds)))
        if let ifLoaded { m.append(("if_loaded", .string(ifLoaded.rawValue))) }
        if unionByName { m.append(("union_by_name", .bool(true))) }
        if provenance { m.append(("provenance", .bool(true))) }
        if let commitEvery { m.append(("commit_every", commitEvery.json)) }
        if !resume { m.append(("resume", .bool(false))) }
        return .object(m)
    }
}
