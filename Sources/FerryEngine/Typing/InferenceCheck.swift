import FerryCore

/// Types inferred from the first rows of an input, checked against every later row while the
/// load reads it (`SchemaPass`, `ReaderStage`).
///
/// A later row keeps the check when the inference that saw it too would still give every
/// inferred column its type: the join of all values (`ColumnEvidence`), with the target's limits
/// (`SchemaInference.fit`), is then the whole input's join, so a load whose rows all keep the check
/// has exactly the types whole-input inference would have given it, after one read of the input.
///
/// Most columns need no look of their own: the Typist reads an inferred column strictly, and for
/// bigint, decimal, boolean, date, timestamptz and uuid a value it accepts is one whose join with
/// the type is the type, within the target's digits (`Typist.typeBigint` … `typeUUID`); any value
/// keeps a text column text. Only double, timestamp and json columns, where the Typist takes more
/// (an inexact double, a bare date, a JSON scalar), and columns of nothing but NULLs so far (text
/// for want of a value, where a first `12` makes whole-input inference say bigint) are classified
/// in every batch; every inferred column is classified in a
/// batch where typing rejected a row, since a row rejected for one column is not typed in the others.
/// Values left out so are ones that keep the type, so the join of those seen changes exactly when
/// the whole input's would.
struct InferenceCheck: Sendable {
    /// What inference has seen so far, before `fit`.
    private var inference: SchemaInference
    private let limits: ValueLimits
    /// The source indexes of the inferred columns, their types, and those classified in every batch.
    private let columns: [Int]
    private let types: [ColumnType]
    private let loose: [Int]
    /// How many columns the source had: a source with more (a JSON Lines key first seen later)
    /// has a column whole-input inference would have loaded.
    let sourceColumns: Int

    /// Checks the columns `columns` (source indexes) against the types `inference` gives them.
    init(inference: SchemaInference, limits: ValueLimits, sourceColumns: Int, columns: [Int]) {
        self.inference = inference
        self.sourceColumns = sourceColumns
        self.limits = limits
        self.columns = columns
        types = Self.fitted(inference, limits: limits, columns: columns)
        loose = zip(columns, types).compactMap { column, type in
            switch type {
            case .double, .timestamp, .json: column
            case .text: inference.sawOnlyNulls(inColumn: column) ? column : nil
            default: nil
            }
        }
    }

    /// Looks at the rows of `batch` after the Typist typed them (`typingRejected`: it rejected
    /// one); returns the first inferred column whose type they change (its source index and the
    /// type it had), or nil when every type holds.
    mutating func firstChange(in batch: RawBatch, typingRejected: Bool) -> (column: Int, type: ColumnType)? {
        let only = typingRejected ? columns : loose
        guard !only.isEmpty else { return nil }
        _ = inference.observe(batch, limit: nil, only: only)
        let now = Self.fitted(inference, limits: limits, columns: columns)
        guard let k = now.indices.first(where: { now[$0] != types[$0] }) else { return nil }
        return (columns[k], types[k])
    }

    /// The type of each of `columns` once `inference` is fitted to `limits`.
    private static func fitted(_ inference: SchemaInference, limits: ValueLimits, columns: [Int]) -> [ColumnType] {
        var fitted = inference
        fitted.fit(limits)
        return columns.map { fitted.type(ofColumn: $0) }
    }
}
