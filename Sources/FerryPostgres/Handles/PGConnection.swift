import CLibPQ
import FerryCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Owns one `PGconn*`: connects (`PQconnectdbParams`), runs statements (`PQexec`,
/// `PQexecParams`), streams `COPY … FROM STDIN` (`PQputCopyData`, `PQputCopyEnd`,
/// `PQgetResult`) and disconnects (`PQfinish`) in `close()` or `deinit`.
///
/// Used from one thread at a time; only `canceller` may be used from another.
final class PGConnection {
    private(set) var handle: OpaquePointer?
    /// Cancels the running statement from another thread.
    let canceller: PGCanceller
    /// The parsed connection string, for scrubbing secrets out of libpq's messages.
    let info: PGConnectionInfo
    /// `host:port/database` of the open connection, for messages.
    let serverName: String

    /// Where the transaction stands (`PQtransactionStatus`).
    enum TransactionStatus {
        case idle, active, inTransaction, failedTransaction, unknown
    }

    /// Connects with `connection` (a URI, a conninfo string or a database name; nil: libpq's
    /// defaults from the PG* environment variables, service files and `~/.pgpass`). The client
    /// encoding is UTF8 whatever the string says; `application_name` is `ferry` unless the string
    /// sets one; notices are not printed; a server that does not answer fails the connection
    /// after `defaultConnectTimeoutSeconds` unless the string or `PGCONNECT_TIMEOUT` sets another. Failures are `target_unavailable` at stage `connect`,
    /// their message scrubbed of the password.
    /// Seconds libpq waits for a connection when neither the string (`connect_timeout`) nor
    /// `PGCONNECT_TIMEOUT` says (Docs/connectors/postgres.md, "Connecting").
    static let defaultConnectTimeoutSeconds = 30

    init(connection: Secret?) throws(FerryError) {
        let text = connection?.reveal()
        let info = PGConnectionInfo(text)
        self.info = info
        if let parseError = info.parseError {
            throw FerryError(
                .invalidRequest, stage: .validate,
                "the PostgreSQL connection string is neither a valid URI nor a valid key=value string (\(parseError))")
        }
        let (keywords, values) = Self.parameters(text, info: info)
        let conn = Self.connect(keywords: keywords, values: values)
        guard let conn, PQstatus(conn) == CONNECTION_OK else {
            let raw = conn.flatMap { PQerrorMessage($0) }.map { String(cString: $0) } ?? "libpq could not allocate a connection"
            // "you should call PQfinish to free the memory used by the PGconn object" even when
            // the connection attempt fails.
            if let conn { PQfinish(conn) }
            let message = info.scrubbed(raw)
            throw PostgresDiagnostics(sqlstate: nil, primary: message)
                .error(PostgresContext(.connect, "connecting to PostgreSQL at \(PostgresDefaults.description(of: info))"), connectionLost: true)
        }
        handle = conn
        // The callback ignores its arguments: notices (`CREATE TABLE IF NOT EXISTS` on an existing
        // table, identifier truncation) are not errors and must not reach stderr.
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        canceller = PGCanceller(connection: conn)
        serverName = Self.serverName(conn)
    }

    /// The keywords and values handed to `PQconnectdbParams`: the string first (expanded as a
    /// whole connection string), then Ferry's additions, of which later ones override it.
    static func parameters(_ text: String?, info: PGConnectionInfo) -> (keywords: [String], values: [String]) {
        var keywords = ["fallback_application_name", "client_encoding"]
        var values = ["ferry", "UTF8"]
        // libpq waits forever for a server that accepts TCP but never answers unless
        // connect_timeout is set; the string's value or PGCONNECT_TIMEOUT wins over Ferry's default.
        if info.value("connect_timeout") == nil {
            keywords.append("connect_timeout")
            values.append(String(defaultConnectTimeoutSeconds))
        }
        if let text {
            // Later keywords override earlier ones, so the string comes first and client_encoding
            // after it; "expand_dbname: the first dbname value is expanded" as a full connection string.
            keywords.insert("dbname", at: 0)
            values.insert(text, at: 0)
        }
        return (keywords, values)
    }

    private static func connect(keywords: [String], values: [String]) -> OpaquePointer? {
        let cKeywords = keywords.map { strdup($0) }
        let cValues = values.map { strdup($0) }
        defer {
            cKeywords.forEach { free($0) }
            cValues.forEach { free($0) }
        }
        var keywordPointers: [UnsafePointer<CChar>?] = cKeywords.map { UnsafePointer($0) } + [nil]
        var valuePointers: [UnsafePointer<CChar>?] = cValues.map { UnsafePointer($0) } + [nil]
        return keywordPointers.withUnsafeMutableBufferPointer { k in
            valuePointers.withUnsafeMutableBufferPointer { v in
                PQconnectdbParams(k.baseAddress, v.baseAddress, 1)
            }
        }
    }

    private static func serverName(_ conn: OpaquePointer) -> String {
        let host = PQhost(conn).map { String(cString: $0) } ?? "localhost"
        let port = PQport(conn).map { String(cString: $0) } ?? ""
        let db = PQdb(conn).map { String(cString: $0) } ?? ""
        return "\(host)\(port.isEmpty ? "" : ":" + port)/\(db)"
    }

    deinit { close() }

    /// Disconnects (`PQfinish`); the server rolls back an open transaction. Idempotent.
    func close() {
        if let handle { PQfinish(handle) }
        handle = nil
    }

    /// Whether `canceller.interrupt()` was called.
    var isInterrupted: Bool { canceller.isInterrupted }

    /// Whether the connection is open and usable (`PQstatus`).
    var isUsable: Bool {
        guard let handle else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    var transactionStatus: TransactionStatus {
        guard let handle else { return .unknown }
        switch PQtransactionStatus(handle) {
        case PQTRANS_IDLE: return .idle
        case PQTRANS_ACTIVE: return .active
        case PQTRANS_INTRANS: return .inTransaction
        case PQTRANS_INERROR: return .failedTransaction
        default: return .unknown
        }
    }

    /// The server's version number (`PQserverVersion`), e.g. 150018.
    var serverVersion: Int {
        handle.map { Int(PQserverVersion($0)) } ?? 0
    }

    /// Runs one or more statements without parameters (`PQexec`). When `interruptible`, a
    /// cancelled connection runs nothing and throws `cancelled`.
    @discardableResult
    func execute(_ sql: String, _ context: @autoclosure () -> PostgresContext, interruptible: Bool = true) throws(FerryError) -> PGResult {
        let handle = try usableHandle(context(), interruptible: interruptible)
        return try finish(PQexec(handle, sql), handle, context())
    }

    /// Runs one statement with text parameters `$1…` (`PQexecParams`; nil is NULL). Values are
    /// never part of the SQL text.
    @discardableResult
    func execute(_ sql: String, parameters: [String?], _ context: @autoclosure () -> PostgresContext, interruptible: Bool = true) throws(FerryError) -> PGResult {
        let handle = try usableHandle(context(), interruptible: interruptible)
        let copies = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        var pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
        let result = pointers.withUnsafeMutableBufferPointer { values in
            PQexecParams(handle, sql, Int32(values.count), nil, values.baseAddress, nil, nil, 0)
        }
        return try finish(result, handle, context())
    }

    /// Starts `COPY … FROM STDIN` (`PQexec` answering `PGRES_COPY_IN`).
    func startCopy(_ sql: String, _ context: @autoclosure () -> PostgresContext) throws(FerryError) {
        let handle = try usableHandle(context(), interruptible: true)
        _ = try finish(PQexec(handle, sql), handle, context())
    }

    /// Sends COPY data (`PQputCopyData`, blocking mode). When the server has already failed the
    /// COPY (libpq then answers -1), reads its error (`PQgetResult`) and throws it.
    func putCopyData(_ data: UnsafeRawBufferPointer, _ context: @autoclosure () -> PostgresContext) throws(FerryError) {
        guard let handle else { throw lostConnection(context()) }
        guard let base = data.baseAddress, !data.isEmpty else { return }
        let sent = PQputCopyData(handle, base.assumingMemoryBound(to: CChar.self), Int32(data.count))
        if sent == 1 { return }
        // -1: "an error occurred"; in blocking mode 0 is not returned ("only in nonblocking mode").
        try drainResults(handle, context())
        throw lostConnection(context())
    }

    /// Ends the COPY (`PQputCopyEnd`; with `failure`, the server fails the COPY with SQLSTATE
    /// 57014) and returns the rows it stored (`PQcmdTuples` of the final result).
    @discardableResult
    func endCopy(failure: String? = nil, _ context: @autoclosure () -> PostgresContext) throws(FerryError) -> Int {
        guard let handle else { throw lostConnection(context()) }
        let ended = failure.map { PQputCopyEnd(handle, $0) } ?? PQputCopyEnd(handle, nil)
        var rows = 0
        var firstError: FerryError?
        // "After successfully calling PQputCopyEnd, call PQgetResult to obtain the final result
        // status of the COPY command"; results are read until NULL so the connection is idle again.
        while let result = PQgetResult(handle) {
            let status = PQresultStatus(result)
            if status == PGRES_COMMAND_OK {
                rows = Int(String(cString: PQcmdTuples(result))) ?? 0
                PQclear(result)
            } else if status == PGRES_COPY_IN {
                // Still in COPY mode: PQputCopyEnd could not be sent. Give up on the connection.
                PQclear(result)
                close()
                throw lostConnection(context())
            } else {
                if firstError == nil { firstError = resultError(result, handle, context()) }
                PQclear(result)
            }
        }
        if let firstError { throw firstError }
        if ended != 1 { throw lostConnection(context()) }
        return rows
    }

    // MARK: Errors

    private func usableHandle(_ context: PostgresContext, interruptible: Bool) throws(FerryError) -> OpaquePointer {
        if interruptible, canceller.isInterrupted {
            throw FerryError(.cancelled, stage: .cancelled, "\(context.action): interrupted")
        }
        guard let handle else { throw lostConnection(context) }
        return handle
    }

    /// Keeps a successful result; turns any other status into the error `check` builds.
    private func finish(_ result: OpaquePointer?, _ handle: OpaquePointer, _ context: PostgresContext) throws(FerryError) -> PGResult {
        guard let result else {
            // "A null pointer is returned only in out-of-memory conditions or serious errors such
            // as inability to send the command to the server."
            throw lostConnection(context)
        }
        let status = PQresultStatus(result)
        if status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_COPY_IN {
            return PGResult(result)
        }
        let error = resultError(result, handle, context)
        PQclear(result)
        throw error
    }

    /// Reads every pending result (after a failed `PQputCopyData`) and throws the first error.
    private func drainResults(_ handle: OpaquePointer, _ context: PostgresContext) throws(FerryError) {
        var firstError: FerryError?
        while let result = PQgetResult(handle) {
            let status = PQresultStatus(result)
            if status == PGRES_COPY_IN {
                // The COPY is still open on our side: end it so the connection leaves COPY mode.
                PQclear(result)
                _ = PQputCopyEnd(handle, "ferry could not send COPY data")
                continue
            }
            if status != PGRES_COMMAND_OK, firstError == nil { firstError = resultError(result, handle, context) }
            PQclear(result)
        }
        if let firstError { throw firstError }
    }

    private func resultError(_ result: OpaquePointer, _ handle: OpaquePointer, _ context: PostgresContext) -> FerryError {
        check(result: result, connection: handle, info: info, context)
    }

    /// The error of a connection that broke (no result, or libpq's own failure).
    private func lostConnection(_ context: PostgresContext) -> FerryError {
        let raw = handle.flatMap { PQerrorMessage($0) }.map { String(cString: $0) } ?? ""
        let message = raw.isEmpty ? "the connection to \(serverName) is closed" : info.scrubbed(raw)
        return PostgresDiagnostics(sqlstate: nil, primary: message).error(context, connectionLost: true)
    }
}
