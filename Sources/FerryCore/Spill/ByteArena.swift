#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable run of bytes in one `malloc` block: the records a `RecordTable` holds and the
/// buffers `SpillPartitions` writes. `capacity` is what it costs in memory; growing goes through
/// `realloc`, which moves large blocks by remapping their pages rather than copying them.
///
/// Not `Sendable`: one stage owns it on one thread.
package final class ByteArena {
    package private(set) var base: UnsafeMutableRawPointer?
    package private(set) var count = 0
    package private(set) var capacity = 0

    package init(capacity: Int = 0) {
        if capacity > 0 { resize(to: capacity) }
    }

    deinit { free(base) }

    /// Makes room for at least `extra` more bytes, at least doubling the capacity.
    @inline(__always)
    package func reserve(extra: Int) {
        if count + extra > capacity { resize(to: max(count + extra, capacity * 2, 4096)) }
    }

    /// Sets the capacity to `n` bytes (at least `count`).
    package func resize(to n: Int) {
        let size = max(n, count)
        guard let grown = realloc(base, max(size, 1)) else {
            // realloc's documentation: NULL means the old block is untouched. There is no
            // recovery from running out of memory in a load; stop as Swift's own allocator does.
            preconditionFailure("out of memory growing a buffer to \(size) bytes")
        }
        base = grown
        capacity = size
    }

    /// Appends `bytes`.
    @inline(__always)
    package func append(_ bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        reserve(extra: n)
        if n > 0, let src = bytes.baseAddress { (base! + count).copyMemory(from: src, byteCount: n) }
        count += n
    }

    /// Appends `value` as its little-endian bytes.
    @inline(__always)
    package func append<T: FixedWidthInteger>(littleEndian value: T) {
        reserve(extra: MemoryLayout<T>.size)
        (base! + count).storeBytes(of: value.littleEndian, as: T.self)
        count += MemoryLayout<T>.size
    }

    /// The bytes `start..<start + n` (valid until the arena next grows or is freed).
    @inline(__always)
    package func bytes(at start: Int, count n: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: base.map { UnsafeRawPointer($0) + start }, count: n)
    }

    /// Sets `count` after writing through `base` (at most `capacity`).
    package func setCount(_ n: Int) {
        precondition(n <= capacity, "a buffer's count past its capacity")
        count = n
    }

    /// Forgets the bytes from `n` on.
    package func truncate(to n: Int) { count = min(count, n) }

    /// Forgets every byte; `keepingCapacity: false` also frees the block.
    package func removeAll(keepingCapacity: Bool = false) {
        count = 0
        if !keepingCapacity {
            free(base)
            base = nil
            capacity = 0
        }
    }

    /// The bytes as an array (for the store's interface).
    package var array: [UInt8] { Array(bytes(at: 0, count: count)) }
}
