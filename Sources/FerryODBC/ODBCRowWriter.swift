import FerryCore

/// Sends a batch's rows through the right statement: whole groups through the multi-row INSERT
/// (when there is one), the rows left over through the one-row statement.
struct ODBCRowWriter {
    /// `INSERT … VALUES (…), (…), …` of `rowsPerSet` rows; nil when rows go one per statement.
    let grouped: ODBCParameterWriter?
    /// The one-row statement (INSERT, upsert or UPDATE).
    let single: ODBCParameterWriter

    /// Writes every row of `batch`; returns the rows written.
    func write(_ batch: TypedBatch) throws(FerryError) -> Int {
        var written = 0
        var whole = 0
        if let grouped {
            whole = batch.rowCount / grouped.rowsPerSet * grouped.rowsPerSet
            if whole > 0 { written += try grouped.write(batch, rows: 0..<whole) }
        }
        if whole < batch.rowCount { written += try single.write(batch, rows: whole..<batch.rowCount) }
        return written
    }
}
