import FerryCore

/// The load ledger, `<schema>.ferry_loads`: one row per load, with the columns of the SQLite and
/// PostgreSQL ledgers (Docs/connectors/odbc.md, "Load ledger"). Created on first use with the
/// dialect's types; rows are written through a prepared INSERT with parameters, never with values
/// in the SQL text.
struct ODBCLedger {
    let connection: ODBCConnection
    let table: ODBCTableName

    /// The ledger's columns, as a load schema: text, bigint and timestamptz columns (timestamps
    /// as fixed-width UTC text `YYYY-MM-DD HH:MM:SS.fffZ` where the dialect stores dates as text,
    /// so that text order is time order).
    var schema: Schema {
        let time: ColumnType = connection.dialect.temporalAsText ? .text : .timestamptz
        let columns: [(String, ColumnType, Bool)] = [
            ("run_id", .text, false), ("job_name", .text, false), ("job_namespace", .text, false),
            ("target_table", .text, false), ("source_uri", .text, false), ("source_sha256", .text, true),
            ("source_bytes", .bigint, true), ("rows_read", .bigint, false), ("rows_written", .bigint, false),
            ("rows_rejected", .bigint, false), ("mode", .text, false), ("status", .text, false), ("error_code", .text, true),
            ("started_at", time, false), ("ended_at", time, false), ("ferry_version", .text, false),
        ]
        return Schema(columns: columns.map { Column(name: $0.0, type: $0.1, nullable: $0.2, origin: .declared) })
    }

    /// `CREATE TABLE` with the dialect's types; `run_id` is the primary key.
    var createSQL: String {
        let dialect = connection.dialect
        let parts = schema.columns.map { column -> String in
            let type: String
            switch column.name {
            case "run_id": type = dialect.ledgerKeyType
            case "started_at", "ended_at": type = dialect.typeName(for: .timestamptz)
            default: type = column.type == .text ? dialect.ledgerTextType : dialect.typeName(for: column.type)
            }
            return dialect.quoted(column.name) + " " + type + (column.nullable ? "" : " NOT NULL")
        }
        return "CREATE TABLE " + table.sql + " (" + parts.joined(separator: ", ") + ", PRIMARY KEY (" + dialect.quoted("run_id") + "))"
    }

    /// Creates the ledger table when the catalog (`SQLTables`) lists none of its name.
    func ensure(stage: FerryError.Stage) throws(FerryError) {
        let context = connection.context(stage, "looking up the load ledger \(table)")
        let statement = try connection.statement(context)
        guard try statement.tables(schema: table.schema, table: table.table, context).isEmpty else { return }
        try connection.execute(createSQL, connection.context(stage, "creating the load ledger \(table)"))
    }

    /// Inserts `entry` in the connection's current transaction.
    func insert(_ entry: LedgerEntry, stage: FerryError.Stage) throws(FerryError) {
        let schema = schema
        var batch = TypedBatch(schema: schema, capacity: 1)
        let texts: [String?] = [
            entry.runID.description, entry.job.name, entry.job.namespace, entry.targetTable, entry.sourceURI, entry.sourceSHA256,
        ]
        for (index, text) in texts.enumerated() {
            if let text { batch.columns[index].append(text: text) } else { batch.columns[index].appendNull() }
        }
        if let bytes = entry.sourceBytes { batch.columns[6].append(int: Int64(bytes)) } else { batch.columns[6].appendNull() }
        batch.columns[7].append(int: Int64(entry.rowsRead))
        batch.columns[8].append(int: Int64(entry.rowsWritten))
        batch.columns[9].append(int: Int64(entry.rowsRejected))
        batch.columns[10].append(text: entry.mode.rawValue)
        batch.columns[11].append(text: entry.status.rawValue)
        if let code = entry.errorCode { batch.columns[12].append(text: code) } else { batch.columns[12].appendNull() }
        for (index, millis) in [(13, entry.startedAt), (14, entry.endedAt)] {
            if connection.dialect.temporalAsText {
                batch.columns[index].append(text: Self.timestampText(unixMillis: millis))
            } else {
                batch.columns[index].append(int: millis * 1000)
            }
        }
        batch.columns[15].append(text: entry.ferryVersion)
        batch.lines.append(1)
        let writer = try ODBCParameterWriter(
            connection: connection, sql: connection.dialect.insert(into: table, columns: schema.names), table: table,
            schema: schema, parameterColumns: Array(schema.columns.indices), kind: .insert, rowsPerExecution: 1, stage: stage)
        _ = try writer.write(batch, rows: 0..<1)
    }

    /// `YYYY-MM-DD HH:MM:SS.fffZ`, always three digits of milliseconds (as the SQLite ledger).
    static func timestampText(unixMillis: Int64) -> String {
        var seconds = unixMillis / 1000
        var millis = unixMillis % 1000
        if millis < 0 {
            seconds -= 1
            millis += 1000
        }
        var out: [UInt8] = []
        ValueFormatter.appendTimestamp(micros: seconds * 1_000_000, utcSuffix: false, to: &out)
        out.append(0x2E)
        out.append(UInt8(48 + millis / 100))
        out.append(UInt8(48 + millis / 10 % 10))
        out.append(UInt8(48 + millis % 10))
        out.append(0x5A)
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `name` is the ledger table's name, ASCII letters in any case (as most systems
    /// fold unquoted names).
    static func isLedger(_ name: String) -> Bool {
        name.lowercased() == LedgerEntry.defaultTable
    }
}
