package import FerryCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SQLiteLedger {
    /// The completed file loads into `endpoint`'s table the ledger records (`LoadedFile`); none
    /// when the database file or the ledger does not exist. Opens the file read-only.
    static func loadedFiles(for endpoint: SQLiteEndpoint) throws(FerryError) -> [LoadedFile] {
        guard access(endpoint.path, F_OK) == 0 else { return [] }
        let connection = try SQLiteConnection(path: endpoint.path, role: .target, mode: .readOnly)
        defer { connection.close() }
        guard !(try columns(connection, stage: .validate)).isEmpty else { return [] }
        let action = "reading the ledger table \(SQLiteSQL.quoted(LedgerTable.name)) for table \(SQLiteSQL.quoted(endpoint.objectName))"
        let statement = try connection.prepare(
            LoadedFile.selectSQL(ledger: SQLiteSQL.quoted(LedgerTable.name), parameter: "?1"),
            stage: .validate, persistent: false, action)
        try statement.bind(1, text: endpoint.objectName)
        var rows: [LoadedFile] = []
        while try statement.step(stage: .validate, action) {
            let digest = SourceFingerprint(sha256: String(decoding: statement.text(1), as: UTF8.self), bytes: Int(statement.int64(2)))
            rows.append(LoadedFile(String(decoding: statement.text(0), as: UTF8.self), digest,
                                   loadedBy: String(decoding: statement.text(3), as: UTF8.self)))
        }
        return rows
    }
}

extension SQLiteEndpoint {
    /// The ledger's completed file loads into this table (`IfLoaded`).
    package func loadedFiles(_ context: ConnectorContext) throws(FerryError) -> [LoadedFile] {
        try SQLiteLedger.loadedFiles(for: self)
    }
}
