import FerryCore

/// Leaves out rows whose key (some columns, or all of them) repeats an earlier row's, keeping
/// the first or the last row of each key, exactly and in bounded memory.
///
/// Keys are compared as Ferry stores them (`RowCodec`), encoded for a whole batch at once into
/// one buffer and hashed once (`KeyHash`). While they fit in `memoryCap` bytes they stay in a
/// `RecordTable` (one arena of records and a flat table of (hash, offset) slots): with
/// `keep: first` a row with a new key goes on at once, and with `keep: last` the table holds the
/// latest row of each key until the input ends.
///
/// Past the cap, `keep: first` keeps the oldest keys (half the cap) in the table, writes the
/// others to disk by key hash (`SpillPartitions`, shared with the `unique` check) and gives the
/// other half to a `KeyFilter` of every key written since. A row whose key is in the table is a
/// repeat; one whose key the filter has never seen is new: it goes on at once and only its key
/// goes to disk. Only rows the filter may have seen wait on disk with their values, and `finish`
/// decides them exactly, one part at a time: a waiting row stays if no earlier record of its key
/// is in its part. `keep: last` cannot know a row is the last of its key before the input
/// ends, so past the cap all its rows go to disk and `finish` keeps the last of each key.
final class Deduper {
    /// Rows per batch that `finish` hands on.
    static let batchRows = 8192
    /// The ordinal of a record whose row already went on (`keep: first`): its key only.
    static let emitted = Int.min

    private let key: [Int]
    private let wholeRow: Bool
    private let columns: [Int]
    private let keep: DedupeSpec.Keep
    private let schema: Schema
    private let memoryCap: Int
    private let openSpill: () throws(FerryError) -> any SpillStore
    /// Rows left out so far (all of them once `finish` returned).
    private(set) var duplicates = 0
    private let table = RecordTable()
    private var filter: KeyFilter?
    private var partitions: SpillPartitions?
    /// The batch's keys, their offsets and hashes; one row's values.
    private let keys = ByteArena()
    private var starts: [Int] = []
    private let row = ByteArena()
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
        RowCodec.encodeKeys(batch, columns: key, into: keys, starts: &starts)
        for r in 0..<batch.rowCount {
            let k = keys.bytes(at: starts[r], count: starts[r + 1] - starts[r])
            let hash = KeyHash.of(k)
            let slot = table.slot(of: k, hash: hash)
            if keep == .first {
                if slot >= 0 { duplicates += 1; continue }
                if filter == nil {
                    if table.makeRoom(for: SpillRecord.size(key: k.count, payload: 0), within: memoryCap) {
                        table.insert(key: k, hash: hash, ordinal: Self.emitted, payload: UnsafeRawBufferPointer(start: nil, count: 0))
                        now[r] = true
                        continue
                    }
                    try startSpillingFirst()
                }
                now[r] = try takePastCap(batch, row: r, key: k, hash: hash)
            } else {
                let payload = values(batch, row: r)
                if partitions == nil && table.makeRoom(for: SpillRecord.size(key: k.count, payload: payload.count), within: memoryCap) {
                    if slot >= 0 {
                        duplicates += 1
                        let ref = table.records.count
                        SpillRecord.append(key: k, ordinal: batch.lines[r], payload: payload, to: table.records)
                        table.setRef(ref, at: slot)
                    } else {
                        table.insert(key: k, hash: hash, ordinal: batch.lines[r], payload: payload)
                    }
                    continue
                }
                if partitions == nil { try startSpillingLast() }
                try partitions?.add(key: k, hash: hash, ordinal: batch.lines[r], payload: payload)
            }
        }
        return now
    }

    /// `keep: first` past the cap, for a row whose key is not in the table: whether it goes on now.
    private func takePastCap(_ batch: TypedBatch, row r: Int, key k: UnsafeRawBufferPointer, hash: UInt64) throws(FerryError) -> Bool {
        guard let filter, let partitions else { return false }
        if filter.mayContain(hash) {
            try partitions.add(key: k, hash: hash, ordinal: batch.lines[r], payload: values(batch, row: r))
            return false
        }
        filter.add(hash)
        try partitions.add(key: k, hash: hash, ordinal: Self.emitted, payload: UnsafeRawBufferPointer(start: nil, count: 0))
        return true
    }

    /// The input ended: hands on, in batches, the kept rows that waited (in input order within
    /// each spill part), and removes the spill files.
    func finish(_ emit: (TypedBatch) throws(FerryError) -> Void) throws(FerryError) {
        filter = nil
        guard let partitions else {
            if keep == .last { try hand(table.indexedRefs(), of: table, emit) }
            table.dropIndex()
            table.records.removeAll()
            return
        }
        table.dropIndex()
        table.records.removeAll()
        let first = keep == .first
        try partitions.drain { (part: RecordTable) throws(FerryError) in
            // Records come in input order. keep first: the first record of a key stays (it went
            // on already when it is a key only); keep last: each later one replaces it.
            var kept: [Int] = []
            var ref = 0
            while ref < part.records.count {
                let k = part.key(at: ref)
                let hash = KeyHash.of(k)
                let slot = part.slot(of: k, hash: hash)
                if slot < 0 {
                    part.index(ref, hash: hash)
                    if first && part.ordinal(at: ref) != Self.emitted { kept.append(ref) }
                } else {
                    duplicates += 1
                    if !first { part.setRef(ref, at: slot) }
                }
                ref = part.next(after: ref)
            }
            try hand(first ? kept : part.indexedRefs(), of: part, emit)
        }
        self.partitions = nil
    }

    /// Starts spilling (`keep: first`): the oldest keys stay in the table within half the cap, the
    /// rest go to disk and into a new filter that takes the other half.
    private func startSpillingFirst() throws(FerryError) {
        let partitions = SpillPartitions(store: try openSpill(), memoryCap: memoryCap)
        let half = memoryCap / 2
        var cut = 0
        var n = 0
        while cut < table.records.count {
            let next = table.next(after: cut)
            if next + RecordTable.slotCount(for: n + 1) * 16 > half { break }
            cut = next
            n += 1
        }
        var moved: [UInt64] = []
        var ref = cut
        while ref < table.records.count {
            let k = table.key(at: ref)
            let hash = KeyHash.of(k)
            try partitions.add(key: k, hash: hash, ordinal: Self.emitted, payload: UnsafeRawBufferPointer(start: nil, count: 0))
            moved.append(hash)
            ref = table.next(after: ref)
        }
        table.keep(before: cut)
        let filter = KeyFilter(bytes: max(32, memoryCap - half - partitions.bufferBytes))
        for hash in moved { filter.add(hash) }
        self.filter = filter
        self.partitions = partitions
    }

    /// Starts spilling (`keep: last`): the rows held go to disk in input order, and so will every
    /// later row.
    private func startSpillingLast() throws(FerryError) {
        let partitions = SpillPartitions(store: try openSpill(), memoryCap: memoryCap)
        for ref in table.indexedRefs() {
            let k = table.key(at: ref)
            try partitions.add(key: k, hash: KeyHash.of(k), ordinal: table.ordinal(at: ref), payload: table.payload(at: ref))
        }
        table.dropIndex()
        table.records.removeAll()
        self.partitions = partitions
    }

    /// The row's values (none when the key is the whole row: the key holds them).
    private func values(_ batch: TypedBatch, row r: Int) -> UnsafeRawBufferPointer {
        row.removeAll(keepingCapacity: true)
        if !wholeRow { RowCodec.encode(batch, row: r, columns: columns, into: row) }
        return row.bytes(at: 0, count: row.count)
    }

    /// Hands on the rows of `refs` (records of `records`), in batches.
    private func hand(_ refs: [Int], of records: RecordTable, _ emit: (TypedBatch) throws(FerryError) -> Void) throws(FerryError) {
        var start = 0
        while start < refs.count {
            let end = min(refs.count, start + Self.batchRows)
            var batch = TypedBatch(schema: schema, capacity: end - start)
            for ref in refs[start..<end] {
                RowCodec.decode(wholeRow ? records.key(at: ref) : records.payload(at: ref), line: records.ordinal(at: ref), into: &batch)
            }
            try emit(batch)
            start = end
        }
    }
}
