package import FerryCore

/// Infers column types from untyped field texts.
///
/// A column's type is the join of the shapes of its non-NULL values (see `ValueShape` and
/// `ColumnEvidence`): a value counts as a type only when it round-trips exactly through it, so
/// `007`, `+1` or `1.0e2000` keep a column text, and `1e3` is an exact decimal. A column of only NULLs is text.
package struct SchemaInference: Sendable {
    private var columns: [ColumnEvidence]
    private var observed = 0

    /// Starts with `columnCount` columns about which nothing is known.
    package init(columnCount: Int) {
        columns = Array(repeating: ColumnEvidence(), count: max(0, columnCount))
    }

    /// Looks at rows of `batch` (a row with fewer fields than columns has NULLs in the rest;
    /// fields beyond the column count are ignored), stopping after `limit` rows in total when
    /// given, in the columns `only` names (source indexes) or all. Returns how many rows of this
    /// batch it looked at.
    package mutating func observe(_ batch: RawBatch, limit: Int?, only: [Int]? = nil) -> Int {
        var rows = batch.rowCount
        if let limit { rows = max(0, min(rows, limit - observed)) }
        guard rows > 0 else { return 0 }
        FieldCursor.with(batch) { cursor in
            for c in only ?? Array(columns.indices) where c < columns.count {
                var evidence = columns[c]
                for r in 0 ..< rows {
                    guard let f = cursor.field(row: r, at: c) else {
                        evidence.sawNull = true
                        continue
                    }
                    if !evidence.isText { evidence.add(ValueShape.classify(f)) }
                }
                columns[c] = evidence
            }
        }
        observed += rows
        return rows
    }

    /// How many rows were looked at in total.
    package var rowsObserved: Int { observed }

    /// Grows the column count (JSON Lines sources discover columns while reading); rows already
    /// observed count as NULL in the new columns.
    package mutating func widen(to columnCount: Int) {
        guard columnCount > columns.count else { return }
        var fresh = ColumnEvidence()
        fresh.sawNull = observed > 0
        columns.append(contentsOf: repeatElement(fresh, count: columnCount - columns.count))
    }

    /// Keeps inference exact for the target: a column of exact decimals (or integers beyond
    /// bigint) with more significant digits than the target keeps exactly becomes text, as `007`
    /// stays text, so a valid file loads rather than having every such row rejected (SQLite
    /// keeps 15 digits). A column that had a number with an exponent (`6.02e23`) and whose every
    /// number is exactly a double becomes double instead: scientific notation there means a
    /// double, and no value changes.
    package mutating func fit(_ limits: ValueLimits) {
        guard let digits = limits.maxDecimalDigits else { return }
        for index in columns.indices where !columns[index].isText && columns[index].sawDecimal && !columns[index].sawDouble
            && columns[index].maxSignificantDigits > digits {
            if columns[index].sawExponent && columns[index].allExactDoubles {
                columns[index].sawDouble = true
            } else {
                columns[index].isText = true
            }
        }
    }

    /// The inferred type of column `index` (text when only NULLs were seen).
    package func type(ofColumn index: Int) -> ColumnType { columns[index].type }

    /// Whether column `index` had nothing but NULLs so far (its type is text for want of a value).
    package func sawOnlyNulls(inColumn index: Int) -> Bool { !columns[index].isText && columns[index].type == .text }

    /// Whether column `index` had a NULL (or missing) value in an observed row.
    package func sawNull(inColumn index: Int) -> Bool { columns[index].sawNull }
}
