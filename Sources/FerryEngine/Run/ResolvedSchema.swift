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
    /// The types inferred from the input's first rows, to check every later row against while
    /// loading (`SchemaPass.checksWhileLoading`); nil when inference saw the whole input, a sample
    /// was asked for, or nothing was inferred.
    var check: InferenceCheck?
}
