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
    /// Whether binary COPY rows come as typed chunks (set before the first `readChunk`).
    var typedChunks = false
    /// The source's columns as a schema, for typed chunks.
    private let declared: Schema
    /// A text chunk begun where a typed chunk had to stop, and the COPY bytes it took.
    private var pendingText: (batch: RawBatch, bytes: Int)?

    /// Most bytes of COPY data in one chunk, so wide rows keep memory bounded.
    static let chunkByteLimit = 8 << 20

    /// `select` is read through `COPY (select) TO STDOUT`, binary when `binaryRows` is given.
    init(
        connection: PGConnection, select: String, binaryRows: PostgresBinaryRows?, columns: [SourceColumn], batchSize: Int,
        context: PostgresContext
    ) {
        self.connection = connection
        self.binaryRows = binaryRows
        columnNames = columns.map(\.name)
        declared = Schema(columns: columns.map { Column(name: $0.name, type: $0.type ?? .text, nullable: $0.nullable, origin: .source) })
        self.batchSize = max(1, batchSize)
        self.context = context
        rows = PostgresTextRows(columnCount: columns.count)
        // The line feeds keep a `--` comment at the end of a query from swallowing the `)`.
        sql = "COPY (\n" + select + "\n) TO STDOUT" + (binaryRows == nil ? "" : " (FORMAT binary)")
    }

    /// Whether the COPY ended (until `restart`).
    var finished: Bool { state == .finished && pendingText == nil }

    /// The next rows (`PQgetCopyData`) and the COPY bytes they took; an empty chunk at the end.
    /// Starts the COPY on the first call. Row numbers count from 1 per COPY. With `typedChunks`
    /// set and a binary COPY, chunks are typed (`SourceChunk.typed`) but for rows holding a date
    /// or timestamp the Typist does not read, which come in text chunks of their own
    /// (`PostgresBinaryRows.appendTyped`).
    func readChunk() throws(FerryError) -> (chunk: SourceChunk, bytes: Int) {
        switch state {
        case .finished:
            if let pending = pendingText {
                pendingText = nil
                return (SourceChunk(rows: pending.batch), pending.bytes)
            }
            return (SourceChunk(), 0)
        case .copying: break
        case .idle:
            if connection.isInterrupted { throw FerryError(.cancelled, stage: .cancelled, "\(context.action): interrupted") }
            try connection.startCopyOut(sql, context)
            state = .copying
        }
        guard var binary = binaryRows else {
            let (batch, bytes) = try readTextBatch()
            return (SourceChunk(rows: batch), bytes)
        }
        binaryRows = nil
        defer { binaryRows = binary }
        var line = rowNumber
        defer { rowNumber = line }
        if let pending = pendingText {
            pendingText = nil
            var batch = pending.batch
            var received = pending.bytes
            try fillBinaryText(&batch, binary: &binary, line: &line, received: &received)
            return (SourceChunk(rows: batch), received)
        }
        if !typedChunks {
            var batch = newBatch()
            var received = 0
            try fillBinaryText(&batch, binary: &binary, line: &line, received: &received)
            return (SourceChunk(rows: batch), received)
        }
        // The values go to `binary.typed` and move into the batch's vectors when it is complete.
        var lines: [Int] = []
        lines.reserveCapacity(batchSize)
        var received = 0
        let connection = connection, context = context, batchSize = batchSize
        while lines.count < batchSize, received < Self.chunkByteLimit {
            guard let message = try connection.copyRow(context) else {
                guard binary.ended else { throw formatError(.truncated, row: line + 1) }
                state = .finished
                break
            }
            received &+= message.bytes.count
            let textFrom: Int?
            do {
                textFrom = try binary.appendTyped(message.bytes, line: &line, lines: &lines)
            } catch {
                throw formatError(error, row: line + 1)
            }
            guard let textFrom else { continue }
            // A row the Typist must judge: it and the rows after it, up to a batch, as text.
            var batch = newBatch()
            do {
                try binary.append(message.bytes, from: textFrom, line: &line, to: &batch)
            } catch {
                throw formatError(error, row: line + 1)
            }
            if lines.isEmpty {
                var textReceived = received
                try fillBinaryText(&batch, binary: &binary, line: &line, received: &textReceived)
                return (SourceChunk(rows: batch), textReceived)
            }
            // Counted with the text chunk it went into.
            received &-= message.bytes.count
            pendingText = (batch, message.bytes.count)
            return (SourceChunk(typed: binary.typed.batch(declared, lines: lines)), received)
        }
        return (SourceChunk(typed: binary.typed.batch(declared, lines: lines)), received)
    }

    /// An empty batch with room for `batchSize` rows.
    private func newBatch() -> RawBatch {
        var batch = RawBatch()
        batch.storage.reserveCapacity(storageHint)
        batch.rowFieldOffset.reserveCapacity(batchSize + 1)
        batch.rowLine.reserveCapacity(batchSize)
        batch.recordStart.reserveCapacity(batchSize)
        batch.recordEnd.reserveCapacity(batchSize)
        let fieldCapacity = batchSize * columnNames.count
        batch.fieldStart.reserveCapacity(fieldCapacity)
        batch.fieldLength.reserveCapacity(fieldCapacity)
        return batch
    }

    /// Reads binary tuples into `batch` as text until it holds `batchSize` rows or about
    /// `chunkByteLimit` bytes, or the COPY ends.
    private func fillBinaryText(
        _ batch: inout RawBatch, binary: inout PostgresBinaryRows, line: inout Int, received: inout Int
    ) throws(FerryError) {
        // Counters live in locals while the loop runs: a class's stored properties would be
        // checked for exclusive access on every row.
        let connection = connection, context = context, batchSize = batchSize
        defer { storageHint = max(storageHint, batch.storage.count) }
        while state != .finished, batch.rowCount < batchSize, batch.storage.count < Self.chunkByteLimit {
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
    }

    /// The next rows of a text COPY.
    private func readTextBatch() throws(FerryError) -> (batch: RawBatch, bytes: Int) {
        var batch = newBatch()
        var received = 0
        var line = rowNumber
        let rows = rows, connection = connection, context = context, batchSize = batchSize
        defer {
            rowNumber = line
            storageHint = max(storageHint, batch.storage.count)
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
        pendingText = nil
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
