package import FerryCore
import FerryPOSIX

/// Counts rows whose key repeats an earlier row's, exactly, in bounded memory.
///
/// Keys live in a hash table until their bytes pass `memoryCap`; then every key seen so far and
/// every later one goes to disk by hash (`SpillPartitions`, in a private `SpillDirectory`), and
/// `finish` reads one part at a time, so memory stays near the cap whatever the input size; the
/// count is never an estimate. The directory is removed at `finish` or `discard`.
package final class UniqueTracker {
    /// A repeated key: its row's line and the key's display text.
    package typealias Duplicate = (line: Int, key: String)

    let memoryCap: Int
    let spillParent: String
    let sampleLimit: Int
    /// Bytes a key costs in the table beyond its own (hash slot, array header, line).
    static let entryOverhead = 64

    private var seen: [[UInt8]: Int] = [:]
    private var bytes = 0
    private var store: SpillDirectory?
    private var partitions: SpillPartitions?
    package private(set) var duplicates = 0
    package private(set) var samples: [Duplicate] = []
    /// Whether keys went to disk (for tests and the report).
    package var spilled: Bool { partitions != nil }

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

    /// Counts the duplicates still on disk and removes the spill files.
    package func finish() throws(FerryError) {
        guard let partitions else { return }
        defer { discard() }
        try partitions.drain { (records: [SpillRecord]) throws(FerryError) in
            var table: Set<[UInt8]> = []
            for r in records where !table.insert(r.key).inserted { found(line: r.ordinal, key: r.key) }
        }
    }

    /// Removes the spill directory (idempotent).
    package func discard() {
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
