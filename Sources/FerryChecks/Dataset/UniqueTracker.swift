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
package final class UniqueTracker {
    /// A repeated key: its row's line and the key's display text.
    package typealias Duplicate = (line: Int, key: String)

    let memoryCap: Int
    let spillParent: String
    let sampleLimit: Int

    private let table = RecordTable()
    /// The key being added, where the table and the partitions read it.
    private let scratch = ByteArena()
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
            let store = try SpillDirectory(parent: spillParent, name: "unique", purpose: "a unique check")
            self.store = store
            partitions = SpillPartitions(store: store, memoryCap: memoryCap)
        }
        try partitions?.add(key: k, hash: hash, ordinal: line, payload: UnsafeRawBufferPointer(start: nil, count: 0))
    }

    /// Counts the duplicates still on disk and removes the spill files.
    package func finish() throws(FerryError) {
        table.dropIndex()
        table.records.removeAll()
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
        store?.discard()
        store = nil
        partitions = nil
    }

    private func found(line: Int, key: UnsafeRawBufferPointer) {
        duplicates += 1
        if samples.count < sampleLimit { samples.append((line, UniqueKey.display(Array(key)))) }
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
