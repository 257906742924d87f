package import FerryCore

/// Chunked loads into SQLite (Docs/many-files.md, "Chunked, resumable loads"): the staging table
/// is an ordinary table of the same database, whose rowids keep the load order; the checkpoint
/// table `ferry_checkpoints` sits next to the ledger.
extension SQLiteTarget: ChunkStagingTarget {
    private static let checkpointTable = SQLiteSQL.quoted(ChunkCheckpointTable.name)

    package func readCheckpoint(key: String) throws(FerryError) -> ChunkCheckpoint? {
        let action = "reading the checkpoint of table \(SQLiteSQL.quoted(table))"
        guard try SQLiteCatalog(connection: connection, stage: .connect).kind(of: ChunkCheckpointTable.name) == .table else { return nil }
        try addResumeColumn(stage: .connect)
        let statement = try connection.prepare(
            ChunkCheckpointTable.selectSQL(table: Self.checkpointTable, dialect: .sqlite) { "?\($0)" }, stage: .connect, persistent: false, action)
        try statement.bind(1, text: key)
        guard try statement.step(stage: .connect, action) else { return nil }
        let row: [String?] = ChunkCheckpointTable.columns.indices.map { index in
            switch statement.kind(index) {
            case .null: nil
            case .integer: String(statement.int64(index))
            default: String(decoding: statement.text(index), as: UTF8.self)
            }
        }
        guard let checkpoint = ChunkCheckpointTable.checkpoint(fromRow: row) else {
            throw FerryError(.targetSchemaMismatch, stage: .validate,
                             "the checkpoint row of this load in \(Self.checkpointTable) cannot be read; delete it to start over")
        }
        return checkpoint
    }

    /// Every SQLite table keeps its rows in rowid order, which is load order: `ordered` needs nothing more.
    package func prepareStaging(_ staging: String, schema: Schema, key: String, ordered: Bool) throws(FerryError) {
        let action = "creating the staging table \(SQLiteSQL.quoted(staging))"
        try connection.execute("BEGIN IMMEDIATE", stage: .load, action)
        do throws(FerryError) {
            try connection.execute(ChunkCheckpointTable.createSQL(table: Self.checkpointTable, dialect: .sqlite), stage: .load, action)
            try addResumeColumn(stage: .load)
            try deleteCheckpoint(key, stage: .load)
            try connection.execute("DROP TABLE IF EXISTS " + SQLiteSQL.quoted(staging), stage: .load, action)
            try connection.execute(SQLiteSQL.createTable(staging, schema: schema, primaryKey: []), stage: .load, action)
            try connection.execute("COMMIT", stage: .load, action)
        } catch {
            if connection.inTransaction { _ = try? connection.execute("ROLLBACK", stage: .load, action) }
            throw error
        }
    }

    package func saveCheckpoint(_ checkpoint: ChunkCheckpoint, load: SQLiteLoad) throws(FerryError) {
        let action = "saving the checkpoint of table \(SQLiteSQL.quoted(table))"
        try deleteCheckpoint(checkpoint.key, stage: .commit)
        let statement = try connection.prepare(
            ChunkCheckpointTable.insertSQL(table: Self.checkpointTable, dialect: .sqlite) { "?\($0)" }, stage: .commit, persistent: false, action)
        for (index, value) in ChunkCheckpointTable.values(checkpoint).enumerated() {
            let position = Int32(index + 1)
            switch value {
            case let .text(text): try statement.bind(position, text: text)
            case let .integer(number), let .timestamp(number): try statement.bind(position, int64: number)
            case .null, .targetIdentity: try statement.bindNull(position)
            }
        }
        _ = try statement.step(stage: .commit, action)
    }

    /// Rows go in rowid order, which is load order; an upsert's conflict clause applies them one
    /// by one, so the last row of a key wins as in a single-transaction load.
    package func moveStaged(from staging: String, schema: Schema, ordered: Bool, staged: Int, load: SQLiteLoad) throws(FerryError) -> Int {
        if load.intoNewTable {
            try renameStaged(staging, into: load.writer.table)
            return staged
        }
        let columns = schema.names.map(SQLiteSQL.quoted).joined(separator: ", ")
        var sql = "INSERT INTO " + SQLiteSQL.quoted(load.writer.table) + " (" + columns + ") SELECT " + columns
            + " FROM " + SQLiteSQL.quoted(staging) + " WHERE true" + (ordered ? " ORDER BY rowid" : "")
        if case let .insert(conflictKey) = load.writer.kind, !conflictKey.isEmpty,
           let clause = SQLiteSQL.dialect.conflictClause(columns: schema.names, key: conflictKey) {
            sql += clause
        } else if case .update = load.writer.kind {
            throw FerryError(.invalidRequest, stage: .validate, "mode update is not chunked")
        }
        try connection.execute(sql, stage: .commit, "moving the staged rows of \(SQLiteSQL.quoted(staging)) into table \(SQLiteSQL.quoted(table))")
        return connection.changes
    }

    /// A `create` or `replace` whose table this transaction just made (empty, no key): the
    /// staging table takes that table's place (`DROP TABLE`, `ALTER TABLE … RENAME`) instead of
    /// its rows being copied over.
    private func renameStaged(_ staging: String, into new: String) throws(FerryError) {
        let action = "putting the staging table \(SQLiteSQL.quoted(staging)) in the place of table \(SQLiteSQL.quoted(new))"
        try connection.execute("DROP TABLE " + SQLiteSQL.quoted(new), stage: .commit, action)
        try connection.execute("ALTER TABLE " + SQLiteSQL.quoted(staging) + " RENAME TO " + SQLiteSQL.quoted(new), stage: .commit, action)
    }

    package func dropStaging(_ staging: String, key: String, load: SQLiteLoad) throws(FerryError) {
        try connection.execute("DROP TABLE IF EXISTS " + SQLiteSQL.quoted(staging), stage: .commit, "dropping the staging table \(SQLiteSQL.quoted(staging))")
        try deleteCheckpoint(key, stage: .commit)
    }

    /// Adds the column a checkpoint table made by an older Ferry lacks.
    private func addResumeColumn(stage: FerryError.Stage) throws(FerryError) {
        let columns = try SQLiteCatalog(connection: connection, stage: stage).columns(of: ChunkCheckpointTable.name)
        guard !columns.contains(where: { $0.column.name == ChunkCheckpointTable.addedColumn }) else { return }
        try connection.execute("ALTER TABLE \(Self.checkpointTable) ADD COLUMN \(SQLiteSQL.quoted(ChunkCheckpointTable.addedColumn)) TEXT",
                               stage: stage, "adding a column to \(Self.checkpointTable)")
    }

    private func deleteCheckpoint(_ key: String, stage: FerryError.Stage) throws(FerryError) {
        let action = "deleting the checkpoint of table \(SQLiteSQL.quoted(table))"
        let statement = try connection.prepare(
            ChunkCheckpointTable.deleteSQL(table: Self.checkpointTable, dialect: .sqlite) { "?\($0)" }, stage: stage, persistent: false, action)
        try statement.bind(1, text: key)
        _ = try statement.step(stage: stage, action)
    }
}

extension SQLiteEndpoint: ChunkStagingEndpoint {
    package func openStagingSink(_ context: ConnectorContext, table: String?) throws(FerryError) -> any ChunkStagingSink {
        var endpoint = self
        if let table { endpoint.table = table }
        return try SQLiteSink(endpoint: endpoint, runID: context.runID)
    }
}
