/// Records spilled to disk by a hash of their key, so that every record of one key lands in one
/// part and a part can be read back on its own within a memory cap: the exact, bounded-memory
/// grouping that a `unique` check and a load's de-duplication share.
///
/// Records are buffered per part and appended to the `SpillStore` in chunks of about 1 MiB.
/// `drain` reads one part at a time; a part still larger than `memoryCap` is split again by
/// another hash (up to `maxDepth` levels), so memory stays near the cap whatever the input size.
package final class SpillPartitions {
    static let fanout = 64
    static let maxDepth = 4
    /// Buffered bytes across parts before they are written.
    static let bufferBytes = 1 << 20

    private let store: any SpillStore
    private let memoryCap: Int
    private var pending: [[UInt8]]
    private var pendingBytes = 0
    /// Bytes written to the store (for reports and tests).
    package private(set) var spilledBytes = 0

    package init(store: any SpillStore, memoryCap: Int) {
        self.store = store
        self.memoryCap = memoryCap
        pending = Array(repeating: [], count: Self.fanout)
    }

    /// Queues `record` for its part, writing the buffers when they fill.
    package func add(_ record: SpillRecord) throws(FerryError) {
        record.encode(into: &pending[Self.partition(record.key, depth: 0)])
        pendingBytes += record.size
        if pendingBytes > Self.bufferBytes { try flush() }
    }

    /// Calls `body` with the records of one part at a time (every record of a key is in the
    /// same call, in the order they were added), removing each part as it goes and the store at
    /// the end, also when `body` throws.
    package func drain(_ body: ([SpillRecord]) throws(FerryError) -> Void) throws(FerryError) {
        defer { store.discard() }
        try flush()
        for p in 0..<Self.fanout { try drain(part: "0-\(p)", depth: 0, body) }
    }

    private func drain(part: String, depth: Int, _ body: ([SpillRecord]) throws(FerryError) -> Void) throws(FerryError) {
        var data = try store.take(part)
        if data.isEmpty { return }
        guard data.count > memoryCap && depth + 1 < Self.maxDepth else {
            let records = SpillRecord.decode(data)
            data = []
            try body(records)
            return
        }
        // Split record by record through small buffers, so the part and its split are not both
        // held whole; the part is let go before its pieces are read.
        let prefix = "\(part).\(depth + 1)-"
        var parts = Array(repeating: [UInt8](), count: Self.fanout)
        var buffered = 0
        var i = 0
        while let (r, next) = SpillRecord.decode(data, at: i) {
            r.encode(into: &parts[Self.partition(r.key, depth: depth + 1)])
            buffered += r.size
            i = next
            if buffered > Self.bufferBytes || i >= data.count {
                for p in 0..<Self.fanout where !parts[p].isEmpty {
                    try store.append(parts[p], to: prefix + "\(p)")
                    parts[p].removeAll(keepingCapacity: true)
                }
                buffered = 0
            }
        }
        data = []
        parts = []
        for p in 0..<Self.fanout { try drain(part: prefix + "\(p)", depth: depth + 1, body) }
    }

    private func flush() throws(FerryError) {
        for p in 0..<Self.fanout where !pending[p].isEmpty {
            try store.append(pending[p], to: "0-\(p)")
            spilledBytes += pending[p].count
            pending[p].removeAll(keepingCapacity: true)
        }
        pendingBytes = 0
    }

    /// The part of `key` at level `depth`.
    static func partition(_ key: [UInt8], depth: Int) -> Int {
        // FNV-1a with the level mixed in, so a level's split spreads what the level above grouped.
        var h: UInt64 = 0xcbf2_9ce4_8422_2325 &+ UInt64(depth) &* 0x9E37_79B9_7F4A_7C15
        for b in key { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        h ^= h >> 29
        return Int(h % UInt64(fanout))
    }
}
