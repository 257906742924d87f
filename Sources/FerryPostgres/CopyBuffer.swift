/// A growable byte buffer for COPY data, written through a raw pointer so the encoding loops pay
/// no bounds or uniqueness checks per byte. Owns its memory and frees it in `deinit`.
///
/// Writers call `reserve(_:)` with an upper bound of what they append next, then the unchecked
/// `append…` methods; `count` is the number of bytes written since the last `removeAll()`.
final class CopyBuffer {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var capacity: Int
    var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = UnsafeMutableRawPointer.allocate(byteCount: self.capacity, alignment: 8)
    }

    deinit { base.deallocate() }

    /// Makes room for `bytes` more bytes.
    @inline(__always)
    func reserve(_ bytes: Int) {
        if count + bytes > capacity { grow(to: count + bytes) }
    }

    @inline(never)
    private func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 8)
        newBase.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// The bytes written, valid until the next write or `removeAll()`.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    func removeAll() { count = 0 }

    @inline(__always)
    func append(byte: UInt8) {
        base.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    /// Appends `value` in network byte order, in its own width (`Int16`, `Int32`, `Int64`: the
    /// binary COPY format's fields). Specialised and inlined at each call, like the byte append.
    @inline(__always)
    func append<Value: FixedWidthInteger>(bigEndian value: Value) {
        base.storeBytes(of: value.bigEndian, toByteOffset: count, as: Value.self)
        count += MemoryLayout<Value>.size
    }

    @inline(__always)
    func append(_ source: UnsafeRawPointer, count length: Int) {
        (base + count).copyMemory(from: source, byteCount: length)
        count += length
    }

    /// Writes a big-endian Int32 at `offset` (a length known only after its value was written).
    @inline(__always)
    func store(bigEndian value: Int32, at offset: Int) {
        base.storeBytes(of: value.bigEndian, toByteOffset: offset, as: Int32.self)
    }

    /// Appends bytes from an array (headers, small constants).
    func append(_ array: [UInt8]) {
        reserve(array.count)
        array.withUnsafeBytes { if let source = $0.baseAddress { append(source, count: $0.count) } }
    }
}
