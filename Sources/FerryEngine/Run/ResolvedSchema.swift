package import FerryCore

/// The columns a load writes and, for each, where its values come from in the source record.
package struct ResolvedSchema: Sendable {
    package var schema: Schema
    /// For each schema column, the index of its field in the source record (nil: the source
    /// lacks it and the column is NULL).
    package var fieldIndex: [Int?]
    /// Rows the inference pass looked at.
    package var rowsScanned: Int
    package var sampled: Bool
}
