#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Records (`SpillRecord` layout) in one `ByteArena`, indexed by key in a flat open-addressing
/// table of (hash, offset) slots: the exact key set that de-duplication and the `unique` check
/// keep in memory, and the table they build over one spill part when reading it back.
///
/// A lookup hashes the key once (`KeyHash`), probes linearly and compares bytes only where the
/// 64-bit hashes agree. A record is named by its offset in the arena (`ref`); offsets grow in the
/// order records were appended. `bytes` is what the table costs (arena and slots).
///
/// Not `Sendable`: one stage owns it on one thread.
package final class RecordTable {
    package let records: ByteArena
    /// Slots: hash (0 is empty; hashes are stored with the low bit set) and record offset.
    private var hashes: UnsafeMutablePointer<UInt64>?
    private var refs: UnsafeMutablePointer<Int>?
    private var mask = -1
    /// Keys indexed.
    package private(set) var count = 0

    /// An empty table.
    package init() { records = ByteArena() }

    /// A table over records already written (a spill part); nothing is indexed yet: `slot` and
    /// `index` decide which records to.
    package init(records: ByteArena, expected: Int) {
        self.records = records
        resizeSlots(Self.slotCount(for: expected))
    }

    deinit {
        free(hashes)
        free(refs)
    }

    /// Memory used: the arena's capacity and the slots.
    package var bytes: Int { records.capacity + (mask + 1) * 16 }

    /// Slots needed to hold `n` keys at the table's load factor (at most 3/4).
    package static func slotCount(for n: Int) -> Int {
        var s = 16
        while s * 3 < n * 4 { s <<= 1 }
        return s
    }

    /// Slot bytes after the next growth, when adding one key grows the slots; else the current.
    package var slotBytesAfterAdding: Int {
        let slots = mask + 1
        return (count + 1) * 4 > slots * 3 ? slots * 32 : slots * 16
    }

    /// Whether a record of `size` bytes can be added with the table's memory (arena and slots)
    /// staying within `cap`; grows the arena for it when it can.
    package func makeRoom(for size: Int, within cap: Int) -> Bool {
        let slots = slotBytesAfterAdding
        let needed = records.count + size
        if needed <= records.capacity { return records.capacity + slots <= cap }
        let grown = min(max(records.capacity * 2, needed, 4096), cap - slots)
        guard grown >= needed else { return false }
        records.resize(to: grown)
        return true
    }

    /// The slot holding `key` (hash `hash`), or -1.
    @inline(__always)
    package func slot(of key: UnsafeRawBufferPointer, hash: UInt64) -> Int {
        guard let hashes, let refs, let arena = records.base else { return -1 }
        let h = hash | 1
        var i = Int(truncatingIfNeeded: hash >> 7) & mask
        while true {
            let s = hashes[i]
            if s == 0 { return -1 }
            if s == h {
                let p = UnsafeRawPointer(arena + refs[i])
                if SpillRecord.keyLength(p) == key.count
                    && (key.count == 0 || memcmp(p + SpillRecord.headerSize, key.baseAddress!, key.count) == 0) { return i }
            }
            i = (i + 1) & mask
        }
    }

    /// Indexes the record at `ref` whose key hashes to `hash` (not yet in the table).
    @inline(__always)
    package func index(_ ref: Int, hash: UInt64) {
        if (count + 1) * 4 > (mask + 1) * 3 { resizeSlots(max(16, (mask + 1) * 2)) }
        place(ref, hash: hash | 1)
        count += 1
    }

    /// Appends a record and indexes it (its key must not be in the table); returns its ref.
    @discardableResult @inline(__always)
    package func insert(key: UnsafeRawBufferPointer, hash: UInt64, ordinal: Int, payload: UnsafeRawBufferPointer) -> Int {
        let ref = records.count
        SpillRecord.append(key: key, ordinal: ordinal, payload: payload, to: records)
        index(ref, hash: hash)
        return ref
    }

    /// The record a slot names.
    @inline(__always)
    package func ref(at slot: Int) -> Int { refs![slot] }

    /// Points a slot at another record of the same key.
    @inline(__always)
    package func setRef(_ ref: Int, at slot: Int) { refs![slot] = ref }

    /// The refs of the indexed records, in the order they were appended.
    package func indexedRefs() -> [Int] {
        guard let hashes, let refs else { return [] }
        var out: [Int] = []
        out.reserveCapacity(count)
        for i in 0...mask where hashes[i] != 0 { out.append(refs[i]) }
        out.sort()
        return out
    }

    /// Forgets the index (the records stay) and frees the slots.
    package func dropIndex() {
        free(hashes)
        free(refs)
        hashes = nil
        refs = nil
        mask = -1
        count = 0
    }

    /// Re-indexes the records before offset `end` (every record's key distinct), dropping the
    /// rest: what a table keeps when it gives up the newer half of its keys.
    package func keep(before end: Int) {
        dropIndex()
        records.truncate(to: end)
        records.resize(to: end)
        var n = 0
        var ref = 0
        while ref < end { n += 1; ref += SpillRecord.size(UnsafeRawPointer(records.base! + ref)) }
        resizeSlots(Self.slotCount(for: n))
        ref = 0
        while ref < end {
            let p = UnsafeRawPointer(records.base! + ref)
            place(ref, hash: KeyHash.of(p + SpillRecord.headerSize, count: SpillRecord.keyLength(p)) | 1)
            count += 1
            ref += SpillRecord.size(p)
        }
    }

    // MARK: Record access

    /// Key of the record at `ref`.
    @inline(__always)
    package func key(at ref: Int) -> UnsafeRawBufferPointer {
        let p = UnsafeRawPointer(records.base! + ref)
        return UnsafeRawBufferPointer(start: p + SpillRecord.headerSize, count: SpillRecord.keyLength(p))
    }

    /// Payload of the record at `ref`.
    @inline(__always)
    package func payload(at ref: Int) -> UnsafeRawBufferPointer {
        let p = UnsafeRawPointer(records.base! + ref)
        return UnsafeRawBufferPointer(start: p + SpillRecord.headerSize + SpillRecord.keyLength(p), count: SpillRecord.payloadLength(p))
    }

    /// Ordinal of the record at `ref`.
    @inline(__always)
    package func ordinal(at ref: Int) -> Int { SpillRecord.ordinal(UnsafeRawPointer(records.base! + ref)) }

    /// Offset of the record after the one at `ref`.
    @inline(__always)
    package func next(after ref: Int) -> Int { ref + SpillRecord.size(UnsafeRawPointer(records.base! + ref)) }

    // MARK: Slots

    @inline(__always)
    private func place(_ ref: Int, hash h: UInt64) {
        var i = Int(truncatingIfNeeded: h >> 7) & mask
        while hashes![i] != 0 { i = (i + 1) & mask }
        hashes![i] = h
        refs![i] = ref
    }

    private func resizeSlots(_ n: Int) {
        let oldHashes = hashes, oldRefs = refs, oldCount = mask + 1
        guard let h = calloc(n, 8), let r = malloc(n * 8) else { preconditionFailure("out of memory growing a key table to \(n) slots") }
        hashes = h.assumingMemoryBound(to: UInt64.self)
        refs = r.assumingMemoryBound(to: Int.self)
        mask = n - 1
        if let oldHashes, let oldRefs {
            for i in 0..<oldCount where oldHashes[i] != 0 { place(oldRefs[i], hash: oldHashes[i]) }
        }
        free(oldHashes)
        free(oldRefs)
    }
}
