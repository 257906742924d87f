/// The window of decoded input a reader scans: bytes `0 ..< end` of one growable allocation.
///
/// Readers parse complete records in place, then `compact` moves the unfinished tail to the front
/// before more input is appended, so memory stays at about one chunk plus the longest record.
final class ScanBuffer {
    /// Start of the allocation. Callers use it only for the duration of one scan or copy and
    /// never keep it across `reserve`, which may move the bytes.
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    /// End of the valid bytes.
    private(set) var end = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Drops bytes before `offset`, moving the rest to the front; returns how far they moved.
    @discardableResult
    func compact(keepingFrom offset: Int) -> Int {
        guard offset > 0 else { return 0 }
        let kept = end - offset
        if kept > 0 {
            // copyMemory has memmove semantics: the regions may overlap.
            UnsafeMutableRawPointer(base).copyMemory(from: base + offset, byteCount: kept)
        }
        end = kept
        return offset
    }

    /// Makes room for at least `count` more bytes after `end`, growing by doubling.
    func reserve(_ count: Int) {
        guard capacity - end < count else { return }
        let newCapacity = max(capacity * 2, end + count)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: base, count: end)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }

    /// The free space after `end`.
    var spare: UnsafeMutableRawBufferPointer {
        UnsafeMutableRawBufferPointer(start: base + end, count: capacity - end)
    }

    /// Marks `count` bytes written into `spare` as valid.
    func commit(_ count: Int) { end += count }

    /// Forgets all bytes.
    func clear() { end = 0 }
}
