import FerryCore

/// One `COPY (…) TO STDOUT` on one connection, read into `RawBatch`es of at most `batchSize`
/// rows and about `chunkByteLimit` bytes: binary tuples through `PostgresBinaryRows`, text lines
/// through `PostgresTextRows`. `PostgresSource` reads the whole result through one of these, or
/// each half of a table through its own (`CopyOutHalf`).
///
/// Errors are the plumbing's (see `PostgresSourceFailure`); the source maps them.
final class CopyOutReader {
    let connection: PGConnection
    let context: PostgresContext
    /// `COPY (\n<select>\n) TO STDOUT`, with `(FORMAT binary)` when `binaryRows` is set.
    private let sql: String
    private let rows: PostgresTextRows
    /// The binary decoder, when every column has one.
    private var binaryRows: PostgresBinaryRows?
    private let columnNames: [String]
    private let batchSize: Int
    private var rowNumber = 0
    private var state = State.idle
    /// Bytes of the largest batch so far, reserved up front for the next one.
    private var storageHint = 0

    private enum State { case idle, copying, finished }

    /// Most bytes of COPY data in one chunk, so wide rows keep memory bounded.
    static let chunkByteLimit = 8 << 20

    /// `select` is read through `COPY (select) TO STDOUT`, binary when `binaryRows` is given.
    init(
        connection: PGConnection, select: String, binaryRows: PostgresBinaryRows?, columnNames: [String], batchSize: Int,
        context: PostgresContext
    ) {
        self.connection = connection
        self.binaryRows = binaryRows
        self.columnNames = columnNames
        self.batchSize = max(1, batchSize)
        self.context = context
        rows = PostgresTextRows(columnCount: columnNames.count)
        // The line feeds keep a `--` comment at the end of a query from swallowing the `)`.
        sql = "COPY (\n" + select + "\n) TO STDOUT" + (binaryRows == nil ? "" : " (FORMAT binary)")
    }

    /// Whether the COPY ended (until `restart`).
    var finished: Bool { if case .finished = state { true } else { false } }

    /// The next rows (`PQgetCopyData`) and the COPY bytes they took; an empty batch at the end.
    /// Starts the COPY on the first call. Row numbers (`rowLine`) count from 1 per COPY.
    func readBatch() throws(FerryError) -> (batch: RawBatch, bytes: Int) {
        switch state {
        case .finished: return (RawBatch(), 0)
        case .copying: break
        case .idle:
            if connection.isInterrupted { throw FerryError(.cancelled, stage: .cancelled, "\(context.action): interrupted") }
            try connection.startCopyOut(sql, context)
            state = .copying
        }
        var batch = RawBatch()
        batch.storage.reserveCapacity(storageHint)
        batch.rowFieldOffset.reserveCapacity(batchSize + 1)
        batch.rowLine.reserveCapacity(batchSize)
        batch.recordStart.reserveCapacity(batchSize)
        batch.recordEnd.reserveCapacity(batchSize)
        let fieldCapacity = batchSize * columnNames.count
        batch.fieldStart.reserveCapacity(fieldCapacity)
        batch.fieldLength.reserveCapacity(fieldCapacity)
        // Counters live in locals while the loop runs: a class's stored properties would be
        // checked for exclusive access on every row.
        var received = 0
        var line = rowNumber
        let rows = rows, connection = connection, context = context, batchSize = batchSize
        defer {
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
            return (batch, received)
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
        return (batch, received)
    }

    /// Reads a COPY still running to its end (`PQgetCopyData`), so the next `readBatch` runs it
    /// anew, in the same transaction.
    func restart() throws(FerryError) {
        if case .copying = state { try connection.drainCopyOut(context) }
        binaryRows?.reset()
        state = .idle
        rowNumber = 0
    }

    private func formatError(_ problem: PostgresTextRows.Problem, row: Int) -> FerryError {
        let detail = switch problem {
        case let .fieldCount(found): "it has \(found) fields instead of \(columnNames.count)"
        case .unterminated: "it does not end with a line feed"
        }
        return FerryError(.sourceFormat, stage: .extract, "\(context.action): row \(row) of the COPY stream cannot be read: \(detail)")
    }

    private func formatError(_ problem: PostgresBinaryRows.Problem, row: Int) -> FerryError {
        let detail = switch problem {
        case .header: "the binary COPY header is missing or damaged"
        case let .fieldCount(found): "it has \(found) fields instead of \(columnNames.count)"
        case .truncated: "the binary COPY data ends in the middle of a row or after its end marker"
        case let .value(column): "the value of column \(columnNames[column]) is not in the binary format of its type"
        }
        return FerryError(.sourceFormat, stage: .extract, "\(context.action): row \(row) of the COPY stream cannot be read: \(detail)")
    }
}
