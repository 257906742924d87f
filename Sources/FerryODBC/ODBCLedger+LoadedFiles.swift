package import FerryCore

extension ODBCEndpoint {
    /// The ledger's completed file loads into this table (`IfLoaded`): the ledger table
    /// `<schema>.ferry_loads` read as an ODBC source (every dialect can `SELECT *` it) and its
    /// rows kept when they are completed loads of this table with a checksum and a size; none
    /// when there is no ledger table.
    package func loadedFiles(_ context: ConnectorContext) throws(FerryError) -> [LoadedFile] {
        let ledger = ODBCEndpoint(connection: connection, schema: schema, table: LedgerEntry.defaultTable)
        let source: ODBCSource
        do {
            source = try ODBCSource(endpoint: ledger, batchSize: 1000, library: ODBCLibraryLocation(environment: context.environment))
        } catch {
            if error.code == .sourceNotFound { return [] }
            throw error
        }
        defer { source.close() }
        let names = source.columns.map { $0.name.lowercased() }
        func position(_ column: LedgerColumn) -> Int? { names.firstIndex(of: column.rawValue) }
        guard let uri = position(.sourceURI), let sha = position(.sourceSHA256), let size = position(.sourceBytes),
              let run = position(.runID), let table = position(.targetTable), let status = position(.status)
        else { return [] }
        var rows: [LoadedFile] = []
        while let chunk = try source.next() {
            let batch = chunk.rows
            for row in 0..<batch.rowCount {
                guard batch.text(row: row, column: table) == objectName,
                      batch.text(row: row, column: status) == LedgerEntry.Status.completed.rawValue,
                      let path = batch.text(row: row, column: uri), let digest = batch.text(row: row, column: sha),
                      let bytes = batch.text(row: row, column: size).flatMap({ Int($0) }),
                      let id = batch.text(row: row, column: run) else { continue }
                rows.append(LoadedFile(path, SourceFingerprint(sha256: digest, bytes: bytes), loadedBy: id))
            }
        }
        return rows
    }
}
