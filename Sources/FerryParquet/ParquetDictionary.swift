#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A column chunk's dictionary: distinct values in PLAIN encoding, found again by their bytes
/// (open addressing over offsets into `plain`, so a lookup allocates nothing).
struct ParquetDictionary {
    /// The dictionary page's body: every distinct value, PLAIN-encoded, in index order.
    private(set) var plain: [UInt8] = []
    private var starts: [Int32] = []
    private var lengths: [Int32] = []
    private var hashes: [UInt64] = []
    /// Each entry as a word, for values of 8 bytes or fewer looked up by `index(ofWord:width:)`
    /// (compared as one integer, not as bytes); empty for the others.
    private var words: [UInt64] = []
    /// Index + 1 of the entry in each slot; 0 is empty. Its size is a power of two.
    private var slots = [Int32](repeating: 0, count: 1024)

    var count: Int { starts.count }

    /// Empties the dictionary, keeping its storage (and its slot table's size).
    mutating func removeAll() {
        plain.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        lengths.removeAll(keepingCapacity: true)
        hashes.removeAll(keepingCapacity: true)
        words.removeAll(keepingCapacity: true)
        for i in slots.indices { slots[i] = 0 }
    }

    /// The index of the PLAIN-encoded value `value`, added when new.
    @inline(__always)
    mutating func index(of value: UnsafeRawBufferPointer) -> UInt32 {
        index(of: value, lengthPrefix: false)
    }

    /// The index of the BYTE_ARRAY value `value` (its bytes without the PLAIN length prefix,
    /// which is added to `plain` with a new entry).
    @inline(__always)
    mutating func index(ofByteArray value: UnsafeRawBufferPointer) -> UInt32 {
        index(of: value, lengthPrefix: true)
    }

    /// The index of the fixed-width value whose PLAIN encoding is the low `width` bytes (at most
    /// 8) of `word`, little-endian, added when new. A dictionary is looked up either always this
    /// way or never.
    @inline(__always)
    mutating func index(ofWord word: UInt64, width: Int) -> UInt32 {
        let hash = Self.hash(word)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = Int(slots[slot]) - 1
            if entry < 0 { break }
            if words[entry] == word { return UInt32(entry) }
            slot = (slot + 1) & mask
        }
        let entry = count
        starts.append(Int32(plain.count))
        lengths.append(Int32(width))
        hashes.append(hash)
        words.append(word)
        withUnsafeBytes(of: word.littleEndian) { plain.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[0..<width])) }
        slots[slot] = Int32(entry + 1)
        if count * 2 > slots.count { grow() }
        return UInt32(entry)
    }

    private mutating func index(of value: UnsafeRawBufferPointer, lengthPrefix: Bool) -> UInt32 {
        let hash = Self.hash(value)
        var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        while true {
            let entry = Int(slots[slot]) - 1
            if entry < 0 { break }
            if hashes[entry] == hash && Int(lengths[entry]) == value.count && equal(entry, value) { return UInt32(entry) }
            slot = (slot + 1) & (slots.count - 1)
        }
        let entry = count
        if lengthPrefix { withUnsafeBytes(of: UInt32(value.count).littleEndian) { plain.append(contentsOf: $0) } }
        starts.append(Int32(plain.count))
        lengths.append(Int32(value.count))
        hashes.append(hash)
        plain.append(contentsOf: value)
        slots[slot] = Int32(entry + 1)
        if count * 2 > slots.count { grow() }
        return UInt32(entry)
    }

    /// Appends the PLAIN encoding of the entries `indices` name, in their order, to `out` (what
    /// a page of those indices holds once it gives up the dictionary).
    func appendPlain(of indices: [UInt32], to out: inout [UInt8]) {
        plain.withUnsafeBytes { all in
            for index in indices {
                let entry = Int(index)
                let begin = entry == 0 ? 0 : Int(starts[entry - 1]) + Int(lengths[entry - 1])
                out.append(contentsOf: UnsafeRawBufferPointer(rebasing: all[begin..<Int(starts[entry]) + Int(lengths[entry])]))
            }
        }
    }

    private func equal(_ entry: Int, _ value: UnsafeRawBufferPointer) -> Bool {
        value.count == 0 || plain.withUnsafeBytes { all in
            memcmp(all.baseAddress! + Int(starts[entry]), value.baseAddress!, value.count) == 0
        }
    }

    private mutating func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        for entry in 0..<count {
            var slot = Int(truncatingIfNeeded: hashes[entry]) & (slots.count - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (slots.count - 1) }
            slots[slot] = Int32(entry + 1)
        }
    }

    /// A 64-bit hash of one word whose low bits depend on all of its bits (murmur3's finalizer).
    @inline(__always)
    static func hash(_ word: UInt64) -> UInt64 {
        var h = word ^ (word >> 33)
        h = h &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h = h &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 33)
    }

    /// A fast 64-bit hash of a few bytes to a few hundred (multiply and xor-shift per word).
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var i = 0
        while i + 8 <= bytes.count {
            h = (h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < bytes.count {
            tail |= UInt64(bytes[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 29)
    }
}
