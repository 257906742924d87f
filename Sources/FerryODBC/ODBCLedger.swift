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
        for (index, value) in entry.values.enumerated() {
            switch value {
            case let .text(text): batch.columns[index].append(text: text)
            case let .integer(number): batch.columns[index].append(int: number)
            case let .timestamp(millis):
                if connection.dialect.temporalAsText {
                    batch.columns[index].append(text: LedgerTable.timestampText(unixMillis: millis))
                } else {
                    batch.columns[index].append(int: millis * 1000)
                }
            case .null: batch.columns[index].appendNull()
            }
        }
        batch.lines.append(1)
        let writer = try ODBCParameterWriter(
            connection: connection, sql: connection.dialect.insert(into: table, columns: schema.names), table: table,
            schema: schema, parameterColumns: Array(schema.columns.indices), kind: .insert, rowsPerExecution: 1, stage: stage)
        _ = try writer.write(batch, rows: 0..<1)
    }
}
