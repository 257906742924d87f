package import FerryCore

/// A value for building test batches.
package enum TestValue: Sendable {
    case int(Int64)
    case double(Double)
    case text(String)
}

/// A schema of nullable columns with origin `.declared`.
package func testSchema(_ columns: [(String, ColumnType)], notNull: Set<String> = []) -> Schema {
    Schema(columns: columns.map { Column(name: $0.0, type: $0.1, nullable: !notNull.contains($0.0), origin: .declared) })
}

/// A typed batch built value by value through `ColumnVector`'s own appends; rows get source
/// lines `firstLine`, `firstLine + 1`, ….
package func testBatch(_ schema: Schema, _ rows: [[TestValue?]], firstLine: Int = 2) -> TypedBatch {
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

/// Runs a whole load on a sink: begin, write every batch, finish, commit. Returns the rows
/// written (the merged count when the sink only knows it at the end).
@discardableResult
package func load(_ sink: some BatchSink, _ schema: Schema, mode: LoadMode, key: [String] = [], _ batches: [TypedBatch]) throws -> Int {
    try sink.begin(schema: schema, mode: mode, key: key)
    var written = 0
    for batch in batches { written += try sink.write(batch) }
    if let merged = try sink.finish() { written = merged }
    try sink.commit()
    return written
}
