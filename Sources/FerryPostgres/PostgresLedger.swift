import FerryCore

/// The load ledger, `<schema>.ferry_loads`: one row per load, with the same columns as the
/// SQLite ledger (see Docs/connectors/postgres.md). Created on first use; rows are inserted with
/// parameters (`PQexecParams`), never with values in the SQL text.
struct PostgresLedger {
    let connection: PGConnection
    let table: PostgresTableName

    /// `CREATE TABLE IF NOT EXISTS` with the ledger's columns.
    var createSQL: String {
        """
        CREATE TABLE IF NOT EXISTS \(table.sql) (
            run_id text PRIMARY KEY,
            job_name text NOT NULL,
            job_namespace text NOT NULL,
            target_table text NOT NULL,
            source_uri text NOT NULL,
            source_sha256 text,
            source_bytes bigint,
            rows_read bigint NOT NULL,
            rows_written bigint NOT NULL,
            rows_rejected bigint NOT NULL,
            mode text NOT NULL,
            status text NOT NULL,
            error_code text,
            started_at timestamptz NOT NULL,
            ended_at timestamptz NOT NULL,
            ferry_version text NOT NULL
        )
        """
    }

    var insertSQL: String {
        "INSERT INTO \(table.sql) (run_id, job_name, job_namespace, target_table, source_uri, source_sha256, source_bytes, "
            + "rows_read, rows_written, rows_rejected, mode, status, error_code, started_at, ended_at, ferry_version) "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7::bigint, $8::bigint, $9::bigint, $10::bigint, $11, $12, $13, "
            + "$14::timestamptz, $15::timestamptz, $16)"
    }

    /// Creates the table when needed and inserts `entry`, in the caller's transaction.
    func insert(_ entry: LedgerEntry, stage: FerryError.Stage, interruptible: Bool) throws(FerryError) {
        let context = PostgresContext(stage, "writing the load ledger \(table)")
        try connection.execute(createSQL, context, interruptible: interruptible)
        try connection.execute(insertSQL, parameters: Self.parameters(entry), context, interruptible: interruptible)
    }

    /// The 16 parameters of `insertSQL`; times as UTC ISO text with microseconds.
    static func parameters(_ entry: LedgerEntry) -> [String?] {
        [
            entry.runID.description, entry.job.name, entry.job.namespace, entry.targetTable, entry.sourceURI,
            entry.sourceSHA256, entry.sourceBytes.map(String.init), String(entry.rowsRead), String(entry.rowsWritten),
            String(entry.rowsRejected), entry.mode.rawValue, entry.status.rawValue, entry.errorCode,
            timestamp(millis: entry.startedAt), timestamp(millis: entry.endedAt), entry.ferryVersion,
        ]
    }

    /// `YYYY-MM-DD HH:MM:SS.fffZ` for Unix milliseconds.
    static func timestamp(millis: Int64) -> String {
        var bytes: [UInt8] = []
        ValueFormatter.appendTimestamp(micros: millis * 1000, utcSuffix: true, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
