/// Rows typed against the resolved schema, column by column, ready for a sink.
public struct TypedBatch: Sendable {
    public var columns: [ColumnVector]
    /// Source line of each row, for error messages (never row values).
    public var lines: [Int]

    public init(schema: Schema, capacity: Int = 0) {
        columns = schema.columns.map { ColumnVector(type: $0.type, capacity: capacity) }
        lines = []
        lines.reserveCapacity(capacity)
    }

    public var rowCount: Int { lines.count }
}
