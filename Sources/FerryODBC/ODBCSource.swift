package import FerryCore

/// Reads a table or a query through an ODBC driver with a block cursor, as field texts in
/// `RawBatch`es of at most `batchSize` rows, in canonical form (see `ODBCResultReader`).
///
/// The session never commits: autocommit is off, reads run in one transaction (at repeatable
/// read, or serializable, when the driver offers either), and `close()` rolls it back, so a
/// source query cannot change the database and `restart()` sees the rows of the first pass where
/// the isolation level keeps them. `columns` carry the Ferry type of each result column
/// (`SQLDescribeCol` and the DBMS's type name, mapped by the dialect); for a table, NOT NULL from
/// `SQLColumns`.
///
/// Each row's record span is a CSV rendering of its fields; `line` is the 1-based row number.
package final class ODBCSource: RecordSource {
    /// The result columns with their Ferry types.
    package let columns: [SourceColumn]
    /// The narrower range each column's type keeps (int4, varchar(n), real), in column order.
    package let columnLimits: [ColumnLimit?]
    /// Bytes of field text produced since the start (or the last `restart`).
    package private(set) var bytesRead = 0
    /// Unknown for a database source.
    package var totalBytes: Int? { nil }
    /// Cancels the running fetch from another thread (`SQLCancel`); the source then throws
    /// `cancelled`.
    package var interrupter: any Interrupter { connection.canceller }

    private let connection: ODBCConnection
    private let statement: ODBCStatement
    private let select: String
    private let reader: ODBCResultReader
    private let batchSize: Int
    private let what: String
    private var rowNumber = 0
    private var state = State.open

    private enum State {
        /// The statement ran; rows are being read.
        case open
        /// The last row was read; `next()` returns nil until `restart()`.
        case finished
        /// Reading failed; every call throws this.
        case failed(FerryError)
    }

    /// Most bytes of field text in one chunk, so wide rows keep memory bounded.
    static let chunkByteLimit = 8 << 20

    /// Connects (`SQLDriverConnect`), turns autocommit off, asks for stable reads, sets the
    /// session's time zone to UTC where the system has one, and runs `SELECT * FROM` the table
    /// (quoted, schema-qualified when `endpoint.schema` is set) or `endpoint.query` as given.
    /// The driver manager is opened from `library`; when it cannot be, the error is
    /// `source_unreadable` at stage `connect`.
    package init(endpoint: ODBCEndpoint, batchSize: Int, library: ODBCLibraryLocation = .standard) throws(FerryError) {
        self.batchSize = max(1, batchSize)
        connection = try ODBCConnection(connection: endpoint.connection, role: .source, library: library)
        let dialect = connection.dialect
        let setup = connection.context(.connect, "setting up the read-only session")
        try connection.setAutocommit(false, setup)
        try connection.requestStableReads(setup)
        connection.requestReadOnly()
        for sql in dialect.sessionSetup { try connection.execute(sql, setup) }

        let isQuery: Bool
        var catalogColumns: [String: ODBCResultColumn] = [:]
        if let table = endpoint.table {
            isQuery = false
            if endpoint.schema != nil, !dialect.hasSchemas {
                throw FerryError(.invalidRequest, stage: .validate, "$.source.schema: \(dialect.name) has no schemas; leave the schema out")
            }
            let catalog = ODBCCatalog(connection: connection, stage: .connect)
            var name = ODBCTableName(schema: endpoint.schema, table: table, dialect: dialect)
            if name.schema == nil, let current = try catalog.currentSchema() {
                name = ODBCTableName(schema: current, table: table, dialect: dialect)
            }
            guard let entry = try catalog.find(name) else {
                throw FerryError(.sourceNotFound, stage: .connect, "table \(name) does not exist in \(dialect.name) (ODBC \(connection.text.redacted))")
            }
            name = catalog.name(of: entry)
            for column in try catalog.columns(of: entry) { catalogColumns[column.name] = column }
            select = "SELECT * FROM " + name.sql
            what = "table \(name)"
        } else if let query = endpoint.query {
            isQuery = true
            select = query
            what = "the source query"
        } else {
            throw FerryError(.invalidRequest, stage: .validate, "$.source: an ODBC source needs a table or a query")
        }

        let action = "reading \(what) through ODBC"
        statement = try connection.statement(connection.context(.connect, action))
        do {
            try statement.executeDirect(select, connection.context(.connect, action))
        } catch {
            throw Self.queryFailure(error, isQuery: isQuery)
        }
        let count = try statement.resultColumnCount(connection.context(.connect, action))
        guard count > 0 else {
            throw FerryError(.unsupported, stage: .validate, isQuery
                ? "$.source.query: the statement returns no rows; a source query must be a SELECT (or another statement returning rows); whatever it changed is rolled back"
                : "\(what) has no columns")
        }
        var described: [ODBCResultColumn] = []
        for number in 1...count {
            // A table's catalog knows more than the result's description (psqlODBC describes a
            // json column as `unknown`, the SQLite driver drops DECIMAL's precision).
            let column = try statement.describeColumn(number, connection.context(.connect, action))
            described.append(catalogColumns[column.name] ?? column)
        }
        let mapped = described.map(dialect.columnType)
        columns = zip(described, mapped).map { column, type in
            SourceColumn(name: column.name, type: type.type, nullable: isQuery ? true : column.nullable ?? true)
        }
        columnLimits = mapped.map(\.limit)
        reader = ODBCResultReader(statement: statement, columns: described, types: mapped, batchSize: self.batchSize, action: action)
        try reader.bind()
    }

    /// A failed statement of a source query: its syntax, names and types are the request's
    /// problem (`invalid_request` at `$.source.query`); a missing table is `source_not_found`;
    /// cancellation and connection failures stay as they are.
    private static func queryFailure(_ error: FerryError, isQuery: Bool) -> FerryError {
        guard isQuery, ![.cancelled, .sourceNotFound].contains(error.code), error.driver?.code.hasPrefix("08") != true else { return error }
        var invalid = error
        invalid.code = .invalidRequest
        invalid.stage = .validate
        invalid.message = "$.source.query: " + error.message
        return invalid
    }

    /// The next rows (`SQLFetch` of rowsets), at most `batchSize` of them and about
    /// `chunkByteLimit` bytes, or nil at the end. After a failure every call throws the same error.
    package func next() throws(FerryError) -> SourceChunk? {
        switch state {
        case .finished: return nil
        case let .failed(error): throw error
        case .open: break
        }
        var batch = RawBatch()
        batch.rowFieldOffset.reserveCapacity(batchSize + 1)
        batch.rowLine.reserveCapacity(batchSize)
        var line = rowNumber
        do {
            let more = try reader.read(into: &batch, maxRows: batchSize, byteLimit: Self.chunkByteLimit, line: &line)
            if !more { state = .finished }
        } catch {
            state = .failed(error)
            throw error
        }
        rowNumber = line
        bytesRead += batch.storage.count
        return batch.rowCount == 0 ? nil : SourceChunk(rows: batch)
    }

    /// Reads again from the first row: closes the cursor (`SQLFreeStmt(SQL_CLOSE)`) and runs the
    /// statement again, in the same transaction.
    package func restart() throws(FerryError) {
        if case let .failed(error) = state { throw error }
        statement.closeCursor()
        let context = connection.context(.extract, "reading \(what) again")
        do {
            try statement.executeDirect(select, context)
            try reader.bind()
        } catch {
            state = .failed(error)
            throw error
        }
        state = .open
        rowNumber = 0
        bytesRead = 0
    }

    /// Rolls back the read transaction and disconnects (`SQLEndTran`, `SQLDisconnect`). Idempotent.
    package func close() {
        connection.close()
    }
}
