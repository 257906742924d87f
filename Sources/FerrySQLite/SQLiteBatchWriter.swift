import FerryCore

/// Binds typed batches to prepared INSERT, upsert or UPDATE statements and runs them.
///
/// Inserts go through a statement of `groupRows` rows (`VALUES (…), (…)`) while a batch has that
/// many rows left, and a one-row statement for the rest. Values are bound straight from the
/// batch's buffers (`SQLITE_STATIC`): they live until the batch's `write` returns, and every
/// parameter is rebound before each step and cleared before `write` returns.
final class SQLiteBatchWriter {
    /// The statement kind, from the load mode.
    enum Kind: Equatable {
        /// `INSERT`, or `INSERT … ON CONFLICT (key) DO UPDATE` when the key is not empty.
        case insert(conflictKey: [String])
        /// `UPDATE … WHERE key = …`, one row at a time.
        case update(key: [String])
    }

    /// How one column's values are bound.
    fileprivate enum Binding {
        case integer, boolean, real, decimal, text
        /// date and timestamps: rendered to canonical text per batch, then bound as text.
        case rendered
    }

    private let connection: SQLiteConnection
    let table: String
    private let schema: Schema
    private let bindings: [Binding]
    let kind: Kind
    /// Indexes of key columns, checked for NULL in upserts.
    private let keyIndexes: [Int]
    private let single: SQLiteStatement
    private let group: SQLiteStatement?
    private let groupRows: Int
    /// Canonical texts of `.rendered` columns, reused across batches.
    private var rendered: [RenderedColumn]
    /// A valid pointer for empty text values (a nil pointer would bind NULL).
    private let emptyText: UnsafePointer<UInt8>

    /// Rows per multi-row INSERT; measured in Docs/connectors/sqlite.md.
    static let defaultGroupRows = 32

    init(connection: SQLiteConnection, table: String, schema: Schema, kind: Kind, groupRows: Int = SQLiteBatchWriter.defaultGroupRows) throws(FerryError) {
        self.connection = connection
        self.table = table
        self.schema = schema
        self.kind = kind
        bindings = schema.columns.map { Self.binding(for: $0.type) }
        rendered = Array(repeating: RenderedColumn(), count: schema.columns.count)
        let action = "preparing the statement that writes table \(SQLiteSQL.quoted(table))"
        do throws(FerryError) {
            (keyIndexes, single, group, self.groupRows) = try Self.prepare(connection, table, schema, kind, groupRows, action)
        } catch where error.code == .targetWrite {
            // The statement is built from the load's schema, so SQLite refusing it ("table t has
            // no column named x", an ON CONFLICT target without its index) means the table and
            // the schema disagree.
            var mismatch = error
            mismatch.code = .targetSchemaMismatch
            throw mismatch
        }
        // Allocated last: `deinit`, which frees it, only runs for a fully initialized writer.
        let empty = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        empty.initialize(to: 0)
        emptyText = UnsafePointer(empty)
    }

    private static func prepare(
        _ connection: SQLiteConnection, _ table: String, _ schema: Schema, _ kind: Kind, _ groupRows: Int, _ action: String
    ) throws(FerryError) -> (keyIndexes: [Int], single: SQLiteStatement, group: SQLiteStatement?, groupRows: Int) {
        let names = schema.names
        switch kind {
        case let .insert(conflictKey):
            let keyIndexes = conflictKey.compactMap { schema.index(of: $0) }
            let single = try connection.prepare(SQLiteSQL.insert(table, columns: names, rows: 1, conflictKey: conflictKey), stage: .load, action)
            let rows = min(groupRows, connection.maxParameters / max(names.count, 1))
            guard rows > 1 else { return (keyIndexes, single, nil, 1) }
            let group = try connection.prepare(SQLiteSQL.insert(table, columns: names, rows: rows, conflictKey: conflictKey), stage: .load, action)
            return (keyIndexes, single, group, rows)
        case let .update(key):
            let single = try connection.prepare(SQLiteSQL.update(table, columns: names, key: key), stage: .load, action)
            return (key.compactMap { schema.index(of: $0) }, single, nil, 1)
        }
    }

    deinit {
        UnsafeMutablePointer(mutating: emptyText).deallocate()
    }

    private static func binding(for type: ColumnType) -> Binding {
        switch type {
        case .bigint: .integer
        case .boolean: .boolean
        case .double: .real
        case .decimal: .decimal
        case .text, .uuid, .json: .text
        case .date, .timestamp, .timestamptz: .rendered
        }
    }

    /// Writes `batch`; returns the rows inserted or upserted, or for `update` the batch rows
    /// whose key matched at least one row.
    func write(_ batch: TypedBatch) throws(FerryError) -> Int {
        let rowCount = batch.rowCount
        guard rowCount > 0 else { return 0 }
        try validate(batch)
        if case .insert(let conflictKey) = kind, !conflictKey.isEmpty { try rejectNullKeys(batch) }
        renderTexts(batch)
        let texts = rendered
        var views: [ColumnView] = []
        views.reserveCapacity(batch.columns.count)
        defer {
            single.clearBindings()
            group?.clearBindings()
        }
        return try withViews(batch, texts, from: 0, into: &views) { (views) throws(FerryError) -> Int in
            try views.withUnsafeBufferPointer { (views) throws(FerryError) -> Int in
                try run(views, lines: batch.lines, rowCount: rowCount)
            }
        }
    }

    /// Steps the statements over every row of the batch.
    private func run(_ views: UnsafeBufferPointer<ColumnView>, lines: [Int], rowCount: Int) throws(FerryError) -> Int {
        var written = 0
        var row = 0
        while row < rowCount {
            if connection.isInterrupted { throw cancelledError() }
            if let group, rowCount - row >= groupRows {
                do {
                    let changed = try execute(group, views, first: row, rows: groupRows, lines: lines)
                    // Upsert: every row is applied, whatever SQLite counts as changed (see below).
                    if case let .insert(conflictKey) = kind, !conflictKey.isEmpty { written += groupRows } else { written += changed }
                } catch where error.code == .targetConstraint {
                    // The failed statement undid its own rows (conflict resolution ABORT): replay
                    // them one at a time so the error names the row's source line.
                    for replay in row..<(row + groupRows) {
                        _ = try execute(single, views, first: replay, rows: 1, lines: lines)
                    }
                    throw error
                }
                row += groupRows
            } else {
                let changed = try execute(single, views, first: row, rows: 1, lines: lines)
                switch kind {
                case .update: written += changed > 0 ? 1 : 0
                // Every upsert row is applied, also one that changes nothing (DO NOTHING when
                // every column is a key column): rows_written counts input rows on every target.
                case let .insert(conflictKey) where !conflictKey.isEmpty: written += 1
                default: written += changed
                }
                row += 1
            }
        }
        return written
    }

    /// Binds `rows` rows starting at `first` and steps `statement` once; returns the rows changed.
    @inline(__always)
    private func execute(_ statement: SQLiteStatement, _ views: UnsafeBufferPointer<ColumnView>, first: Int, rows: Int, lines: [Int]) throws(FerryError) -> Int {
        var parameter: Int32 = 1
        for row in first..<(first + rows) {
            for view in views {
                if view.isNull[row] {
                    try statement.bindNull(parameter)
                } else {
                    switch view.binding {
                    case .integer:
                        try statement.bind(parameter, int64: view.ints[row])
                    case .boolean:
                        try statement.bind(parameter, int64: view.ints[row] != 0 ? 1 : 0)
                    case .real:
                        try statement.bind(parameter, double: view.doubles[row])
                    case .text, .rendered:
                        let start = row == 0 ? 0 : Int(view.ends[row - 1])
                        let count = Int(view.ends[row]) - start
                        try statement.bindText(parameter, view.bytes + start, count: count)
                    case .decimal:
                        let start = row == 0 ? 0 : Int(view.ends[row - 1])
                        let count = Int(view.ends[row]) - start
                        switch SQLiteDecimal.parse(view.bytes + start, count: count) {
                        case let .integer(value)?: try statement.bind(parameter, int64: value)
                        case let .real(value)?: try statement.bind(parameter, double: value)
                        case nil: throw notCanonical(column: Int(parameter - 1) % views.count, line: lines[row])
                        }
                    }
                }
                parameter += 1
            }
        }
        defer { statement.reset() }
        _ = try statement.step(stage: .load, self.describe(lines, first: first, rows: rows))
        return connection.changes
    }

    // MARK: Batch preparation

    /// Checks that the batch matches the schema the statements were prepared for, so the
    /// pointer loops stay in bounds.
    private func validate(_ batch: TypedBatch) throws(FerryError) {
        let rowCount = batch.rowCount
        var valid = batch.columns.count == schema.columns.count
        for (index, column) in batch.columns.enumerated() where valid {
            valid = column.type == schema.columns[index].type && column.isNull.count == rowCount
            switch column.type.storage {
            case .int64: valid = valid && column.ints.count >= rowCount
            case .float64: valid = valid && column.doubles.count >= rowCount
            case .bytes: valid = valid && column.ends.count >= rowCount && Int(column.ends[rowCount - 1]) <= column.bytes.count
            }
        }
        guard valid else {
            throw FerryError(.internalError, stage: .load, "a batch for table \(SQLiteSQL.quoted(table)) does not match the schema the load began with")
        }
    }

    /// Upsert keys must not be NULL: SQLite would insert such rows (or give an INTEGER PRIMARY
    /// KEY a new rowid) instead of failing as other databases do.
    private func rejectNullKeys(_ batch: TypedBatch) throws(FerryError) {
        for index in keyIndexes {
            let nulls = batch.columns[index].isNull
            for row in 0..<batch.rowCount where nulls[row] {
                throw FerryError(
                    .targetConstraint, stage: .load,
                    "key column \(SQLiteSQL.quoted(schema.columns[index].name)) is NULL at source line \(batch.lines[row]); an upsert key must have a value")
            }
        }
    }

    /// Renders date and timestamp columns to their canonical texts (`ValueFormatter`).
    private func renderTexts(_ batch: TypedBatch) {
        for index in bindings.indices where bindings[index] == .rendered {
            let column = batch.columns[index]
            // Work on a local copy (moved out and back), so the loop pays no exclusivity checks.
            var texts = RenderedColumn()
            swap(&texts, &rendered[index])
            texts.bytes.removeAll(keepingCapacity: true)
            texts.ends.removeAll(keepingCapacity: true)
            for row in 0..<batch.rowCount {
                if !column.isNull[row] { ValueFormatter.append(column, row: row, to: &texts.bytes) }
                texts.ends.append(Int32(truncatingIfNeeded: texts.bytes.count))
            }
            swap(&texts, &rendered[index])
        }
    }

    /// Calls `body` with raw views of every column's buffers, valid for the duration of the call
    /// (one nested `withUnsafeBufferPointer` level per buffer).
    private func withViews<R>(
        _ batch: TypedBatch, _ texts: [RenderedColumn], from index: Int, into views: inout [ColumnView],
        _ body: (inout [ColumnView]) throws(FerryError) -> R
    ) throws(FerryError) -> R {
        if index == batch.columns.count { return try body(&views) }
        let column = batch.columns[index]
        let binding = bindings[index]
        return try column.isNull.withUnsafeBufferPointer { (nulls) throws(FerryError) -> R in
            var view = ColumnView(binding: binding, isNull: nulls, bytes: emptyText)
            switch binding {
            case .integer, .boolean:
                return try column.ints.withUnsafeBufferPointer { (ints) throws(FerryError) -> R in
                    view.ints = ints
                    views.append(view)
                    return try withViews(batch, texts, from: index + 1, into: &views, body)
                }
            case .real:
                return try column.doubles.withUnsafeBufferPointer { (doubles) throws(FerryError) -> R in
                    view.doubles = doubles
                    views.append(view)
                    return try withViews(batch, texts, from: index + 1, into: &views, body)
                }
            case .text, .decimal:
                return try Self.withBytes(column.bytes, column.ends, view, into: &views) { (views) throws(FerryError) -> R in
                    try withViews(batch, texts, from: index + 1, into: &views, body)
                }
            case .rendered:
                return try Self.withBytes(texts[index].bytes, texts[index].ends, view, into: &views) { (views) throws(FerryError) -> R in
                    try withViews(batch, texts, from: index + 1, into: &views, body)
                }
            }
        }
    }

    private static func withBytes<R>(
        _ bytes: [UInt8], _ ends: [Int32], _ view: ColumnView, into views: inout [ColumnView],
        _ body: (inout [ColumnView]) throws(FerryError) -> R
    ) throws(FerryError) -> R {
        try bytes.withUnsafeBufferPointer { (bytes) throws(FerryError) -> R in
            try ends.withUnsafeBufferPointer { (ends) throws(FerryError) -> R in
                var view = view
                // An all-empty column has no bytes: its values are bound from `emptyText`.
                if let base = bytes.baseAddress { view.bytes = base }
                view.ends = ends
                views.append(view)
                return try body(&views)
            }
        }
    }

    // MARK: Messages (names and line numbers, never values)

    private func describe(_ lines: [Int], first: Int, rows: Int) -> String {
        let last = first + rows - 1
        let where_ = rows == 1 ? "source line \(lines[first])" : "source lines \(lines[first])–\(lines[last])"
        switch kind {
        case .insert: return "writing \(where_) into table \(SQLiteSQL.quoted(table))"
        case .update: return "updating table \(SQLiteSQL.quoted(table)) from \(where_)"
        }
    }

    private func notCanonical(column: Int, line: Int) -> FerryError {
        FerryError(
            .internalError, stage: .load,
            "column \(SQLiteSQL.quoted(schema.columns[column].name)) at source line \(line) holds a decimal that is not in canonical form")
    }

    private func cancelledError() -> FerryError {
        FerryError(.cancelled, stage: .cancelled, "the load into table \(SQLiteSQL.quoted(table)) was interrupted")
    }
}

/// Raw views of one column's buffers for the bind loop (valid only inside `withViews`); the
/// buffers a binding does not use stay empty.
private struct ColumnView {
    var binding: SQLiteBatchWriter.Binding
    var isNull: UnsafeBufferPointer<Bool>
    var ints = UnsafeBufferPointer<Int64>(start: nil, count: 0)
    var doubles = UnsafeBufferPointer<Double>(start: nil, count: 0)
    /// Start of the text bytes; the writer's `emptyText` when the column has none.
    var bytes: UnsafePointer<UInt8>
    var ends = UnsafeBufferPointer<Int32>(start: nil, count: 0)
}

/// Canonical texts of one date or timestamp column of the current batch.
private struct RenderedColumn {
    var bytes: [UInt8] = []
    var ends: [Int32] = []
}
