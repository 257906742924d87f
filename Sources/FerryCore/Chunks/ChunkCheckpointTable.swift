/// The checkpoint table `ferry_checkpoints` next to the load ledger, built once for every
/// database from the dialect's type names: one row per chunked load in progress, replaced in
/// each chunk's transaction and deleted in the transaction that moves the staged rows into the
/// target (Docs/many-files.md, "Chunked, resumable loads").
package enum ChunkCheckpointTable {
    /// The table's name.
    package static let name = "ferry_checkpoints"

    /// The columns, in order, with their kinds.
    package static let columns: [(name: String, kind: LedgerColumn.Kind, nullable: Bool)] = [
        ("checkpoint_key", .text, false), ("run_id", .text, false), ("staging_table", .text, false),
        ("source_uri", .text, false), ("source_bytes", .integer, true), ("column_types", .text, false),
        ("mode", .text, false), ("rows_staged", .integer, false), ("last_line", .integer, false),
        ("bytes_read", .integer, false), ("chunks", .integer, false), ("updated_at", .integer, false),
        ("resume_state", .text, true),
    ]

    /// The column later versions added, for `ALTER TABLE … ADD COLUMN` on an older table.
    package static let addedColumn = "resume_state"

    /// `CREATE TABLE IF NOT EXISTS <table> (…)` in `dialect`'s types.
    package static func createSQL(table: String, dialect: SQLDialect) -> String {
        let definitions = columns.enumerated().map { index, column in
            let type = index == 0 ? dialect.ledgerKeyType : column.kind == .integer ? dialect.typeName(for: .bigint) : dialect.ledgerTextType
            return dialect.quoted(column.name) + " " + type + (column.nullable ? "" : " NOT NULL")
        }
        return "CREATE TABLE IF NOT EXISTS " + table + " (\n    " + definitions.joined(separator: ",\n    ")
            + ",\n    PRIMARY KEY (" + dialect.quoted(columns[0].name) + ")\n)"
    }

    /// `SELECT <every column> FROM <table> WHERE checkpoint_key = <placeholder 1>`.
    package static func selectSQL(table: String, dialect: SQLDialect, placeholder: (Int) -> String) -> String {
        "SELECT " + columns.map { dialect.quoted($0.name) }.joined(separator: ", ") + " FROM " + table
            + " WHERE " + dialect.quoted(columns[0].name) + " = " + placeholder(1)
    }

    /// `DELETE FROM <table> WHERE checkpoint_key = <placeholder 1>`.
    package static func deleteSQL(table: String, dialect: SQLDialect, placeholder: (Int) -> String) -> String {
        "DELETE FROM " + table + " WHERE " + dialect.quoted(columns[0].name) + " = " + placeholder(1)
    }

    /// `INSERT INTO <table> (…) VALUES (<placeholders 1…n>)`.
    package static func insertSQL(table: String, dialect: SQLDialect, placeholder: (Int) -> String) -> String {
        "INSERT INTO " + table + " (" + columns.map { dialect.quoted($0.name) }.joined(separator: ", ") + ") VALUES ("
            + columns.indices.map { placeholder($0 + 1) }.joined(separator: ", ") + ")"
    }

    /// `checkpoint`'s values in column order.
    package static func values(_ checkpoint: ChunkCheckpoint) -> [LedgerValue] {
        [.text(checkpoint.key), .text(checkpoint.runID), .text(checkpoint.stagingTable), .text(checkpoint.sourceURI),
         checkpoint.sourceBytes.map { .integer(Int64($0)) } ?? .null, .text(checkpoint.columnTypes), .text(checkpoint.mode.rawValue),
         .integer(Int64(checkpoint.rowsStaged)), .integer(Int64(checkpoint.lastLine)), .integer(Int64(checkpoint.bytesRead)),
         .integer(Int64(checkpoint.chunks)), .integer(checkpoint.updatedAt), checkpoint.resume.map { .text($0.serialized) } ?? .null]
    }

    /// The checkpoint of a row read back, its columns in order as text (nil for NULL); nil when
    /// a value does not parse.
    package static func checkpoint(fromRow row: [String?]) -> ChunkCheckpoint? {
        guard row.count == columns.count, let key = row[0], let runID = row[1], let staging = row[2], let uri = row[3],
              let types = row[5], let modeText = row[6], let mode = LoadMode(rawValue: modeText) else { return nil }
        func int(_ index: Int) -> Int? { row[index].flatMap { Int($0) } }
        guard let staged = int(7), let line = int(8), let bytes = int(9), let chunks = int(10), let updated = int(11) else { return nil }
        var resume: SourcePosition?
        if let state = row[12] {
            guard let position = SourcePosition(serialized: state) else { return nil }
            resume = position
        }
        return ChunkCheckpoint(key: key, runID: runID, stagingTable: staging, sourceURI: uri, sourceBytes: int(4), columnTypes: types,
                               mode: mode, rowsStaged: staged, lastLine: line, bytesRead: bytes, chunks: chunks, updatedAt: Int64(updated),
                               resume: resume)
    }

    /// The staging table's column numbering rows in load order: `ferry_chunk_row`, with `_`
    /// appended while a load column has that name.
    package static func ordinalColumn(avoiding names: [String]) -> String {
        var name = "ferry_chunk_row"
        while names.contains(name) { name += "_" }
        return name
    }
}
