import FerryCore
import FerryEngine

/// Builds `RawBatch`es by hand and runs the typing code over them, for the typing tests.
enum TypingFixtures {
    /// A batch whose row `i` has the given field texts (nil = NULL) and starts on line
    /// `firstLine + i`; each record is its fields joined by commas.
    static func batch(_ rows: [[String?]], firstLine: Int = 2) -> RawBatch {
        var batch = RawBatch()
        for (i, fields) in rows.enumerated() {
            let recordStart = batch.storage.count
            for (j, field) in fields.enumerated() {
                if j > 0 { batch.storage.append(UInt8(ascii: ",")) }
                if let field {
                    let start = batch.storage.count
                    batch.storage.append(contentsOf: field.utf8)
                    batch.appendField(start: start, length: field.utf8.count)
                } else {
                    batch.appendField(start: batch.storage.count, length: -1)
                }
            }
            batch.endRow(line: firstLine + i, recordStart: recordStart, recordEnd: batch.storage.count)
        }
        return batch
    }

    /// A one-column batch.
    static func column(_ values: [String?]) -> RawBatch { batch(values.map { [$0] }) }

    /// The type inferred for a column holding `values`.
    static func inferredType(_ values: [String?]) -> ColumnType {
        var inference = SchemaInference(columnCount: 1)
        _ = inference.observe(column(values), limit: nil)
        return inference.type(ofColumn: 0)
    }

    /// Types one column of `values` as `type`.
    static func type(_ values: [String?], as type: ColumnType, nullable: Bool = true,
                     limits: ValueLimits = .none) -> (TypedBatch, [RejectedRecord]) {
        let schema = Schema(columns: [Column(name: "c", type: type, nullable: nullable, origin: .declared)])
        let typist = Typist(schema: schema, fieldIndex: [0], limits: limits)
        var out = TypedBatch(schema: schema)
        var rejects: [RejectedRecord] = []
        typist.type(column(values), into: &out, rejects: &rejects)
        return (out, rejects)
    }

    /// The canonical text of each value of `vector` (nil for NULL).
    static func texts(_ vector: ColumnVector) -> [String?] {
        (0 ..< vector.count).map { vector.isNull[$0] ? nil : ValueFormatter.text(vector, row: $0) }
    }

    /// SQLite's limits, as its sink declares them.
    static let sqliteLimits = ValueLimits(targetName: "SQLite", maxDecimalDigits: 15, allowsNaN: false, allowsInfinity: false)
}
