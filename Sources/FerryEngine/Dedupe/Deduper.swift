import FerryCore

/// Leaves out rows whose key (some columns, or all of them) repeats an earlier row's, keeping
/// the first or the last row of each key, exactly and in bounded memory.
///
/// Keys are compared as Ferry stores them (`RowCodec`). While the keys (and, for `keep: last`,
/// the rows held back) fit in `memoryCap` bytes they stay in a hash table: with `keep: first` a
/// row with a new key goes on at once. Past the cap, rows whose key is not in the table go to
/// disk by key hash (`SpillPartitions`, shared with the `unique` check), and `finish` reads one
/// part at a time, keeps the first (or last) row of each key by input order and hands the kept
/// rows on. `keep: last` cannot know a row is the last of its key before the input ends, so its
/// rows all wait until `finish`.
final class Deduper {
    /// Bytes a table entry costs beyond its own bytes (hash slot, array headers, ordinal).
    static let entryOverhead = 80
    /// Rows per batch that `finish` hands on.
    static let batchRows = 8192

    private let key: [Int]
    private let wholeRow: Bool
    private let columns: [Int]
    private let keep: DedupeSpec.Keep
    private let schema: Schema
    private let memoryCap: Int
    private let openSpill: () throws(FerryError) -> any SpillStore
    /// Rows left out so far (all of them once `finish` returned).
    private(set) var duplicates = 0
    private var ordinal = 0
    private var firstSeen: Set<[UInt8]> = []
    private var lastRows: [[UInt8]: SpillRecord] = [:]
    private var bytes = 0
    private var partitions: SpillPartitions?
    /// Whether rows went to disk.
    var spilled: Bool { partitions != nil }

    /// `key`: the schema indexes compared, nil for every column.
    init(schema: Schema, key: [Int]?, keep: DedupeSpec.Keep, memoryCap: Int,
         openSpill: @escaping () throws(FerryError) -> any SpillStore) {
        self.schema = schema
        columns = Array(schema.columns.indices)
        self.key = key ?? columns
        wholeRow = key == nil
        self.keep = keep
        self.memoryCap = memoryCap
        self.openSpill = openSpill
    }

    /// Which rows of `batch` go on now; the others are duplicates or wait for `finish`.
    func take(_ batch: TypedBatch) throws(FerryError) -> [Bool] {
        var now = [Bool](repeating: false, count: batch.rowCount)
        for row in 0..<batch.rowCount {
            var k: [UInt8] = []
            RowCodec.encode(batch, row: row, columns: key, into: &k)
            ordinal += 1
            if keep == .first {
                if firstSeen.contains(k) { duplicates += 1; continue }
                if let partitions {
                    try partitions.add(SpillRecord(key: k, ordinal: ordinal, payload: payload(batch, row: row)))
                    continue
                }
                bytes += k.count + Self.entryOverhead
                firstSeen.insert(k)
                now[row] = true
                if bytes > memoryCap { partitions = SpillPartitions(store: try openSpill(), memoryCap: memoryCap) }
            } else {
                let record = SpillRecord(key: k, ordinal: ordinal, payload: payload(batch, row: row))
                if let partitions { try partitions.add(record); continue }
                if let old = lastRows.updateValue(record, forKey: k) {
                    duplicates += 1
                    bytes -= old.payload.count
                } else {
                    bytes += k.count + Self.entryOverhead
                }
                bytes += record.payload.count
                if bytes > memoryCap { try startSpilling() }
            }
        }
        return now
    }

    /// The input ended: hands on, in batches, the kept rows that waited (in input order within
    /// each spill part), and removes the spill files.
    func finish(_ emit: (TypedBatch) throws(FerryError) -> Void) throws(FerryError) {
        firstSeen = []
        guard let partitions else {
            let waiting = lastRows.values.sorted { $0.ordinal < $1.ordinal }
            lastRows = [:]
            try hand(waiting, emit)
            return
        }
        try partitions.drain { (records: [SpillRecord]) throws(FerryError) in
            var kept: [[UInt8]: SpillRecord] = [:]
            for r in records {
                // Records come in input order: the first of a key stays, or each later one replaces it.
                if keep == .last || kept[r.key] == nil { kept[r.key] = r }
            }
            duplicates += records.count - kept.count
            try hand(kept.values.sorted { $0.ordinal < $1.ordinal }, emit)
        }
        self.partitions = nil
    }

    private func startSpilling() throws(FerryError) {
        let partitions = SpillPartitions(store: try openSpill(), memoryCap: memoryCap)
        for r in lastRows.values.sorted(by: { $0.ordinal < $1.ordinal }) { try partitions.add(r) }
        lastRows = [:]
        bytes = 0
        self.partitions = partitions
    }

    /// The row's line, then (unless the key is the whole row) its values.
    private func payload(_ batch: TypedBatch, row: Int) -> [UInt8] {
        var out: [UInt8] = []
        withUnsafeBytes(of: Int64(batch.lines[row]).littleEndian) { out.append(contentsOf: $0) }
        if !wholeRow { RowCodec.encode(batch, row: row, columns: columns, into: &out) }
        return out
    }

    private func hand(_ records: [SpillRecord], _ emit: (TypedBatch) throws(FerryError) -> Void) throws(FerryError) {
        var start = 0
        while start < records.count {
            let end = min(records.count, start + Self.batchRows)
            var batch = TypedBatch(schema: schema, capacity: end - start)
            for r in records[start..<end] {
                var line: UInt64 = 0
                for k in 0..<8 { line |= UInt64(r.payload[k]) << UInt64(8 * k) }
                RowCodec.decode(wholeRow ? r.key : Array(r.payload[8...]), line: Int(Int64(bitPattern: line)), into: &batch)
            }
            try emit(batch)
            start = end
        }
    }
}
