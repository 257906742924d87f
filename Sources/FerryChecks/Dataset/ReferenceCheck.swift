package import FerryCore

/// A `reference` check's lookups: before a batch is judged, the distinct values of its column
/// that are not known yet are looked up on the target, `TargetLookup.batchLimit` per query; what
/// was found (or not) is kept in a bounded cache, emptied when it would pass `cacheLimit`, so
/// memory stays bounded whatever the number of distinct values, and every verdict is exact.
final class ReferenceCheck {
    /// Values whose verdict is kept between batches.
    static let cacheLimit = 200_000

    let lookup: any TargetLookup
    let schema: String?
    let table: String
    let column: String
    private var known: [String: Bool] = [:]
    /// Queries sent (for tests and the docs' cost note).
    private(set) var queries = 0

    init(lookup: any TargetLookup, schema: String?, table: String, column: String) {
        self.lookup = lookup
        self.schema = schema
        self.table = table
        self.column = column
    }

    /// Looks up the values of `rows` rows of `vector` whose verdict is not known yet.
    func prepare(_ vector: ColumnVector, rows: Int) throws(FerryError) {
        var pending: [String] = []
        var seen = Set<String>()
        for row in 0..<rows where !vector.isNull[row] {
            let text = ValueFormatter.text(vector, row: row)
            if known[text] == nil && seen.insert(text).inserted { pending.append(text) }
        }
        guard !pending.isEmpty else { return }
        if known.count + pending.count > Self.cacheLimit { known.removeAll(keepingCapacity: true) }
        let limit = max(1, lookup.batchLimit)
        var start = 0
        while start < pending.count {
            let chunk = Array(pending[start..<min(start + limit, pending.count)])
            let found = try lookup.present(chunk, schema: schema, table: table, column: column)
            queries += 1
            for value in chunk { known[value] = found.contains(value) }
            start += limit
        }
    }

    /// Whether `text` is in the referenced column (`prepare` ran for its batch).
    func contains(_ text: String) -> Bool {
        known[text] ?? false
    }
}
