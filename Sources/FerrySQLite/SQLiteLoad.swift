package import FerryCore

/// One load in progress inside the sink's transaction: the table it writes (for `replace`, a
/// staging table), its batch writer, and what `finish` still has to do.
package final class SQLiteLoad: TargetLoad {
    let writer: SQLiteBatchWriter
    private let connection: SQLiteConnection
    /// For `replace` of an existing table: the staging table that takes the target's name.
    private let swap: (staging: String, target: String)?
    /// Whether `writer` writes a table without a key that this transaction created for a
    /// `create` or `replace`: a chunked load may then put its staging table in that one's place.
    private(set) var intoNewTable = false

    private init(connection: SQLiteConnection, writer: SQLiteBatchWriter, swap: (staging: String, target: String)?) {
        self.connection = connection
        self.writer = writer
        self.swap = swap
    }

    /// Prepares `table` for `mode` inside the open transaction: creates, empties or checks it.
    static func begin(
        connection: SQLiteConnection, table: String, schema: Schema, mode: LoadMode, key: [String], stagingSuffix: String
    ) throws(FerryError) -> SQLiteLoad {
        let catalog = SQLiteCatalog(connection: connection, stage: .load)
        let kind = try catalog.kind(of: table)
        if kind == .view {
            throw FerryError(.targetSchemaMismatch, stage: .validate, "\(SQLiteSQL.quoted(table)) is a view; a SQLite target must be a table")
        }
        let exists = kind == .table
        let insert = SQLiteBatchWriter.Kind.insert(conflictKey: [])

        var created: String?
        func create(_ name: String, primaryKey: [String] = []) throws(FerryError) {
            created = primaryKey.isEmpty && (mode == .create || mode == .replace) ? name : nil
            try connection.execute(
                SQLiteSQL.createTable(name, schema: schema, primaryKey: primaryKey), stage: .load,
                "creating table \(SQLiteSQL.quoted(name))")
        }
        func load(_ name: String, _ kind: SQLiteBatchWriter.Kind, swap: (staging: String, target: String)? = nil) throws(FerryError) -> SQLiteLoad {
            let writer = try SQLiteBatchWriter(connection: connection, table: name, schema: schema, kind: kind)
            let load = SQLiteLoad(connection: connection, writer: writer, swap: swap)
            load.intoNewTable = created == name
            return load
        }

        switch mode {
        case .create:
            if exists {
                throw FerryError(.targetExists, stage: .load, "table \(SQLiteSQL.quoted(table)) already exists; mode create only makes new tables")
            }
            try create(table, primaryKey: key)
            return try load(table, insert)
        case .append:
            if !exists { try create(table) }
            return try load(table, insert)
        case .truncate:
            if exists {
                try connection.execute("DELETE FROM " + SQLiteSQL.quoted(table), stage: .load, "emptying table \(SQLiteSQL.quoted(table))")
            } else {
                try create(table)
            }
            return try load(table, insert)
        case .replace:
            guard exists else {
                try create(table, primaryKey: key)
                return try load(table, insert)
            }
            let staging = table + stagingSuffix
            if try catalog.kind(of: staging) != nil {
                throw FerryError(.targetExists, stage: .load, "the staging table \(SQLiteSQL.quoted(staging)) for replacing \(SQLiteSQL.quoted(table)) already exists")
            }
            try create(staging, primaryKey: key)
            return try load(staging, insert, swap: (staging, table))
        case .upsert:
            if exists {
                guard try catalog.hasUniqueKey(table, key: key) else {
                    let names = key.map(SQLiteSQL.quoted).joined(separator: ", ")
                    throw FerryError(
                        .targetSchemaMismatch, stage: .validate,
                        "upsert into table \(SQLiteSQL.quoted(table)) needs a PRIMARY KEY or UNIQUE index on exactly (\(names)); the table has none (add one with CREATE UNIQUE INDEX, or change the key)")
                }
            } else {
                try create(table, primaryKey: key)
            }
            return try load(table, .insert(conflictKey: key))
        case .update:
            guard exists else {
                throw FerryError(.targetNotFound, stage: .validate, "table \(SQLiteSQL.quoted(table)) does not exist; mode update changes existing rows only")
            }
            return try load(table, .update(key: key))
        }
    }

    /// What remains before COMMIT. For `replace`: drop the old table (its indexes and triggers go
    /// with it) and give the staging table its name. The rename runs with
    /// `PRAGMA legacy_alter_table = ON`: otherwise SQLite (3.26+) re-checks every view while
    /// renaming and fails on views of the just-dropped table ("error in view v: no such table"),
    /// though they are valid again once the rename is done.
    /// SQLite writes every row where it belongs as it goes (upsert and update included), so
    /// nothing is merged: nil.
    package func finish() throws(FerryError) -> Int? {
        guard let swap else { return nil }
        let target = SQLiteSQL.quoted(swap.target)
        try connection.execute("DROP TABLE " + target, stage: .commit, "dropping the old table \(target)")
        let action = "renaming the staging table to \(target)"
        let read = try connection.prepare("PRAGMA legacy_alter_table", stage: .commit, persistent: false, action)
        let previous = try read.step(stage: .commit, action) ? read.int64(0) : 0
        read.reset()
        // The setting belongs to this connection, which serves this one load: when the rename
        // fails the load rolls back and the connection is not used again, so only success restores it.
        try connection.execute("PRAGMA legacy_alter_table = ON", stage: .commit, action)
        try connection.execute("ALTER TABLE " + SQLiteSQL.quoted(swap.staging) + " RENAME TO " + target, stage: .commit, action)
        try connection.execute("PRAGMA legacy_alter_table = \(previous)", stage: .commit, action)
        return nil
    }

    package func write(_ batch: TypedBatch) throws(FerryError) -> Int {
        let written = try writer.write(batch)
        // Pages SQLite spilled from its cache go to disk while the load goes on, not all in COMMIT's fsync.
        connection.startWriteback()
        return written
    }
}
