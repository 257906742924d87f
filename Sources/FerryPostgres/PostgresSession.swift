package import FerryCore

/// One PostgreSQL connection for a caller outside the load path (ferry-serve's run history): one
/// statement at a time with text parameters `$1…`, rows read back as integers, texts or NULL.
/// Used from one thread at a time (the caller serialises, e.g. behind a lock).
package final class PostgresSession {
    /// A result value: integer columns (`int2`, `int4`, `int8`, integral `numeric`) as integers.
    package enum Cell: Sendable, Equatable {
        case integer(Int64)
        case text(String)
        case null
    }

    private let connection: PGConnection

    /// Connects with `connection` (a URI or key=value string); failures are `target_unavailable`
    /// with the password scrubbed from libpq's message.
    package init(connection: Secret) throws(FerryError) {
        self.connection = try PGConnection(connection: connection)
    }

    deinit { connection.close() }

    /// `host:port/database`, without user or password, for messages and logs.
    package var serverName: String { connection.serverName }

    /// Whether the connection is open and usable (`PQstatus`).
    package var isUsable: Bool { connection.isUsable }

    /// Disconnects; idempotent.
    package func close() { connection.close() }

    /// Runs one statement (`PQexecParams`; nil parameters are NULL) and returns its rows. Errors
    /// are classified as for loads: a lost connection or a server shutting down is
    /// `target_unavailable`, retryable.
    @discardableResult
    package func query(_ sql: String, parameters: [String?] = [], stage: FerryError.Stage = .load, _ action: String) throws(FerryError) -> [[Cell]] {
        let result = try connection.execute(sql, parameters: parameters, PostgresContext(stage, action), interruptible: false)
        let integer = (0..<result.columnCount).map { Self.integerTypes.contains(result.typeOID($0)) }
        return (0..<result.rowCount).map { row in
            (0..<result.columnCount).map { column in
                guard let text = result.text(row, column) else { return .null }
                if integer[column], let value = Int64(text) { return .integer(value) }
                return .text(text)
            }
        }
    }

    /// int8, int2, int4, numeric (`sum(bigint)` is numeric).
    private static let integerTypes: Set<UInt32> = [20, 21, 23, 1700]
}
