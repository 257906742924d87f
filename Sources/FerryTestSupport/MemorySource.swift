package import FerryCore

/// A `RecordSource` over rows of optional strings (nil = NULL), in chunks of `chunkRows`.
package final class MemorySource: RecordSource {
    package let columns: [SourceColumn]
    private let rows: [[String?]]
    private let chunkRows: Int
    private var position = 0
    package private(set) var bytesRead = 0
    package var totalBytes: Int? { nil }
    /// Called before each chunk is returned; tests use it to cancel mid-load.
    package var beforeChunk: ((Int) -> Void)?
    /// Whether it acts as a CSV file does (`RecordSource.repeatable`): a load may then check types
    /// inferred from its first rows while it loads.
    package let repeatable: Bool

    package init(columns: [String], rows: [[String?]], chunkRows: Int = 2, types: [String: ColumnType] = [:], repeatable: Bool = false) {
        self.columns = columns.map { SourceColumn(name: $0, type: types[$0]) }
        self.rows = rows
        self.chunkRows = max(1, chunkRows)
        self.repeatable = repeatable
    }

    package func next() throws(FerryError) -> SourceChunk? {
        guard position < rows.count else { return nil }
        beforeChunk?(position)
        var batch = RawBatch()
        let end = min(rows.count, position + chunkRows)
        for i in position..<end {
            let recordStart = batch.storage.count
            for field in rows[i] {
                if let field {
                    let start = batch.storage.count
                    batch.storage.append(contentsOf: field.utf8)
                    batch.appendField(start: start, length: batch.storage.count - start)
                } else {
                    batch.appendField(start: batch.storage.count, length: -1)
                }
            }
            bytesRead += batch.storage.count - recordStart
            batch.endRow(line: i + 2, recordStart: recordStart, recordEnd: batch.storage.count)
        }
        position = end
        return SourceChunk(rows: batch)
    }

    package func restart() throws(FerryError) {
        position = 0
        bytesRead = 0
    }
}
