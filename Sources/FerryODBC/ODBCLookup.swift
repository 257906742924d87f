package import FerryCore

/// Checks' reads on an ODBC target, through the load's own connection (its statements are done
/// between batches, and the credentials stay with the target): they see the committed data and
/// this load's own rows so far. Names are quoted identifiers; values are bound parameters
/// (`SQL_C_CHAR` as `SQL_VARCHAR`), never SQL text.
final class ODBCLookup: TargetLookup {
    private let connection: ODBCConnection
    /// The schema of unqualified names: the target's (requested or the connection's current).
    private let defaultSchema: String?

    init(connection: ODBCConnection, defaultSchema: String?) {
        self.connection = connection
        self.defaultSchema = defaultSchema
    }

    private func name(_ schema: String?, _ table: String) -> ODBCTableName {
        ODBCTableName(schema: schema ?? defaultSchema, table: table, dialect: connection.dialect)
    }

    func columns(schema: String?, table: String) throws(FerryError) -> [String]? {
        let target = name(schema, table)
        let context = connection.context(.validate, "reading the columns of table \(target)")
        let names = try connection.statement(context).columns(schema: target.schema, table: target.table, context).map(\.name)
        return names.isEmpty ? nil : names
    }

    /// `SELECT DISTINCT c FROM t WHERE c IN (?, …)`, the values bound as text, which the database
    /// converts to the column's type (an index on the column serves the lookup).
    func present(_ values: [String], schema: String?, table: String, column: String) throws(FerryError) -> Set<String> {
        guard !values.isEmpty else { return [] }
        let target = name(schema, table)
        let c = connection.dialect.quoted(column)
        let sql = "SELECT DISTINCT \(c) FROM \(target.sql) WHERE \(c) IN (" + values.map { _ in "?" }.joined(separator: ", ") + ")"
        let rows = try query(sql, values, connection.context(.load, "looking up values in column \(c) of table \(target)"))
        return Set(rows.compactMap { $0.first ?? nil })
    }

    func lastChecksRecord(job: Job) throws(FerryError) -> String? {
        let ledger = name(nil, LedgerEntry.defaultTable)
        guard let names = try columns(schema: ledger.schema, table: ledger.table),
              names.contains(where: { $0.lowercased() == LedgerColumn.checks.rawValue }) else { return nil }
        let q = connection.dialect.quoted
        let sql = "SELECT \(q(LedgerColumn.checks.rawValue)), \(q(LedgerColumn.endedAt.rawValue)) FROM \(ledger.sql) WHERE "
            + "\(q(LedgerColumn.jobName.rawValue)) = ? AND \(q(LedgerColumn.jobNamespace.rawValue)) = ? AND \(q(LedgerColumn.status.rawValue)) = ? "
            + "ORDER BY \(q(LedgerColumn.endedAt.rawValue)) DESC"
        let rows = try query(sql, [job.name, job.namespace, LedgerEntry.Status.completed.rawValue],
                             connection.context(.validate, "reading the last completed load of job \(job.name) from the ledger \(ledger)"))
        return rows.first?.first ?? nil
    }

    /// Runs `sql` with `parameters` bound as text; every row of the result as text.
    private func query(_ sql: String, _ parameters: [String], _ context: ODBCContext) throws(FerryError) -> [[String?]] {
        let statement = try connection.statement(context)
        try statement.prepare(sql, context)
        let texts = parameters.map { Array($0.utf8) }
        let stride = max(1, texts.map(\.count).max() ?? 1)
        let values = ODBCBuffer(bytes: stride * texts.count)
        let indicators = ODBCBuffer(bytes: MemoryLayout<Int>.stride * texts.count)
        for (i, text) in texts.enumerated() {
            let slot = values.pointer + i * stride
            text.withUnsafeBytes { slot.copyMemory(from: $0.baseAddress ?? UnsafeRawPointer(slot), byteCount: $0.count) }
            indicators.typed(Int.self)[i] = text.count
            try statement.bindParameter(i + 1, .char, sqlType: ODBCSQLType.varchar, columnSize: stride, decimalDigits: 0,
                                        buffer: slot, elementLength: stride, indicators: indicators.typed(Int.self) + i, context)
        }
        _ = try statement.execute(context)
        return try withExtendedLifetime((values, indicators)) { () throws(FerryError) -> [[String?]] in try statement.textRows(context) }
    }
}

extension ODBCTarget: TargetLookupProvider {
    /// A lookup on the load's connection (see `ODBCLookup`).
    package func targetLookup() throws(FerryError) -> any TargetLookup {
        ODBCLookup(connection: connection, defaultSchema: try name(stage: .validate).schema)
    }
}
