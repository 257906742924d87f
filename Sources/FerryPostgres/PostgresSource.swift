package import FerryCore

/// Reads a PostgreSQL table or query through `COPY (SELECT …) TO STDOUT`, as field texts in
/// `RawBatch`es of at most `batchSize` rows, in constant memory.
///
/// When every column's type has a binary decoding (`PostgresBinaryRows`: booleans, integers,
/// floats, numeric, date, timestamps, uuid, text types, json and jsonb) the COPY uses the binary
/// format, which spares the server its text output functions, and the fields are the texts the
/// text format prints; otherwise it uses the text format (`PostgresTextRows`). Either way the
/// fields, and so the typed values, are the same.
///
/// The session reads in one `REPEATABLE READ, READ ONLY` transaction, so a query cannot change
/// the database and `restart()` sees exactly the rows of the first pass. Values are printed with
/// `DateStyle=ISO`, `TimeZone=UTC`, `extra_float_digits=3` (doubles round-trip exactly),
/// `IntervalStyle=postgres` and `bytea_output=hex`; `columns` carry the Ferry type of each
/// result column (see `PostgresTypeMapping.column`).
///
/// Each row's record span is its COPY text line (tab-separated, `\N` for NULL, backslash
/// escapes, no line feed), as the text format sends it; `line` is the 1-based row number.
package final class PostgresSource: RecordSource {
    /// The result columns with their Ferry types; nullable from `attnotnull` for a table, always
    /// nullable for a query.
    package let columns: [SourceColumn]
    /// The narrower range each column's PostgreSQL type keeps (int2/int4, varchar(n), char(n),
    /// float4), in column order; nil where there is none.
    package let columnLimits: [ColumnLimit?]
    /// Bytes of COPY data received since the start (or the last `restart`).
    package private(set) var bytesRead = 0
    /// Unknown for a database source.
    package var totalBytes: Int? { nil }
    /// Cancels the running COPY from another thread (`PQcancel`); the source then throws
    /// `cancelled`.
    package var interrupter: any Interrupter { connection.canceller }

    private let connection: PGConnection
    /// `COPY (\n<select>\n) TO STDOUT`, with `(FORMAT binary)` when `binaryRows` is set.
    private let copySQL: String
    private let readContext: PostgresContext
    private let rows: PostgresTextRows
    /// The binary decoder, when every column has one.
    private var binaryRows: PostgresBinaryRows?
    /// Whether the COPY uses the binary format.
    let readsBinary: Bool
    private let batchSize: Int
    private let isQuery: Bool
    private var rowNumber = 0
    private var state = State.idle
    /// Bytes of the largest batch so far, reserved up front for the next one.
    private var storageHint = 0

    private enum State {
        /// Connected, no COPY running.
        case idle
        case copying
        /// The COPY ended; `next()` returns nil until `restart()`.
        case finished
        /// Reading failed; the transaction is aborted and every call throws this.
        case failed(FerryError)
    }

    /// Most bytes of COPY data in one chunk, so wide rows keep memory bounded.
    static let chunkByteLimit = 8 << 20

    /// Connects (`PQconnectdbParams`), sets the session's output styles, opens the read-only
    /// transaction and describes `endpoint.table` (quoted, schema-qualified when
    /// `endpoint.schema` is set) or `endpoint.query` (one statement). Nothing is read until
    /// `next()`.
    package convenience init(endpoint: PostgresEndpoint, batchSize: Int) throws(FerryError) {
        try self.init(endpoint: endpoint, batchSize: batchSize, binary: true)
    }

    /// As `init(endpoint:batchSize:)`; `binary` false reads the text format whatever the types
    /// (tests compare both).
    init(endpoint: PostgresEndpoint, batchSize: Int, binary: Bool) throws(FerryError) {
        self.batchSize = max(1, batchSize)
        isQuery = endpoint.table == nil
        do {
            connection = try PGConnection(connection: endpoint.connection)
        } catch {
            throw PostgresSourceFailure.mapped(error, isQuery: isQuery)
        }
        let server = connection.serverName
        do {
            try connection.execute(
                "SET DateStyle = ISO; SET TimeZone = 'UTC'; SET extra_float_digits = 3; SET IntervalStyle = postgres; SET bytea_output = hex",
                PostgresContext(.connect, "setting up the session on \(server)"))
            try connection.execute(
                "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
                PostgresContext(.connect, "starting a read-only transaction on \(server)"))
        } catch {
            throw PostgresSourceFailure.mapped(error, isQuery: isQuery)
        }

        let select: String
        let what: String
        if let table = endpoint.table {
            let name = PostgresTableName(schema: endpoint.schema, table: table)
            let relation: PostgresCatalog.Relation?
            do {
                relation = try PostgresCatalog(connection: connection, stage: .connect).relation(name)
            } catch {
                throw PostgresSourceFailure.mapped(error, isQuery: false)
            }
            guard let relation else {
                throw FerryError(.sourceNotFound, stage: .connect, "table \(name) does not exist in PostgreSQL database \(server)")
            }
            select = "SELECT * FROM " + relation.name.sql
            what = "\(relation.kindName) \(relation.name)"
        } else if let query = endpoint.query {
            select = Self.withoutTrailingSemicolons(query)
            what = "the source query"
        } else {
            throw FerryError(.invalidRequest, stage: .validate, "$.source: a PostgreSQL source needs a table or a query")
        }

        let described: (columns: [SourceColumn], limits: [ColumnLimit?], baseTypes: [UInt32])
        do {
            described = try Self.describe(select, on: connection, nullableFromTable: !isQuery, PostgresContext(.connect, "describing \(what) on \(server)"))
        } catch {
            throw PostgresSourceFailure.mapped(error, isQuery: isQuery)
        }
        guard !described.columns.isEmpty else {
            throw FerryError(.unsupported, stage: .validate, isQuery
                ? "$.source.query: the statement returns no rows; a source query must be a SELECT (or another statement returning rows)"
                : "\(what) has no columns")
        }
        columns = described.columns
        columnLimits = described.limits
        binaryRows = binary ? PostgresBinaryRows(baseTypes: described.baseTypes) : nil
        readsBinary = binaryRows != nil
        // The line feeds keep a `--` comment at the end of a query from swallowing the `)`.
        copySQL = "COPY (\n" + select + "\n) TO STDOUT" + (binaryRows == nil ? "" : " (FORMAT binary)")
        readContext = PostgresContext(.extract, "reading \(what) from \(server)")
        rows = PostgresTextRows(columnCount: described.columns.count)
    }

    /// The next rows (`PQgetCopyData`), at most `batchSize` of them and about
    /// `chunkByteLimit` bytes, or nil at the end. Starts the COPY on the first call. After a
    /// failure every call throws the same error.
    package func next() throws(FerryError) -> SourceChunk? {
        do throws(FerryError) {
            switch state {
            case .finished: return nil
            case let .failed(error): throw error
            case .copying: break
            case .idle:
                if connection.isInterrupted { throw FerryError(.cancelled, stage: .cancelled, "\(readContext.action): interrupted") }
                try connection.startCopyOut(copySQL, readContext)
                state = .copying
            }
            let batch = try readBatch()
            return batch.rowCount == 0 ? nil : SourceChunk(rows: batch)
        } catch {
            let mapped = PostgresSourceFailure.mapped(error, isQuery: isQuery)
            state = .failed(mapped)
            throw mapped
        }
    }

    /// Reads rows of the running COPY into a new batch; sets `finished` at the end.
    private func readBatch() throws(FerryError) -> RawBatch {
        var batch = RawBatch()
        batch.storage.reserveCapacity(storageHint)
        batch.rowFieldOffset.reserveCapacity(batchSize + 1)
        batch.rowLine.reserveCapacity(batchSize)
        batch.recordStart.reserveCapacity(batchSize)
        batch.recordEnd.reserveCapacity(batchSize)
        let fieldCapacity = batchSize * columns.count
        batch.fieldStart.reserveCapacity(fieldCapacity)
        batch.fieldLength.reserveCapacity(fieldCapacity)
        // Counters live in locals while the loop runs: a class's stored properties would be
        // checked for exclusive access on every row.
        var received = 0
        var line = rowNumber
        let rows = rows, connection = connection, context = readContext, batchSize = batchSize
        defer {
            bytesRead &+= received
            rowNumber = line
            storageHint = max(storageHint, batch.storage.count)
        }
        if var binary = binaryRows {
            binaryRows = nil
            defer { binaryRows = binary }
            while batch.rowCount < batchSize, batch.storage.count < Self.chunkByteLimit {
                guard let message = try connection.copyRow(context) else {
                    guard binary.ended else { throw formatError(.truncated, row: line + 1) }
                    state = .finished
                    break
                }
                received &+= message.bytes.count
                do {
                    try binary.append(message.bytes, line: &line, to: &batch)
                } catch {
                    throw formatError(error, row: line + 1)
                }
            }
            return batch
        }
        while batch.rowCount < batchSize, batch.storage.count < Self.chunkByteLimit {
            guard let row = try connection.copyRow(context) else {
                state = .finished
                break
            }
            received &+= row.bytes.count
            line &+= 1
            do {
                try rows.append(row.bytes, line: line, to: &batch)
            } catch {
                throw formatError(error, row: line)
            }
        }
        return batch
    }

    /// Reads again from the first row, in the same snapshot: reads a COPY still running to its
    /// end (`PQgetCopyData`), then runs it anew on the next `next()`.
    package func restart() throws(FerryError) {
        switch state {
        case let .failed(error): throw error
        case .copying:
            do {
                try connection.drainCopyOut(readContext)
            } catch {
                let mapped = PostgresSourceFailure.mapped(error, isQuery: isQuery)
                state = .failed(mapped)
                throw mapped
            }
        case .idle, .finished: break
        }
        binaryRows?.reset()
        state = .idle
        rowNumber = 0
        bytesRead = 0
    }

    /// Disconnects (`PQfinish`); the server ends the read-only transaction. Idempotent.
    package func close() {
        connection.close()
    }

    private func formatError(_ problem: PostgresTextRows.Problem, row: Int) -> FerryError {
        let detail = switch problem {
        case let .fieldCount(found): "it has \(found) fields instead of \(columns.count)"
        case .unterminated: "it does not end with a line feed"
        }
        return FerryError(.sourceFormat, stage: .extract, "\(readContext.action): row \(row) of the COPY stream cannot be read: \(detail)")
    }

    private func formatError(_ problem: PostgresBinaryRows.Problem, row: Int) -> FerryError {
        let detail = switch problem {
        case .header: "the binary COPY header is missing or damaged"
        case let .fieldCount(found): "it has \(found) fields instead of \(columns.count)"
        case .truncated: "the binary COPY data ends in the middle of a row or after its end marker"
        case let .value(column): "the value of column \(columns[column].name) is not in the binary format of its type"
        }
        return FerryError(.sourceFormat, stage: .extract, "\(readContext.action): row \(row) of the COPY stream cannot be read: \(detail)")
    }
}
