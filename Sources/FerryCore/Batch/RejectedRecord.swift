/// A record that could not be loaded: where it was, why, and its original bytes for the reject file.
package struct RejectedRecord: Sendable, Equatable {
    /// 1-based line where the record starts in the source (or the row number for database sources).
    package var line: Int
    /// The column at fault, when one is.
    package var column: String?
    /// 1-based position of that column in the record.
    package var columnIndex: Int?
    /// Why, without the value itself (it is in the reject file, never in events or logs).
    package var reason: String
    /// The original record, exactly as read.
    package var record: [UInt8]
    /// The file the record is in, when the source reads several (Docs/many-files.md).
    package var file: String?

    package init(line: Int, column: String? = nil, columnIndex: Int? = nil, reason: String, record: [UInt8]) {
        self.line = line
        self.column = column
        self.columnIndex = columnIndex
        self.reason = reason
        self.record = record
    }
}

/// What a source reader hands the engine: rows to type, and records it already rejected.
///
/// A `TypedChunkSource` may hand its rows already typed instead (`typed`, with `rows` empty but
/// for `sourceFile`): values in the storage `ColumnStorage` describes, in the canonical forms
/// the Typist stores for the source's declared column types (Docs/decisions/0008).
package struct SourceChunk: Sendable {
    package var rows: RawBatch
    package var rejected: [RejectedRecord]
    /// The rows typed against the source's declared `columns`, one vector per source column,
    /// with each row's line in `lines`; nil for text chunks.
    package var typed: TypedBatch?

    package init(rows: RawBatch = RawBatch(), rejected: [RejectedRecord] = [], typed: TypedBatch? = nil) {
        self.rows = rows
        self.rejected = rejected
        self.typed = typed
    }

    /// Rows in the chunk, typed or text, without the rejected records.
    package var rowCount: Int { typed?.rowCount ?? rows.rowCount }
}
