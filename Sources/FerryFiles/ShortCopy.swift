/// Copies of field texts into an output line: mostly short, so up to 16 bytes go as two
/// overlapping words instead of a call to `memcpy`. Shared by the delimited and JSON Lines encoders.
enum ShortCopy {
    @inline(__always)
    static func copy(_ source: UnsafeRawPointer, _ count: Int, to target: UnsafeMutableRawPointer) {
        if count >= 8 && count <= 16 {
            let head = source.loadUnaligned(as: UInt64.self)
            let tail = source.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
            target.storeBytes(of: head, as: UInt64.self)
            target.storeBytes(of: tail, toByteOffset: count &- 8, as: UInt64.self)
        } else if count < 8 {
            var i = 0
            while i < count {
                target.storeBytes(of: source.load(fromByteOffset: i, as: UInt8.self), toByteOffset: i, as: UInt8.self)
                i &+= 1
            }
        } else {
            target.copyMemory(from: source, byteCount: count)
        }
    }
}
