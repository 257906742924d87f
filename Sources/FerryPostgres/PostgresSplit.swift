import FerryCore

/// How `PostgresSource` reads a large table over two COPY streams: the first half of the table's
/// pages (`ctid < '(h,0)'`) on the source's connection, the rest (`ctid >= '(h,0)'`) on a second
/// connection that imports the first one's snapshot (`pg_export_snapshot`, `SET TRANSACTION
/// SNAPSHOT`), so both see exactly the same rows. Each half is a TID range scan (PostgreSQL 14
/// and later), so the server reads every page once, on two backends, and the client decodes on
/// two threads. The two ranges cover every tuple once, whatever the table's size now.
struct PostgresSplit {
    /// The `WHERE` clause of the first and of the second half.
    let firstHalf: String
    let secondHalf: String
    /// The snapshot the second connection imports.
    private let snapshot: String

    /// Tables smaller than this are read through one COPY: a second connection costs more than
    /// it saves (Docs/benchmarks.md, "PostgreSQL → CSV").
    static let minimumBytes = 32 << 20

    /// The split of `table` when it is an ordinary table of at least `minimumBytes` on
    /// PostgreSQL 14 or later (TID range scans); nil otherwise. Runs in the source's open
    /// transaction, after its snapshot was taken (`pg_relation_size` then covers every row it
    /// sees), and exports that snapshot.
    static func plan(
        _ table: PostgresCatalog.Relation, on connection: PGConnection, minimumBytes: Int
    ) throws(FerryError) -> PostgresSplit? {
        guard table.kind == "r", connection.serverVersion >= 140_000 else { return nil }
        let context = PostgresContext(.connect, "sizing table \(table.name) on \(connection.serverName)")
        let size = try connection.execute(
            "SELECT pg_catalog.pg_relation_size($1::oid), pg_catalog.current_setting('block_size')::bigint, pg_catalog.pg_is_in_recovery()",
            parameters: [String(table.oid)], context)
        // A standby in recovery may refuse to export snapshots: it reads through one COPY.
        guard let bytes = size.int(0, 0), let blockSize = size.int(0, 1), blockSize > 0, !size.bool(0, 2),
              bytes >= max(minimumBytes, 2 * blockSize)
        else { return nil }
        let half = bytes / blockSize / 2
        let exported = try connection.execute(
            "SELECT pg_catalog.pg_export_snapshot()",
            PostgresContext(.connect, "exporting the snapshot of table \(table.name) on \(connection.serverName)"))
        // A snapshot id is hexadecimal digits and dashes ("00000003-0000001B-1"); anything else
        // must not reach the SET statement's text.
        guard let snapshot = exported.text(0, 0), !snapshot.isEmpty,
              snapshot.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || $0.isHexDigit })
        else {
            throw FerryError(.internalError, stage: .connect, "PostgreSQL returned an unexpected snapshot id for table \(table.name)")
        }
        return PostgresSplit(
            firstHalf: " WHERE ctid < '(\(half),0)'::tid", secondHalf: " WHERE ctid >= '(\(half),0)'::tid", snapshot: snapshot)
    }

    /// Opens the second connection (`PQconnectdbParams`) in a read-only transaction on the
    /// exported snapshot, with the source session's output styles. The exporting
    /// transaction must stay open until then.
    func openSecond(_ connectionString: Secret?) throws(FerryError) -> PGConnection {
        let second = try PGConnection(connection: connectionString)
        do {
            try PostgresSource.beginReading(on: second)
            try second.execute(
                "SET TRANSACTION SNAPSHOT '\(snapshot)'",
                PostgresContext(.connect, "importing the source's snapshot on \(second.serverName)"))
        } catch {
            second.close()
            throw error
        }
        return second
    }
}

private extension UInt8 {
    var isHexDigit: Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self)
            || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self)
    }
}
