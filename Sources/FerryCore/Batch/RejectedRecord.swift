/// A record that could not be loaded: where it was, why, and its original bytes for the reject file.
public struct RejectedRecord: Sendable, Equatable {
    /// 1-based line where the record starts in the source (or the row number for database sources).
    public var line: Int
    /// The column at fault, when one is.
    public var column: String?
    /// 1-based position of that column in the record.
    public var columnIndex: Int?
    /// Why, without the value itself (it is in the reject file, never in events or logs).
    public var reason: String
    /// The original record, exactly as read.
    public var record: [UInt8]

    public init(line: Int, column: String? = nil, columnIndex: Int? = nil, reason: String, record: [UInt8]) {
        self.line = line
        self.column = column
        self.columnIndex = columnIndex
        self.reason = reason
        self.record = record
    }
}

/// What a source reader hands the engine: rows to type, and records it already rejected.
public struct SourceChunk: Sendable {
    public var rows: RawBatch
    public var rejected: [RejectedRecord]

    public init(rows: RawBatch = RawBatch(), rejected: [RejectedRecord] = []) {
        self.rows = rows
        self.rejected = rejected
    }
}
