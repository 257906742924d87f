import FerryCore
@testable import FerrySQLite
import FerryTestSupport
import Testing

/// A database file in a fresh temporary directory, with raw SQL access for setting up and
/// checking tables independently of the sink.
final class SQLiteTestDatabase {
    let directory: TemporaryDirectory
    let path: String

    init(name: String = "test.db") {
        directory = TemporaryDirectory(prefix: "ferry-sqlite")
        path = directory.file(name)
    }

    deinit { directory.remove() }

    var exists: Bool { DatabaseFile.exists(path) }

    func endpoint(_ table: String) -> SQLiteEndpoint { SQLiteEndpoint(path: path, table: table) }

    func sink(_ table: String) throws -> SQLiteSink {
        try SQLiteSink(endpoint: endpoint(table), runID: RunID())
    }

    /// Runs SQL statements on a connection of its own.
    func execute(_ sql: String) throws {
        let connection = try SQLiteConnection(path: path, role: .target, mode: .readWriteCreatingFile)
        try connection.execute(sql, stage: .load, "test setup")
    }

    /// The rows of a query as text (`typeof`-free: INTEGER digits, REAL shortest text, NULL nil).
    func rows(_ sql: String) throws -> [[String?]] {
        let connection = try SQLiteConnection(path: path, role: .source, mode: .readOnly)
        let statement = try connection.prepare(sql, stage: .extract, "test query")
        var out: [[String?]] = []
        while try statement.step(stage: .extract, "test query") {
            var row: [String?] = []
            for column in 0..<statement.columnCount {
                switch statement.kind(column) {
                case .null: row.append(nil)
                case .integer: row.append(String(statement.int64(column)))
                case .real: row.append(ValueFormatter.doubleText(statement.double(column)))
                case .text, .blob: row.append(String(decoding: statement.text(column), as: UTF8.self))
                }
            }
            out.append(row)
        }
        return out
    }

    /// The single value of a one-row, one-column query.
    func value(_ sql: String) throws -> String? {
        try rows(sql).first?.first ?? nil
    }

    /// The schema text of every table, index, trigger and view, to compare before and after.
    func schemaSnapshot() throws -> [[String?]] {
        try rows("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
    }
}

/// A value for building test batches.
enum TestValue {
    case int(Int64)
    case double(Double)
    case text(String)
}

/// A schema of nullable columns with origin `.declared`.
func testSchema(_ columns: [(String, ColumnType)], notNull: Set<String> = []) -> Schema {
    Schema(columns: columns.map { Column(name: $0.0, type: $0.1, nullable: !notNull.contains($0.0), origin: .declared) })
}

/// A typed batch built value by value through `ColumnVector`'s own appends; rows get source
/// lines `firstLine`, `firstLine + 1`, ….
func testBatch(_ schema: Schema, _ rows: [[TestValue?]], firstLine: Int = 2) -> TypedBatch {
    var batch = TypedBatch(schema: schema, capacity: rows.count)
    for (index, row) in rows.enumerated() {
        for (column, value) in row.enumerated() {
            switch value {
            case nil: batch.columns[column].appendNull()
            case let .int(v)?: batch.columns[column].append(int: v)
            case let .double(v)?: batch.columns[column].append(double: v)
            case let .text(v)?: batch.columns[column].append(text: v)
            }
        }
        batch.lines.append(firstLine + index)
    }
    return batch
}

/// Runs a whole load: begin, write every batch, commit. Returns the rows written.
@discardableResult
func load(_ sink: SQLiteSink, _ schema: Schema, mode: LoadMode, key: [String] = [], _ batches: [TypedBatch]) throws -> Int {
    try sink.begin(schema: schema, mode: mode, key: key)
    var written = 0
    for batch in batches { written += try sink.write(batch) }
    try sink.commit()
    return written
}

/// The error a throwing call raised, as a `FerryError`.
func ferryError(_ body: () throws -> Void) -> FerryError? {
    do {
        try body()
        return nil
    } catch let error as FerryError {
        return error
    } catch {
        Issue.record("unexpected error type: \(error)")
        return nil
    }
}
