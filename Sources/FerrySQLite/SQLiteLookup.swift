package import FerryCore

/// Checks' reads on a SQLite target, through the load's own connection: SQLite has one writer
/// per file, and a second connection could not read while the load's transaction holds the
/// write lock, whereas the load's connection reads through it. Runs on the writer thread,
/// between batches, as the load's statements do.
final class SQLiteLookup: TargetLookup {
    private let connection: SQLiteConnection

    init(connection: SQLiteConnection) {
        self.connection = connection
    }

    func columns(schema: String?, table: String) throws(FerryError) -> [String]? {
        let action = "reading the columns of table \(SQLiteSQL.quoted(table))"
        let statement = try connection.prepare("SELECT name FROM pragma_table_info(?1, ?2)", stage: .validate, persistent: false, action)
        try statement.bind(1, text: table)
        try statement.bind(2, text: schema ?? "main")
        var names: [String] = []
        while try statement.step(stage: .validate, action) { names.append(String(decoding: statement.text(0), as: UTF8.self)) }
        return names.isEmpty ? nil : names
    }

    /// `SELECT DISTINCT CAST(c AS TEXT) FROM t WHERE c IN (?1, …)`: the values are bound as text,
    /// which a column of INTEGER, REAL or NUMERIC affinity converts before comparing, so an index
    /// on the column serves the lookup.
    func present(_ values: [String], schema: String?, table: String, column: String) throws(FerryError) -> Set<String> {
        guard !values.isEmpty else { return [] }
        let name = (schema.map { SQLiteSQL.quoted($0) + "." } ?? "") + SQLiteSQL.quoted(table)
        let action = "looking up values in column \(SQLiteSQL.quoted(column)) of table \(name)"
        var sql = "SELECT DISTINCT CAST(" + SQLiteSQL.quoted(column) + " AS TEXT) FROM " + name + " WHERE " + SQLiteSQL.quoted(column) + " IN ("
        for i in values.indices { sql += i == 0 ? "?1" : ", ?\(i + 1)" }
        sql += ")"
        let statement = try connection.prepare(sql, stage: .load, persistent: false, action)
        for (i, value) in values.enumerated() { try statement.bind(Int32(i + 1), text: value) }
        var found = Set<String>()
        while try statement.step(stage: .load, action) {
            if statement.kind(0) != .null { found.insert(String(decoding: statement.text(0), as: UTF8.self)) }
        }
        return found
    }

    func lastChecksRecord(job: Job) throws(FerryError) -> String? {
        let ledger = SQLiteSQL.quoted(LedgerTable.name)
        guard try columns(schema: nil, table: LedgerTable.name)?.contains(LedgerColumn.checks.rawValue) == true else { return nil }
        let action = "reading the last completed load of job \(job.name) from the ledger table \(ledger)"
        let statement = try connection.prepare(
            """
            SELECT \(LedgerColumn.checks) FROM \(ledger)
            WHERE \(LedgerColumn.jobName) = ?1 AND \(LedgerColumn.jobNamespace) = ?2 AND \(LedgerColumn.status) = 'completed'
            ORDER BY \(LedgerColumn.endedAt) DESC LIMIT 1
            """, stage: .validate, persistent: false, action)
        try statement.bind(1, text: job.name)
        try statement.bind(2, text: job.namespace)
        guard try statement.step(stage: .validate, action), statement.kind(0) != .null else { return nil }
        return String(decoding: statement.text(0), as: UTF8.self)
    }
}

extension SQLiteTarget: TargetLookupProvider {
    /// A lookup on the load's connection (see `SQLiteLookup`).
    package func targetLookup() throws(FerryError) -> any TargetLookup {
        SQLiteLookup(connection: connection)
    }
}
