/// Rows typed against the resolved schema, column by column, ready for a sink.
package struct TypedBatch: Sendable {
    package var columns: [ColumnVector]
    /// Source line of each row, for error messages (never row values).
    package var lines: [Int]

    package init(schema: Schema, capacity: Int = 0) {
        columns = schema.columns.map { ColumnVector(type: $0.type, capacity: capacity) }
        lines = []
        lines.reserveCapacity(capacity)
    }

    package var rowCount: Int { lines.count }
}
