import FerryCore

/// The load ledger in a SQLite database: the table `ferry_loads`, one row per load, created on
/// first use. Its columns are the ones the PostgreSQL ledger has (Docs/connectors/sqlite.md,
/// "Load ledger"); timestamps are fixed-width UTC text so that text order is time order.
enum SQLiteLedger {
    /// The ledger table's name.
    static let table = LedgerEntry.defaultTable

    /// `CREATE TABLE IF NOT EXISTS "ferry_loads" (…)`.
    static let createTable = """
        CREATE TABLE IF NOT EXISTS \(SQLiteSQL.quoted(table)) (
            "run_id" TEXT NOT NULL PRIMARY KEY,
            "job_name" TEXT NOT NULL,
            "job_namespace" TEXT NOT NULL,
            "target_table" TEXT NOT NULL,
            "source_uri" TEXT NOT NULL,
            "source_sha256" TEXT,
            "source_bytes" INTEGER,
            "rows_read" INTEGER NOT NULL,
            "rows_written" INTEGER NOT NULL,
            "rows_rejected" INTEGER NOT NULL,
            "mode" TEXT NOT NULL,
            "status" TEXT NOT NULL CHECK ("status" IN ('completed', 'failed')),
            "error_code" TEXT,
            "started_at" TIMESTAMPTZ NOT NULL,
            "ended_at" TIMESTAMPTZ NOT NULL,
            "ferry_version" TEXT NOT NULL
        )
        """

    /// `INSERT INTO "ferry_loads" (…16 columns…) VALUES (?1, …, ?16)`, in the order `insert` binds.
    static let insertRow = """
        INSERT INTO \(SQLiteSQL.quoted(table)) ("run_id", "job_name", "job_namespace", "target_table", "source_uri",
            "source_sha256", "source_bytes", "rows_read", "rows_written", "rows_rejected", "mode", "status",
            "error_code", "started_at", "ended_at", "ferry_version")
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
        """

    /// Whether `name` is the ledger table's name as SQLite matches names (ASCII letters in any case).
    static func isLedger(_ name: String) -> Bool {
        let expected = Array(table.utf8)
        let given = Array(name.utf8)
        guard given.count == expected.count else { return false }
        for index in given.indices {
            var byte = given[index]
            if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
            if byte != expected[index] { return false }
        }
        return true
    }

    /// Creates the ledger table when it is missing and inserts `entry`, on `connection`'s current
    /// transaction (or as one autocommit statement each when none is open).
    static func insert(_ entry: LedgerEntry, on connection: SQLiteConnection, stage: FerryError.Stage) throws(FerryError) {
        let action = "recording the load of table \(SQLiteSQL.quoted(entry.targetTable)) in the ledger table \(SQLiteSQL.quoted(table))"
        try connection.execute(createTable, stage: stage, action)
        let statement = try connection.prepare(insertRow, stage: stage, persistent: false, action)
        try statement.bind(1, text: entry.runID.description)
        try statement.bind(2, text: entry.job.name)
        try statement.bind(3, text: entry.job.namespace)
        try statement.bind(4, text: entry.targetTable)
        try statement.bind(5, text: entry.sourceURI)
        if let sha256 = entry.sourceSHA256 { try statement.bind(6, text: sha256) } else { try statement.bindNull(6) }
        if let bytes = entry.sourceBytes { try statement.bind(7, int64: Int64(bytes)) } else { try statement.bindNull(7) }
        try statement.bind(8, int64: Int64(entry.rowsRead))
        try statement.bind(9, int64: Int64(entry.rowsWritten))
        try statement.bind(10, int64: Int64(entry.rowsRejected))
        try statement.bind(11, text: entry.mode.rawValue)
        try statement.bind(12, text: entry.status.rawValue)
        if let code = entry.errorCode { try statement.bind(13, text: code) } else { try statement.bindNull(13) }
        try statement.bind(14, text: timestampText(unixMillis: entry.startedAt))
        try statement.bind(15, text: timestampText(unixMillis: entry.endedAt))
        try statement.bind(16, text: entry.ferryVersion)
        _ = try statement.step(stage: stage, action)
    }

    /// `YYYY-MM-DD HH:MM:SS.fffZ`: the date and time of day from `ValueFormatter` (whole seconds),
    /// then always three digits of milliseconds, so that text order is time order (the canonical
    /// timestamptz text drops trailing zeros, and `…:05Z` would sort after `…:05.5Z`).
    static func timestampText(unixMillis: Int64) -> String {
        var seconds = unixMillis / 1000
        var millis = unixMillis % 1000
        if millis < 0 {
            seconds -= 1
            millis += 1000
        }
        var out: [UInt8] = []
        out.reserveCapacity(24)
        ValueFormatter.appendTimestamp(micros: seconds * 1_000_000, utcSuffix: false, to: &out)
        out.append(0x2E)
        out.append(UInt8(48 + millis / 100))
        out.append(UInt8(48 + millis / 10 % 10))
        out.append(UInt8(48 + millis % 10))
        out.append(0x5A)
        return String(decoding: out, as: UTF8.self)
    }
}
