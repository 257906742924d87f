package import FerryCore

/// Parses field texts into typed columns; rows with a value that does not fit are rejected.
///
/// Declared types are honoured exactly: parsing is more lenient than inference (leading zeros,
/// `+`, `yes`/`no`, …; numbers whose text so changes are counted) but never lossy — a value that a type (or the target's `ValueLimits`)
/// would round, truncate or otherwise change is rejected with a reason that names the column's
/// type or the target, never the value. A column whose type was inferred reads only the forms
/// inference reads, so no value's text changes there either. Work goes column by column over blocks of rows, on the
/// batch's byte spans, with one switch on the type per column and block.
package struct Typist: Sendable {
    private let schema: Schema
    let fieldIndex: [Int?]
    let limits: ValueLimits
    private let decimalRules: [DecimalRules]

    /// `fieldIndex[i]` is the position in the source record of schema column `i`, or nil when
    /// the source lacks it (its values are NULL).
    package init(schema: Schema, fieldIndex: [Int?], limits: ValueLimits) {
        self.schema = schema
        self.fieldIndex = schema.columns.indices.map { $0 < fieldIndex.count ? fieldIndex[$0] : nil }
        self.limits = limits
        decimalRules = schema.columns.map { DecimalRules($0.type) }
    }

    /// Appends the rows of `batch` that type to `out` (created with `TypedBatch(schema:)` for
    /// this schema) with their lines, and a `RejectedRecord` for each row that does not, in row
    /// order, naming the leftmost failing column.
    package func type(_ batch: RawBatch, into out: inout TypedBatch, rejects: inout [RejectedRecord]) {
        var changed = Array(repeating: 0, count: schema.columns.count)
        type(batch, into: &out, rejects: &rejects, changed: &changed)
    }

    /// `type(_:into:rejects:)`, also adding to `changed[c]` the values of column `c` that were
    /// stored in another form than their text (`007` or `+5` in a declared bigint column: see
    /// `ValueShape` for the forms that keep their text). Columns whose type was inferred reject
    /// such values instead.
    package func type(_ batch: RawBatch, into out: inout TypedBatch, rejects: inout [RejectedRecord], changed: inout [Int]) {
        let rows = batch.rowCount
        guard rows > 0 else { return }
        precondition(out.columns.count == schema.columns.count, "TypedBatch made for another schema")
        let first = out.rowCount
        var failures = FailureTable(rows: rows)
        for c in out.columns.indices { out.columns[c].reserve(more: rows) }
        FieldCursor.with(batch) { cursor in
            // Blocks of rows, each typed column by column: a column loop switches on the type once
            // per block, and the block's bytes stay in cache across its columns.
            var blockStart = 0
            while blockStart < rows {
                let block = blockStart ..< min(blockStart + Self.blockRows, rows)
                for c in schema.columns.indices {
                    typeColumn(c, rows: block, cursor: cursor, into: &out.columns[c], failures: &failures, changed: &changed[c])
                }
                blockStart = block.upperBound
            }
        }
        guard failures.count > 0 else {
            out.lines.append(contentsOf: batch.rowLine)
            return
        }
        for c in out.columns.indices { out.columns[c].removeRows(from: first, failed: failures.column) }
        rejects.reserveCapacity(rejects.count + failures.count)
        for r in 0 ..< rows {
            let c = Int(failures.column[r])
            guard c >= 0 else {
                out.lines.append(batch.rowLine[r])
                continue
            }
            let column = schema.columns[c]
            rejects.append(RejectedRecord(
                line: batch.rowLine[r],
                column: column.name,
                columnIndex: fieldIndex[c].map { $0 + 1 },
                reason: failures.code[r].reason(for: column, limits: limits),
                record: Array(batch.record(row: r))
            ))
        }
    }

    /// Rows typed column by column before moving to the next rows: ~16 KB of gen_csv-like input,
    /// so the block stays in the L1 cache across its columns (measured: 3% less CPU than 256 rows
    /// for a PostgreSQL export, the same for CSV into SQLite).
    static let blockRows = 96

    /// Types `rows` of column `c` into `vector`.
    @inline(__always)
    private func typeColumn(_ c: Int, rows: Range<Int>, cursor: FieldCursor, into vector: inout ColumnVector,
                            failures: inout FailureTable, changed: inout Int) {
        let column = schema.columns[c]
        guard let field = fieldIndex[c] else {
            for r in rows {
                vector.appendNull()
                if !column.nullable { failures.record(row: r, column: Int32(c), .nullNotAllowed) }
            }
            return
        }
        let job = ColumnJob(cursor: cursor, rows: rows, field: field, column: Int32(c), nullable: column.nullable,
                            strict: column.origin == .inferred)
        switch column.type {
        case .bigint: Self.typeBigint(job, into: &vector, failures: &failures, changed: &changed)
        case .decimal: typeDecimal(job, rules: decimalRules[c], into: &vector, failures: &failures, changed: &changed)
        case .double: typeDouble(job, into: &vector, failures: &failures, changed: &changed)
        case .boolean: Self.typeBoolean(job, into: &vector, failures: &failures)
        case .date: Self.typeDate(job, into: &vector, failures: &failures)
        case .timestamp: Self.typeTimestamp(job, into: &vector, failures: &failures)
        case .timestamptz: Self.typeTimestamptz(job, into: &vector, failures: &failures)
        case .uuid: Self.typeUUID(job, into: &vector, failures: &failures)
        case .json: Self.typeJSON(job, into: &vector, failures: &failures)
        case .text: typeText(job, into: &vector, failures: &failures)
        }
        if let limit = column.limit {
            Self.check(limit, rows: rows, column: Int32(c), in: vector, failures: &failures)
        }
    }

    /// Rejects values of the block just typed that the existing target column cannot hold
    /// (int4 range, varchar length, float4 range). Row `r` of the block is value
    /// `vector.count - (rows.upperBound - r)`.
    static func check(_ limit: ColumnLimit, rows: Range<Int>, column c: Int32, in vector: ColumnVector,
                              failures: inout FailureTable) {
        let base = vector.count - rows.upperBound
        for r in rows where failures.column[r] < 0 && !vector.isNull[base + r] {
            let i = base + r
            switch limit {
            case let .integerRange(min, max, _):
                let v = vector.ints[i]
                if v < min || v > max { failures.record(row: r, column: c, .outOfTargetRange) }
            case let .maxCharacters(n, _):
                let start = vector.start(of: i)
                let end = Int(vector.ends[i])
                guard end - start > n else { continue }
                // Characters are UTF-8 sequences: count the bytes that are not continuation bytes.
                var characters = 0
                for k in start ..< end where vector.bytes[k] & 0xC0 != 0x80 { characters += 1 }
                if characters > n { failures.record(row: r, column: c, .tooManyCharacters) }
            case .singlePrecision:
                let d = vector.doubles[i]
                if d.isFinite && !Float(d).isFinite { failures.record(row: r, column: c, .outOfTargetRange) }
            }
        }
    }
}
