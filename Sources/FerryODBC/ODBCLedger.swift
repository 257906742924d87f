import FerryCore

/// The load ledger, `<schema>.ferry_loads`: one row per load, with the columns of the SQLite and
/// PostgreSQL ledgers (Docs/connectors/odbc.md, "Load ledger"). Created on first use with the
/// dialect's types; rows are written through a prepared INSERT with parameters, never with values
/// in the SQL text.
struct ODBCLedger {
    let connection: ODBCConnection
    let table: ODBCTableName

    /// The ledger's columns as a load schema (timestamps as fixed-width UTC text
    /// `YYYY-MM-DD HH:MM:SS.fffZ` where the dialect stores dates as text, so that text order is
    /// time order).
    var schema: Schema {
        let temporalAsText = connection.dialect.temporalAsText
        return Schema(columns: LedgerColumn.allCases.map { column in
            let type: ColumnType = switch column.kind {
            case .text: .text
            case .integer: .bigint
            case .timestamp: temporalAsText ? .text : .timestamptz
            }
            return Column(name: column.rawValue, type: type, nullable: column.nullable, origin: .declared)
        })
    }

    /// `CREATE TABLE` with the dialect's types; `run_id` is the primary key.
    var createSQL: String { LedgerTable.createSQL(table: table.sql, ifNotExists: false, dialect: connection.dialect.sql) }

    /// Creates the ledger table when the catalog (`SQLTables`) lists none of its name, and adds
    /// the columns a ledger made by an older Ferry lacks (`SQLColumns`, then `ALTER TABLE … ADD`;
    /// a concurrent load that added one first is found by looking again).
    func ensure(stage: FerryError.Stage) throws(FerryError) {
        let context = connection.context(stage, "looking up the load ledger \(table)")
        let statement = try connection.statement(context)
        guard try statement.tables(schema: table.schema, table: table.table, context).isEmpty else {
            try migrate(stage: stage)
            return
        }
        try connection.execute(createSQL, connection.context(stage, "creating the load ledger \(table)"))
    }

    /// Adds the `LedgerColumn.addedLater` columns the ledger table lacks.
    private func migrate(stage: FerryError.Stage) throws(FerryError) {
        for column in LedgerTable.missingColumns(existing: try columnNames(stage: stage)) {
            let sql = LedgerTable.addColumnSQL(table: table.sql, column: column, ifNotExists: false, dialect: connection.dialect.sql)
            do {
                _ = try connection.execute(sql, connection.context(stage, "adding column \(column) to the load ledger \(table)"))
            } catch {
                guard LedgerTable.missingColumns(existing: try columnNames(stage: stage)).firstIndex(of: column) == nil else { throw error }
            }
        }
    }

    private func columnNames(stage: FerryError.Stage) throws(FerryError) -> [String] {
        let context = connection.context(stage, "reading the columns of the load ledger \(table)")
        return try connection.statement(context).columns(schema: table.schema, table: table.table, context).map(\.name)
    }

    /// `column_types` (and `checks`) longer than this many UTF-8 bytes is recorded as null: the ledger's text
    /// type is bounded on some systems (SQL Server NVARCHAR(4000), Oracle NVARCHAR2(2000)).
    static let maxColumnTypesBytes = 2000

    /// Inserts `entry` in the connection's current transaction.
    func insert(_ entry: LedgerEntry, stage: FerryError.Stage) throws(FerryError) {
        let schema = schema
        var batch = TypedBatch(schema: schema, capacity: 1)
        for (index, value) in entry.values.enumerated() {
            switch value {
            case let .text(text) where [LedgerColumn.columnTypes.rawValue, LedgerColumn.checks.rawValue].contains(schema.columns[index].name)
                && text.utf8.count > Self.maxColumnTypesBytes:
                batch.columns[index].appendNull()
            case let .text(text): batch.columns[index].append(text: text)
            case let .integer(number): batch.columns[index].append(int: number)
            case let .timestamp(millis):
                if connection.dialect.temporalAsText {
                    batch.columns[index].append(text: LedgerTable.timestampText(unixMillis: millis))
                } else {
                    batch.columns[index].append(int: millis * 1000)
                }
            case .null, .targetIdentity: batch.columns[index].appendNull()
            }
        }
        batch.lines.append(1)
        let writer = try ODBCParameterWriter(
            connection: connection, sql: connection.dialect.insert(into: table, columns: schema.names), table: table,
            schema: schema, parameterColumns: Array(schema.columns.indices), kind: .insert, rowsPerExecution: 1, stage: stage)
        _ = try writer.write(batch, rows: 0..<1)
    }
}
