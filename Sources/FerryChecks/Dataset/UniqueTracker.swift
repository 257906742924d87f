package import FerryCore
import FerryPOSIX

/// Counts rows whose key repeats an earlier row's, exactly, in bounded memory.
///
/// Keys live in a `RecordTable` (one arena, a flat table of hash and offset) until it would pass
/// `memoryCap` bytes; then the table stays as it is (a key found there is a repeat at once) and
/// every later key not in it goes to disk by hash (`SpillPartitions`, in a private
/// `SpillDirectory`). `finish` lets the table go and reads one part at a time, so memory stays
/// near the cap whatever the input size; the count is never an estimate. The directory is
/// removed at `finish` or `discard`.
///
/// Integer keys (`add(int:line:)`, a one-column check on a bigint column) have two fast paths
/// giving the same count: while each key is greater than the one before, none can repeat, so
/// they are only appended to an `AscendingRun`; once the order breaks, that run is hashed into a
/// flat `Int64KeyTable` (16 bytes a slot) and later keys go there, until it passes the cap: then
/// its keys, and every later one, go to disk like any key.
package final class UniqueTracker {
    /// A repeated key: its row's line and the key's display text.
    package typealias Duplicate = (line: Int, key: String)

    let memoryCap: Int
    let spillParent: String
    let sampleLimit: Int

    private let table = RecordTable()
    /// The key being added, where the table and the partitions read it.
    private let scratch = ByteArena()
    private var ints = Int64KeyTable()
    private var run: AscendingRun?
    /// Whether integer keys have all been ascending so far.
    private var ascending = true
    private var store: SpillDirectory?
    private var partitions: SpillPartitions?
    package private(set) var duplicates = 0
    package private(set) var samples: [Duplicate] = []
    /// Whether keys went to disk (for tests and the report).
    package var spilled: Bool { partitions != nil }
    /// Whether the integer keys came in ascending order (none hashed so far; for tests).
    package var stillAscending: Bool { ascending }
    /// Whether the ascending run went to disk (for tests).
    package var runSpilled: Bool { run?.spilled ?? false }

    package init(memoryCap: Int, spillParent: String, sampleLimit: Int) {
        self.memoryCap = memoryCap
        self.spillParent = spillParent
        self.sampleLimit = sampleLimit
    }

    deinit { discard() }

    /// Adds the key (encoded by `UniqueKey`) of the row at `line`.
    package func add(_ key: [UInt8], line: Int) throws(FerryError) {
        scratch.removeAll(keepingCapacity: true)
        key.withUnsafeBytes { scratch.append($0) }
        let k = scratch.bytes(at: 0, count: scratch.count)
        let hash = KeyHash.of(k)
        if table.slot(of: k, hash: hash) >= 0 {
            found(line: line, key: k)
            return
        }
        if partitions == nil {
            if table.makeRoom(for: SpillRecord.size(key: k.count, payload: 0), within: memoryCap) {
                table.insert(key: k, hash: hash, ordinal: line, payload: UnsafeRawBufferPointer(start: nil, count: 0))
                return
            }
        }
        try spillPartitions().add(key: k, hash: hash, ordinal: line, payload: UnsafeRawBufferPointer(start: nil, count: 0))
    }

    /// Adds integer key `value` of the row at `line`: counts as `add` of its `UniqueKey` would.
    package func add(int value: Int64, line: Int) throws(FerryError) {
        if ascending {
            if run == nil { run = AscendingRun(memoryCap: memoryCap, spillParent: spillParent) }
            if let run, run.accepts(value) {
                try run.append(value)
                return
            }
            try endRun()
        }
        try addHashed(value, line: line)
    }

    /// Hashes the ascending run's keys (all distinct) and leaves the ascending path for good.
    private func endRun() throws(FerryError) {
        ascending = false
        guard let run else { return }
        self.run = nil
        try run.drain { (key: Int64) throws(FerryError) in try addHashed(key, line: 0) }
    }

    private func addHashed(_ value: Int64, line: Int) throws(FerryError) {
        if partitions != nil {
            try add(Self.key(value), line: line)
            return
        }
        guard ints.insert(value, line: line) else {
            Self.key(value).withUnsafeBytes { found(line: line, key: $0) }
            return
        }
        if ints.bytes > memoryCap { try startSpilling() }
    }

    /// The `UniqueKey` of a bigint value.
    static func key(_ value: Int64) -> [UInt8] {
        var text: [UInt8] = []
        ValueFormatter.appendInt(value, to: &text)
        var key: [UInt8] = []
        withUnsafeBytes(of: UInt32(text.count).littleEndian) { key.append(contentsOf: $0) }
        key.append(contentsOf: text)
        return key
    }

    /// Counts the duplicates still on disk and removes the spill files.
    package func finish() throws(FerryError) {
        table.dropIndex()
        table.records.removeAll()
        ints = Int64KeyTable(capacity: 1)
        run?.discard()
        run = nil
        guard let partitions else { return }
        defer { discard() }
        try partitions.drain { (part: RecordTable) throws(FerryError) in
            var ref = 0
            while ref < part.records.count {
                let k = part.key(at: ref)
                let hash = KeyHash.of(k)
                if part.slot(of: k, hash: hash) < 0 { part.index(ref, hash: hash) } else { found(line: part.ordinal(at: ref), key: k) }
                ref = part.next(after: ref)
            }
        }
    }

    /// Removes the spill directory (idempotent).
    package func discard() {
        run?.discard()
        store?.discard()
        store = nil
        partitions = nil
    }

    private func found(line: Int, key: UnsafeRawBufferPointer) {
        duplicates += 1
        if samples.count < sampleLimit { samples.append((line, UniqueKey.display(Array(key)))) }
    }

    /// The spill directory and its partitions, made when the first key goes to disk.
    private func spillPartitions() throws(FerryError) -> SpillPartitions {
        if let partitions { return partitions }
        let store = try SpillDirectory(parent: spillParent, name: "unique", purpose: "a unique check")
        let partitions = SpillPartitions(store: store, memoryCap: memoryCap)
        self.store = store
        self.partitions = partitions
        return partitions
    }

    /// Sends the integer table's keys to disk; every later key follows them there.
    private func startSpilling() throws(FerryError) {
        let partitions = try spillPartitions()
        let intTable = ints
        ints = Int64KeyTable(capacity: 1)
        try intTable.forEach { (key: Int64, line: Int) throws(FerryError) in
            scratch.removeAll(keepingCapacity: true)
            Self.key(key).withUnsafeBytes { scratch.append($0) }
            let k = scratch.bytes(at: 0, count: scratch.count)
            try partitions.add(key: k, hash: KeyHash.of(k), ordinal: line, payload: UnsafeRawBufferPointer(start: nil, count: 0))
        }
    }
}

/// The bytes a `unique` check compares: each column's canonical text, length-prefixed.
package enum UniqueKey {
    /// Appends value `row` of `vector` (non-NULL) to `key`.
    package static func append(_ vector: ColumnVector, row: Int, to key: inout [UInt8], scratch: inout [UInt8]) {
        scratch.removeAll(keepingCapacity: true)
        ValueFormatter.append(vector, row: row, to: &scratch)
        withUnsafeBytes(of: UInt32(scratch.count).littleEndian) { key.append(contentsOf: $0) }
        key.append(contentsOf: scratch)
    }

    /// The key's values joined by `, ` (for samples).
    static func display(_ key: [UInt8]) -> String {
        var parts: [String] = []
        var i = 0
        while i + 4 <= key.count {
            var length = 0
            for k in 0..<4 { length |= Int(key[i + k]) << (8 * k) }
            parts.append(String(decoding: key[(i + 4)..<min(key.count, i + 4 + length)], as: UTF8.self))
            i += 4 + length
        }
        return parts.joined(separator: ", ")
    }
}
