import FerryCore

/// One `COPY … FROM STDIN` into one table, fed batch by batch: rows are encoded into a buffer
/// and sent (`PQputCopyData`) each time it holds about 1 MiB. The COPY starts with the first
/// batch and ends in `finish()` (`PQputCopyEnd`), which returns the rows the server stored.
final class CopyStream {
    private enum State {
        case notStarted, open, finished, failed
    }

    private let connection: PGConnection
    private let sql: String
    /// Whether the COPY writes its rows frozen (`FREEZE`).
    let freeze: Bool
    let table: PostgresTableName
    private let columns: [String]
    private let encoder: CopyEncoder
    private let buffer: CopyBuffer
    private var state = State.notStarted
    private var rowsSent = 0
    private var lines = CopyRowLines()

    /// Bytes buffered before each `PQputCopyData`.
    static let flushBytes = 1 << 20

    /// `freeze`: `COPY … FREEZE`, for a table created or truncated in the connection's open
    /// transaction.
    init(connection: PGConnection, table: PostgresTableName, columns: [String], encoder: CopyEncoder, freeze: Bool = false) {
        self.connection = connection
        self.table = table
        self.columns = columns
        self.encoder = encoder
        self.freeze = freeze
        sql = PostgresSQL.copy(into: table.sql, columns: columns, format: encoder.format, freeze: freeze)
        buffer = CopyBuffer(capacity: Self.flushBytes + (Self.flushBytes >> 2))
    }

    var format: CopyFormat { encoder.format }

    /// Encodes and sends `batch`; returns its row count.
    func write(_ batch: TypedBatch) throws(FerryError) -> Int {
        let rowCount = batch.rowCount
        guard rowCount > 0 else { return 0 }
        guard batch.columns.count == columns.count else {
            throw FerryError(.internalError, stage: .load, "a batch for table \(table) does not have the columns the load began with")
        }
        if state == .notStarted {
            try connection.startCopy(sql, context("starting COPY into"))
            state = .open
            encoder.appendHeader(to: buffer)
        }
        guard state == .open else {
            throw FerryError(.internalError, stage: .load, "writing to table \(table) after its COPY ended")
        }
        lines.append(firstRow: rowsSent, lines: batch.lines)
        var row = 0
        do throws(FerryError) {
            while row < rowCount {
                row = try encoder.encode(batch, from: row, into: buffer, until: Self.flushBytes)
                if buffer.count >= Self.flushBytes { try flush() }
            }
        } catch {
            if state == .open { abort() }
            throw error
        }
        rowsSent += rowCount
        return rowCount
    }

    /// Ends the COPY and returns the rows stored (0 when nothing was written).
    @discardableResult
    func finish() throws(FerryError) -> Int {
        switch state {
        case .notStarted, .finished: return 0
        case .failed: throw FerryError(.internalError, stage: .load, "the COPY into table \(table) failed earlier")
        case .open: break
        }
        encoder.appendTrailer(to: buffer)
        try flush()
        // Whatever the server answers, the COPY is over after PQputCopyEnd.
        state = .failed
        let rows = try connection.endCopy(context("finishing COPY into"))
        state = .finished
        return rows
    }

    /// Makes the server fail the COPY (`PQputCopyEnd` with a message) so the connection is usable
    /// for ROLLBACK. Errors are ignored: the transaction is being abandoned anyway.
    func abort() {
        guard state == .open else { return }
        state = .failed
        buffer.removeAll()
        do {
            try connection.endCopy(failure: "the load was stopped", context("aborting COPY into"))
        } catch {
            // Expected: the server answers the failed COPY with an error (SQLSTATE 57014).
        }
    }

    private func flush() throws(FerryError) {
        if connection.isInterrupted {
            abort()
            throw FerryError(.cancelled, stage: .cancelled, "the COPY into table \(table) was interrupted")
        }
        do throws(FerryError) {
            try connection.putCopyData(buffer.bytes, context("sending rows to"))
        } catch {
            // The connection drained the server's answer: the COPY is over.
            state = .failed
            throw error
        }
        buffer.removeAll()
    }

    private func context(_ verb: String) -> PostgresContext {
        PostgresContext(.load, "\(verb) table \(table)", columns: columns, lines: lines)
    }
}
