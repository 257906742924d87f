package import FerryCore

/// Reads a SQLite table or query as canonical text fields (RawBatch), reporting column types.
///
/// Each row's record span covers a CSV rendering of the row (comma-separated, fields with a
/// comma, quote or line break double-quoted, empty text as `""`, NULL as nothing, no line
/// terminator), for the reject file. `line` is the 1-based row number.
package final class SQLiteSource: RecordSource {
    /// The result columns; `type` from the declared type of the table column behind each one,
    /// nil for expressions.
    package private(set) var columns: [SourceColumn]
    /// Bytes of rendered rows handed out so far.
    package private(set) var bytesRead = 0
    /// Unknown for a database source.
    package var totalBytes: Int? { nil }

    let connection: SQLiteConnection
    private let statement: SQLiteStatement
    private let batchSize: Int
    private let renderer: SQLiteRowRenderer
    private var rowNumber = 0
    private var finished = false

    /// Most bytes of rendered rows in one chunk, so wide rows keep memory bounded.
    static let chunkByteLimit = 8 << 20

    /// Opens `endpoint.path` read-only (`sqlite3_open_v2`) and prepares `SELECT * FROM "table"`
    /// or `endpoint.query`, which must be one read-only statement.
    package init(endpoint: SQLiteEndpoint, batchSize: Int) throws(FerryError) {
        connection = try SQLiteConnection(path: endpoint.path, role: .source, mode: .readOnly)
        self.batchSize = max(1, batchSize)
        var nullable: [String: Bool] = [:]
        if let table = endpoint.table {
            let catalog = SQLiteCatalog(connection: connection, stage: .connect)
            guard try catalog.kind(of: table) != nil else {
                throw FerryError(.sourceNotFound, stage: .connect, "table \(SQLiteSQL.quoted(table)) does not exist in SQLite database \(SQLiteConnection.describe(endpoint.path))")
            }
            statement = try connection.prepare("SELECT * FROM " + SQLiteSQL.quoted(table), stage: .connect, "reading table \(SQLiteSQL.quoted(table))")
            for (column, _) in try catalog.columns(of: table) { nullable[SQLiteCatalog.folded(column.name)] = column.nullable }
        } else if let query = endpoint.query {
            statement = try Self.prepareQuery(query, on: connection)
        } else {
            throw FerryError(.invalidRequest, stage: .validate, "$.source: a SQLite source needs a table or a query")
        }
        var columns: [SourceColumn] = []
        for index in 0..<statement.columnCount {
            let name = statement.columnName(index)
            let declared = statement.declaredType(index).flatMap { $0.isEmpty ? nil : $0 }
            columns.append(SourceColumn(
                name: name, type: declared.map(SQLiteTypeMapping.columnType(declared:)),
                nullable: nullable[SQLiteCatalog.folded(name)] ?? true))
        }
        self.columns = columns
        renderer = SQLiteRowRenderer(types: columns.map(\.type))
    }

    /// Prepares a user query: exactly one statement, read-only, returning columns.
    private static func prepareQuery(_ query: String, on connection: SQLiteConnection) throws(FerryError) -> SQLiteStatement {
        let first: SQLiteStatement?
        let tail: String
        do {
            (first, tail) = try connection.prepareFirst(query, stage: .validate, persistent: true, "preparing the source query")
        } catch {
            var invalid = error
            if invalid.code != .cancelled { invalid.code = .invalidRequest; invalid.stage = .validate }
            throw invalid
        }
        guard let first else {
            throw FerryError(.invalidRequest, stage: .validate, "$.source.query: the query holds no SQL statement")
        }
        // Whatever follows must be empty statements, whitespace and comments only.
        var rest = tail
        while !rest.isEmpty {
            let (next, after) = try connection.prepareFirst(rest, stage: .validate, persistent: false, "preparing the source query")
            guard next == nil else {
                throw FerryError(.unsupported, stage: .validate, "$.source.query: give one SQL statement, not several")
            }
            if after.utf8.count >= rest.utf8.count { break }
            rest = after
        }
        guard first.isReadOnly else {
            throw FerryError(.unsupported, stage: .validate, "$.source.query: the query would change the database; a source query must be read-only")
        }
        guard first.columnCount > 0 else {
            throw FerryError(.unsupported, stage: .validate, "$.source.query: the statement returns no columns")
        }
        return first
    }

    /// The next rows (`sqlite3_step`), at most `batchSize` of them, or nil at the end.
    package func next() throws(FerryError) -> SourceChunk? {
        guard !finished else { return nil }
        var rows = RawBatch()
        rows.rowFieldOffset.reserveCapacity(batchSize + 1)
        rows.rowLine.reserveCapacity(batchSize)
        let fieldCapacity = batchSize * max(columns.count, 1)
        rows.fieldStart.reserveCapacity(fieldCapacity)
        rows.fieldLength.reserveCapacity(fieldCapacity)
        while rows.rowCount < batchSize, rows.storage.count < Self.chunkByteLimit {
            guard try statement.step(stage: .extract, "reading row \(rowNumber + 1) of the SQLite source") else {
                finished = true
                break
            }
            rowNumber += 1
            renderer.append(statement, line: rowNumber, to: &rows)
        }
        bytesRead += rows.storage.count
        return rows.rowCount == 0 ? nil : SourceChunk(rows: rows)
    }

    /// Runs the statement again from its first row (`sqlite3_reset`).
    package func restart() throws(FerryError) {
        statement.reset()
        rowNumber = 0
        bytesRead = 0
        finished = false
    }
}
