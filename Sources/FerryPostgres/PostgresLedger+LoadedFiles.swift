package import FerryCore

extension PostgresLedger {
    /// The completed file loads into `endpoint`'s table the ledger records (`LoadedFile`); none
    /// when there is no ledger. Reads only.
    static func loadedFiles(for endpoint: PostgresEndpoint) throws(FerryError) -> [LoadedFile] {
        let connection = try PGConnection(connection: endpoint.connection)
        defer { connection.close() }
        let catalog = PostgresCatalog(connection: connection, stage: .validate)
        var schema = endpoint.ledgerSchema ?? endpoint.schema
        if schema == nil { schema = try catalog.currentSchema() }
        guard let schema else { return [] }
        let ledger = PostgresTableName(schema: schema, table: LedgerEntry.defaultTable)
        guard try catalog.relation(ledger) != nil else { return [] }
        let context = PostgresContext(.validate, "reading the load ledger \(ledger) for table \(endpoint.objectName)")
        let result = try connection.execute(
            LoadedFile.selectSQL(ledger: ledger.sql, parameter: "$1"),
            parameters: [endpoint.objectName], context)
        return (0..<result.rowCount).compactMap { row in
            guard let uri = result.text(row, 0), let sha = result.text(row, 1), let bytes = result.int(row, 2),
                  let run = result.text(row, 3) else { return nil }
            return LoadedFile(uri, SourceFingerprint(sha256: sha, bytes: bytes), loadedBy: run)
        }
    }
}

extension PostgresEndpoint {
    /// The ledger's completed file loads into this table (`IfLoaded`).
    package func loadedFiles(_ context: ConnectorContext) throws(FerryError) -> [LoadedFile] {
        try PostgresLedger.loadedFiles(for: self)
    }
}
