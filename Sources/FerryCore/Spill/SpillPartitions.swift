/// Records spilled to disk by the hash of their key, so that every record of one key lands in one
/// part and a part can be read back on its own within a memory cap: the exact, bounded-memory
/// grouping that a `unique` check and a load's de-duplication share.
///
/// Records (`SpillRecord` layout) are buffered per part in flat buffers and appended to the
/// `SpillStore` in large writes once `bufferBytes` are pending. `drain` reads one part at a time;
/// a part larger than half of `memoryCap` (the part and the table built over it must both fit)
/// is split again by the next bits of the hash (up to `maxDepth` levels), so memory stays near
/// the cap whatever the input size.
package final class SpillPartitions {
    static let fanoutBits = 6
    static let fanout = 1 << fanoutBits
    static let maxDepth = 4

    private let store: any SpillStore
    private let memoryCap: Int
    /// Bytes buffered across parts before they are written (an eighth of the cap, 4 KiB–2 MiB).
    package let bufferBytes: Int
    private var pending: [ByteArena]
    private var pendingBytes = 0
    /// Bytes written to the store (for reports and tests).
    package private(set) var spilledBytes = 0

    package init(store: any SpillStore, memoryCap: Int) {
        self.store = store
        self.memoryCap = memoryCap
        bufferBytes = max(4 << 10, min(2 << 20, memoryCap / 8))
        pending = (0..<Self.fanout).map { _ in ByteArena() }
    }

    /// Queues a record for its part (by `hash`, the key's `KeyHash`), writing the buffers when
    /// they fill.
    @inline(__always)
    package func add(key: UnsafeRawBufferPointer, hash: UInt64, ordinal: Int, payload: UnsafeRawBufferPointer) throws(FerryError) {
        SpillRecord.append(key: key, ordinal: ordinal, payload: payload, to: pending[Self.part(hash, depth: 0)])
        pendingBytes += SpillRecord.size(key: key.count, payload: payload.count)
        if pendingBytes > bufferBytes { try flush() }
    }

    /// Calls `body` with the records of one part at a time, in a `RecordTable` with nothing
    /// indexed yet (every record of a key is in the same call, in the order they were added),
    /// removing each part as it goes and the store at the end, also when `body` throws.
    package func drain(_ body: (RecordTable) throws(FerryError) -> Void) throws(FerryError) {
        defer { store.discard() }
        try flush()
        pending = []
        for p in 0..<Self.fanout { try drain(part: "0-\(p)", depth: 0, body) }
    }

    private func drain(part: String, depth: Int, _ body: (RecordTable) throws(FerryError) -> Void) throws(FerryError) {
        var data = try store.take(part)
        if data.isEmpty { return }
        guard data.count > memoryCap / 2 && depth + 1 < Self.maxDepth else {
            let records = ByteArena(capacity: data.count)
            data.withUnsafeBytes { records.append($0) }
            data = []
            var n = 0
            var ref = 0
            while ref < records.count {
                n += 1
                ref += SpillRecord.size(UnsafeRawPointer(records.base! + ref))
            }
            try body(RecordTable(records: records, expected: n))
            return
        }
        // Split by the next bits of the hash through small buffers; the part is let go before
        // its pieces are read.
        let prefix = "\(part).\(depth + 1)-"
        let parts = (0..<Self.fanout).map { _ in ByteArena() }
        var buffered = 0
        var ref = 0
        while ref < data.count {
            let size = data.withUnsafeBytes { buf in
                let p = buf.baseAddress! + ref
                let size = SpillRecord.size(p)
                let hash = KeyHash.of(p + SpillRecord.headerSize, count: SpillRecord.keyLength(p))
                parts[Self.part(hash, depth: depth + 1)].append(UnsafeRawBufferPointer(start: p, count: size))
                return size
            }
            buffered += size
            ref += size
            if buffered > bufferBytes || ref >= data.count {
                for q in 0..<Self.fanout where parts[q].count > 0 {
                    try store.append(parts[q].array, to: prefix + "\(q)")
                    parts[q].removeAll(keepingCapacity: true)
                }
                buffered = 0
            }
        }
        data = []
        for q in parts { q.removeAll() }
        for q in 0..<Self.fanout { try drain(part: prefix + "\(q)", depth: depth + 1, body) }
    }

    private func flush() throws(FerryError) {
        for p in pending.indices where pending[p].count > 0 {
            try store.append(pending[p].array, to: "0-\(p)")
            spilledBytes += pending[p].count
            pending[p].removeAll(keepingCapacity: true)
        }
        pendingBytes = 0
    }

    /// The part of a key's hash at level `depth`: the hash's bits from the top, six per level
    /// (a `RecordTable` indexes by the low bits, so a part's table still spreads its keys).
    @inline(__always)
    static func part(_ hash: UInt64, depth: Int) -> Int {
        Int(truncatingIfNeeded: (hash << UInt64(fanoutBits * depth)) >> UInt64(64 - fanoutBits))
    }
}
