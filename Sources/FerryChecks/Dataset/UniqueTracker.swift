package import FerryCore
import FerryPOSIX

/// Counts rows whose key repeats an earlier row's, exactly, in bounded memory.
///
/// Keys live in a hash table until their bytes pass `memoryCap`; then every key seen so far and
/// every later one goes to disk by hash (`SpillPartitions`, in a private `SpillDirectory`), and
/// `finish` reads one part at a time, so memory stays near the cap whatever the input size; the
/// count is never an estimate. The directory is removed at `finish` or `discard`.
///
/// Integer keys (`add(int:line:)`, a one-column check on a bigint column) have two fast paths
/// giving the same count: while each key is greater than the one before, none can repeat, so
/// they are only appended to an `AscendingRun`; once the order breaks, that run is hashed into a
/// flat `Int64KeyTable` (16 bytes a slot) and later keys go there, until it passes the cap and
/// spills like any key.
package final class UniqueTracker {
    /// A repeated key: its row's line and the key's display text.
    package typealias Duplicate = (line: Int, key: String)

    let memoryCap: Int
    let spillParent: String
    let sampleLimit: Int
    /// Bytes a key costs in the table beyond its own (hash slot, array header, line).
    static let entryOverhead = 64

    private var seen: [[UInt8]: Int] = [:]
    private var ints = Int64KeyTable()
    private var run: AscendingRun?
    /// Whether integer keys have all been ascending so far.
    private var ascending = true
    private var bytes = 0
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
        if let partitions {
            try partitions.add(SpillRecord(key: key, ordinal: line))
            return
        }
        if seen[key] != nil {
            found(line: line, key: key)
            return
        }
        seen[key] = line
        bytes += key.count + Self.entryOverhead
        if bytes > memoryCap { try startSpilling() }
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
            found(line: line, key: Self.key(value))
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
        run?.discard()
        run = nil
        guard let partitions else { return }
        defer { discard() }
        try partitions.drain { (records: [SpillRecord]) throws(FerryError) in
            var table: Set<[UInt8]> = []
            for r in records where !table.insert(r.key).inserted { found(line: r.ordinal, key: r.key) }
        }
    }

    /// Removes the spill directory (idempotent).
    package func discard() {
        run?.discard()
        store?.discard()
        store = nil
        partitions = nil
    }

    private func found(line: Int, key: [UInt8]) {
        duplicates += 1
        if samples.count < sampleLimit { samples.append((line, UniqueKey.display(key))) }
    }

    private func startSpilling() throws(FerryError) {
        let store = try SpillDirectory(parent: spillParent, name: "unique", purpose: "a unique check")
        let partitions = SpillPartitions(store: store, memoryCap: memoryCap)
        self.store = store
        self.partitions = partitions
        let table = seen
        seen = [:]
        bytes = 0
        for (key, line) in table { try partitions.add(SpillRecord(key: key, ordinal: line)) }
        let intTable = ints
        ints = Int64KeyTable(capacity: 1)
        try intTable.forEach { (key: Int64, line: Int) throws(FerryError) in
            try partitions.add(SpillRecord(key: Self.key(key), ordinal: line))
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
