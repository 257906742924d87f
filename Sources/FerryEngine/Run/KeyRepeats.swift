package import FerryCore

/// Counts the rows of an upsert whose key repeats the key of an earlier row of the input.
///
/// Every target applies an upsert's rows in input order, so of rows sharing a key the last one
/// wins; this count is the `duplicate_keys` warning. Keys are compared as Ferry stores them
/// (typed values; texts byte for byte), by a 64-bit digest of the row's key values: two
/// distinct keys share a digest with a probability of about n²/2⁶⁵ (under 3·10⁻⁶ for ten
/// million keys), which would only lower the warning's count. Memory: one digest per distinct key.
package struct KeyRepeats {
    private let key: [Int]
    private var seen: Set<UInt64> = []
    /// Rows whose key an earlier row had.
    package private(set) var count = 0

    /// `key`: the schema indexes of the key columns.
    package init(key: [Int]) {
        self.key = key
    }

    /// Looks at every row of `batch`.
    package mutating func add(_ batch: TypedBatch) {
        guard !key.isEmpty else { return }
        for row in 0 ..< batch.rowCount {
            var h: UInt64 = 0x243F_6A88_85A3_08D3
            for c in key {
                h = ValueHash.mix(h ^ Self.hash(batch.columns[c], row: row)) &* 0x9FB2_1C65_1E98_DF25
            }
            if !seen.insert(ValueHash.mix(h)).inserted { count += 1 }
        }
    }

    private static func hash(_ column: ColumnVector, row: Int) -> UInt64 {
        if column.isNull[row] { return 0x9E37_79B9_7F4A_7C15 }
        switch column.type.storage {
        case .int64: return ValueHash.hash(column.ints[row])
        case .float64: return ValueHash.hash(column.doubles[row])
        case .bytes:
            let start = column.start(of: row)
            let end = Int(column.ends[row])
            return column.bytes.withUnsafeBytes { ValueHash.hash(UnsafeRawBufferPointer(rebasing: $0[start ..< end])) }
        }
    }
}
