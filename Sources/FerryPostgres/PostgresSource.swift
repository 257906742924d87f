package import FerryCore

/// Reads a PostgreSQL table or query through `COPY (SELECT …) TO STDOUT`, as field texts in
/// `RawBatch`es of at most `batchSize` rows, in constant memory; or, asked through `nextTyped()`
/// when the COPY is binary, as typed chunks (`PostgresBinaryRows+Typed`) the engine need not
/// parse (Docs/decisions/0008-typed-source-chunks.md).
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
package final class PostgresSource: TypedChunkSource {
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
    /// Cancels the running COPY (both, when the table is read in two halves) from another
    /// thread (`PQcancel`); the source then throws `cancelled`.
    package var interrupter: any Interrupter { interrupters }

    private let connection: PGConnection
    private let interrupters: PostgresInterrupter
    private let readContext: PostgresContext
    /// The whole result, or the first half of the table's pages.
    private let primary: CopyOutReader
    /// The second half of the table's pages, on a second connection in the same snapshot.
    private var secondary: CopyOutHalf?
    /// Whether the next batch comes from the second half (they alternate).
    private var secondaryTurn = false
    /// Whether the COPY uses the binary format.
    let readsBinary: Bool
    private let isQuery: Bool
    /// Rows returned since the start (or the last `restart`).
    private var rowNumber = 0
    private var state = State.idle
    /// Whether chunks are typed: fixed by the first call after opening or `restart()`.
    private var typedChunks: Bool?

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
    static let chunkByteLimit = CopyOutReader.chunkByteLimit

    /// Connects (`PQconnectdbParams`), sets the session's output styles, opens the read-only
    /// transaction and describes `endpoint.table` (quoted, schema-qualified when
    /// `endpoint.schema` is set) or `endpoint.query` (one statement). Nothing is read until
    /// `next()`.
    package convenience init(endpoint: PostgresEndpoint, batchSize: Int) throws(FerryError) {
        try self.init(endpoint: endpoint, batchSize: batchSize, binary: true)
    }

    /// As `init(endpoint:batchSize:)`; `binary` false reads the text format whatever the types
    /// (tests compare both); a table of at least `splitBytes` is read in two halves
    /// (`PostgresSplit`).
    init(
        endpoint: PostgresEndpoint, batchSize: Int, binary: Bool, splitBytes: Int = PostgresSplit.minimumBytes
    ) throws(FerryError) {
        isQuery = endpoint.table == nil
        do {
            connection = try PGConnection(connection: endpoint.connection)
        } catch {
            throw PostgresSourceFailure.mapped(error, isQuery: isQuery)
        }
        let server = connection.serverName
        do {
            try Self.beginReading(on: connection)
        } catch {
            throw PostgresSourceFailure.mapped(error, isQuery: isQuery)
        }

        let select: String
        let what: String
        var splittable: PostgresCatalog.Relation?
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
            splittable = relation
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
        let binaryRows = binary ? PostgresBinaryRows(baseTypes: described.baseTypes) : nil
        readsBinary = binaryRows != nil
        readContext = PostgresContext(.extract, "reading \(what) from \(server)")
        let interrupters = PostgresInterrupter(connection.canceller)
        self.interrupters = interrupters
        var primarySelect = select
        do {
            if let splittable, let split = try PostgresSplit.plan(splittable, on: connection, minimumBytes: splitBytes) {
                let second = try split.openSecond(endpoint.connection)
                interrupters.add(second.canceller)
                primarySelect = select + split.firstHalf
                // A decoder of its own: decoders keep per-row buffers, and this one runs on
                // another thread.
                let secondRows = binaryRows == nil ? nil : PostgresBinaryRows(baseTypes: described.baseTypes)
                secondary = CopyOutHalf(reader: CopyOutReader(
                    connection: second, select: select + split.secondHalf, binaryRows: secondRows, columns: described.columns,
                    batchSize: batchSize, context: PostgresContext(.extract, "reading the second half of \(what) from \(server)")))
            }
        } catch {
            throw PostgresSourceFailure.mapped(error, isQuery: isQuery)
        }
        primary = CopyOutReader(
            connection: connection, select: primarySelect, binaryRows: binaryRows, columns: described.columns, batchSize: batchSize,
            context: readContext)
    }

    /// Sets the session's output styles and opens the read-only transaction on `connection`.
    static func beginReading(on connection: PGConnection) throws(FerryError) {
        let server = connection.serverName
        try connection.execute(
            "SET DateStyle = ISO; SET TimeZone = 'UTC'; SET extra_float_digits = 3; SET IntervalStyle = postgres; SET bytea_output = hex",
            PostgresContext(.connect, "setting up the session on \(server)"))
        try connection.execute(
            "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
            PostgresContext(.connect, "starting a read-only transaction on \(server)"))
    }

    /// Whether the table is read over two COPY streams (for tests).
    var readsInHalves: Bool { secondary != nil }

    /// The next rows (`PQgetCopyData`), at most `batchSize` of them and about
    /// `chunkByteLimit` bytes, or nil at the end. Starts the COPY on the first call. After a
    /// failure every call throws the same error. A table read in two halves yields their batches
    /// alternately (first half, second half, …), each half in its own physical order.
    package func next() throws(FerryError) -> SourceChunk? {
        try nextChunk(typed: false)
    }

    /// The next rows as `next()` gives them, typed (`SourceChunk.typed`) when the COPY is binary
    /// and no text chunks were read since opening or `restart()`; rows with a date or timestamp
    /// the Typist does not read (infinity, BC, past 9999) still come as text chunks.
    package func nextTyped() throws(FerryError) -> SourceChunk? {
        try nextChunk(typed: true)
    }

    private func nextChunk(typed wanted: Bool) throws(FerryError) -> SourceChunk? {
        if typedChunks == nil {
            let typed = wanted && readsBinary
            typedChunks = typed
            primary.typedChunks = typed
            secondary?.typedChunks = typed
        }
        do throws(FerryError) {
            switch state {
            case .finished: return nil
            case let .failed(error): throw error
            case .copying: break
            case .idle:
                state = .copying
                // Both COPYs start now, not the second at its first turn.
                try secondary?.start()
            }
            var chunk = try readChunk()
            guard chunk.rowCount > 0 else {
                state = .finished
                return nil
            }
            if secondary != nil {
                // Each half numbers its rows from 1; the source numbers them in the order given.
                if chunk.typed != nil {
                    for i in 0..<chunk.rowCount { chunk.typed?.lines[i] = rowNumber &+ i &+ 1 }
                } else {
                    for i in 0..<chunk.rows.rowLine.count { chunk.rows.rowLine[i] = rowNumber &+ i &+ 1 }
                }
            }
            rowNumber &+= chunk.rowCount
            return chunk
        } catch {
            let mapped = PostgresSourceFailure.mapped(error, isQuery: isQuery)
            state = .failed(mapped)
            throw mapped
        }
    }

    /// The next chunk of either half (alternating while both have rows); empty at the end.
    private func readChunk() throws(FerryError) -> SourceChunk {
        guard let secondary else {
            let (chunk, bytes) = try primary.readChunk()
            bytesRead &+= bytes
            return chunk
        }
        while !(primary.finished && secondary.finished) {
            let useSecondary = secondaryTurn ? !secondary.finished : primary.finished
            secondaryTurn = !useSecondary
            if useSecondary {
                guard let item = try secondary.next() else { continue }
                bytesRead &+= item.bytes
                return item.chunk
            }
            let (chunk, bytes) = try primary.readChunk()
            bytesRead &+= bytes
            if chunk.rowCount > 0 { return chunk }
        }
        return SourceChunk()
    }

    /// Reads again from the first row, in the same snapshot: reads a COPY still running to its
    /// end (`PQgetCopyData`), then runs it anew on the next `next()`.
    package func restart() throws(FerryError) {
        if case let .failed(error) = state { throw error }
        do {
            try primary.restart()
            try secondary?.restart()
        } catch {
            let mapped = PostgresSourceFailure.mapped(error, isQuery: isQuery)
            state = .failed(mapped)
            throw mapped
        }
        state = .idle
        typedChunks = nil
        secondaryTurn = false
        rowNumber = 0
        bytesRead = 0
    }

    /// Disconnects (`PQfinish`; the second half's connection too); the server ends the
    /// read-only transactions. Idempotent.
    package func close() {
        secondary?.close()
        connection.close()
    }
}
