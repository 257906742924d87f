/// One column's typing work over a block of rows of one batch.
struct ColumnJob {
    let cursor: FieldCursor
    /// The batch rows to type.
    let rows: Range<Int>
    /// Position of the column's field in the source record.
    let field: Int
    /// Schema index of the column.
    let column: Int32
    let nullable: Bool
    /// Whether the column's type was inferred: it then reads only the forms inference reads
    /// (`ValueShape`), so a later value in another form is rejected rather than changed.
    let strict: Bool

    /// Records a NULL for NOT NULL columns (the caller appends the NULL itself).
    @inline(__always)
    func null(row: Int, failures: inout FailureTable) {
        if !nullable { failures.record(row: row, column: column, .nullNotAllowed) }
    }
}
