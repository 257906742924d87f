/// A typed batch as `BatchStage`s see it: the rows, their schema, and the rows stages rejected.
package struct StagedBatch {
    package private(set) var rows: TypedBatch
    package let schema: Schema
    /// The reasons each rejected row was rejected for, by row index into `rows`.
    package private(set) var rejections: [Int: [String]] = [:]
    /// The column each rejected row was first rejected for, by row index.
    package private(set) var rejectedColumns: [Int: String] = [:]

    package init(rows: TypedBatch, schema: Schema) {
        self.rows = rows
        self.schema = schema
    }

    /// Moves `row` to the reject list with `reason` (no row values: reasons reach events). A row
    /// rejected by several stages or checks keeps every reason.
    package mutating func reject(row: Int, column: String? = nil, reason: String) {
        rejections[row, default: []].append(reason)
        if let column, rejectedColumns[row] == nil { rejectedColumns[row] = column }
    }

    /// Whether a stage rejected `row` already.
    package func isRejected(row: Int) -> Bool { rejections[row] != nil }

    /// The rows no stage rejected, in their order.
    package func keptRows() -> TypedBatch {
        guard !rejections.isEmpty else { return rows }
        var kept = rows
        let keep = (0..<rows.rowCount).map { rejections[$0] == nil }
        for c in kept.columns.indices { kept.columns[c] = rows.columns[c].keeping(keep) }
        kept.lines = rows.lines.indices.filter { keep[$0] }.map { rows.lines[$0] }
        return kept
    }
}

extension ColumnVector {
    /// The values at the rows where `keep` is true, in order (a copy).
    package func keeping(_ keep: [Bool]) -> ColumnVector {
        var out = ColumnVector(type: type, capacity: keep.count)
        for row in keep.indices where keep[row] {
            if isNull[row] { out.appendNull(); continue }
            switch type.storage {
            case .int64: out.append(int: ints[row])
            case .float64: out.append(double: doubles[row])
            case .bytes:
                out.isNull.append(false)
                out.bytes.append(contentsOf: bytes[start(of: row)..<Int(ends[row])])
                out.ends.append(Int32(truncatingIfNeeded: out.bytes.count))
            }
        }
        return out
    }
}
