import CLibPQ
import FerryCore

/// A result column as the server describes it (`PQfname`, `PQftype`, `PQfmod`, `PQftable`,
/// `PQftablecol`).
struct PGField: Equatable {
    var name: String
    /// The type's OID.
    var type: UInt32
    /// The type modifier (numeric precision and scale, varchar length); -1 for none.
    var modifier: Int32
    /// The table the column comes straight from, or 0.
    var table: UInt32
    /// The column's number in that table (`attnum`), or 0.
    var tableColumn: Int
}

/// One CopyData message of `COPY … TO STDOUT` as `PQgetCopyData` returns it, freed with
/// `PQfreemem` when it goes out of scope. Noncopyable: exactly one owner frees the buffer, and
/// the bytes cannot outlive it.
struct PGCopyRow: ~Copyable {
    private let buffer: UnsafeMutablePointer<CChar>
    /// The message: one row (the server sends a row per message), a text-format line ending in
    /// `\n` or a binary tuple (the first after the binary header, the last the trailer). Valid
    /// while this value lives.
    let bytes: UnsafeRawBufferPointer

    fileprivate init(_ buffer: UnsafeMutablePointer<CChar>, count: Int) {
        self.buffer = buffer
        bytes = UnsafeRawBufferPointer(start: buffer, count: count)
    }

    deinit { PQfreemem(buffer) }
}

extension PGConnection {
    /// The columns `sql` would return, without running it: prepares it as the unnamed statement
    /// (`PQprepare`, which accepts exactly one statement) and describes that (`PQdescribePrepared`).
    func describe(_ sql: String, _ context: PostgresContext) throws(FerryError) -> [PGField] {
        let handle = try copyOutHandle(context)
        _ = try copyOutResult(PQprepare(handle, "", sql, 0, nil), handle, expecting: PGRES_COMMAND_OK, context)
        let described = try copyOutResult(PQdescribePrepared(handle, ""), handle, expecting: PGRES_COMMAND_OK, context)
        return withExtendedLifetime(described.owner) {
            let result = described.raw
            var fields: [PGField] = []
            for i in 0..<PQnfields(result) {
                fields.append(PGField(
                    name: PQfname(result, i).map { String(cString: $0) } ?? "",
                    type: UInt32(PQftype(result, i)), modifier: PQfmod(result, i),
                    table: UInt32(PQftable(result, i)), tableColumn: Int(PQftablecol(result, i))))
            }
            return fields
        }
    }

    /// Starts `COPY … TO STDOUT` (`PQexecParams`, so `sql` is exactly one statement, answering
    /// `PGRES_COPY_OUT`). Read the rows with `copyRow` until it returns nil.
    func startCopyOut(_ sql: String, _ context: PostgresContext) throws(FerryError) {
        let handle = try copyOutHandle(context)
        _ = try copyOutResult(PQexecParams(handle, sql, 0, nil, nil, nil, nil, 0), handle, expecting: PGRES_COPY_OUT, context)
    }

    /// The next row of the running COPY OUT (`PQgetCopyData`, blocking), or nil after the last
    /// one, once the COPY's final result (`PQgetResult`) said it succeeded; an error the server
    /// reported while sending (a failing query, a cancel) is thrown then.
    @inline(__always)
    func copyRow(_ context: @autoclosure () -> PostgresContext) throws(FerryError) -> PGCopyRow? {
        guard let handle else { throw copyOutLost(context()) }
        var buffer: UnsafeMutablePointer<CChar>?
        let count = PQgetCopyData(handle, &buffer, 0)
        if count > 0, let buffer { return PGCopyRow(buffer, count: Int(count)) }
        return try endCopyOut(handle, status: count, context())
    }

    /// Reads and drops the rest of a running COPY OUT and its final result, so the connection
    /// can run statements again; errors the server reports for it are thrown.
    func drainCopyOut(_ context: PostgresContext) throws(FerryError) {
        while try copyRow(context) != nil {}
    }

    /// After `PQgetCopyData` returned `status` (-1: "the COPY is done"; -2: "an error occurred"),
    /// reads every remaining result until NULL, so the connection is idle again, and throws the
    /// first error among them.
    @inline(never)
    private func endCopyOut(_ handle: OpaquePointer, status: Int32, _ context: PostgresContext) throws(FerryError) -> PGCopyRow? {
        var firstError: FerryError?
        while let result = PQgetResult(handle) {
            let resultStatus = PQresultStatus(result)
            if resultStatus == PGRES_COPY_OUT {
                // Still in COPY OUT after -2: the stream is broken; the connection cannot be reused.
                PQclear(result)
                close()
                throw firstError ?? copyOutLost(context)
            }
            if resultStatus != PGRES_COMMAND_OK, firstError == nil {
                firstError = check(result: result, connection: handle, info: info, context)
            }
            PQclear(result)
        }
        if let firstError { throw firstError }
        if status != -1 { throw copyOutLost(context) }
        return nil
    }

    // MARK: Results and errors

    /// The open `PGconn*`, or `cancelled` once the canceller fired (the server ignores a cancel
    /// request that arrives between statements).
    private func copyOutHandle(_ context: PostgresContext) throws(FerryError) -> OpaquePointer {
        if isInterrupted { throw FerryError(.cancelled, stage: .cancelled, "\(context.action): interrupted") }
        guard let handle else { throw copyOutLost(context) }
        return handle
    }

    /// Keeps a result of status `expecting` (owned by a `PGResult`, which frees it); any other
    /// status becomes the error `check` builds.
    private func copyOutResult(
        _ result: OpaquePointer?, _ handle: OpaquePointer, expecting: ExecStatusType, _ context: PostgresContext
    ) throws(FerryError) -> (owner: PGResult, raw: OpaquePointer) {
        // "A null pointer is returned only in out-of-memory conditions or serious errors such as
        // inability to send the command to the server."
        guard let result else { throw copyOutLost(context) }
        let owner = PGResult(result)
        guard PQresultStatus(result) == expecting else {
            throw check(result: result, connection: handle, info: info, context)
        }
        return (owner, result)
    }

    /// The error of a connection that broke: libpq's message, scrubbed of secrets.
    private func copyOutLost(_ context: PostgresContext) -> FerryError {
        let raw = handle.flatMap { PQerrorMessage($0) }.map { String(cString: $0) } ?? ""
        let message = raw.isEmpty ? "the connection to \(serverName) is closed" : info.scrubbed(raw)
        return PostgresDiagnostics(sqlstate: nil, primary: message).error(context, connectionLost: true)
    }
}
