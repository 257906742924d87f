/// Byte search eight bytes at a time in a 64-bit word ("SIMD within a register"), and the
/// sixteen-byte loads of the scans that go a vector at a time first.
enum SWAR {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// `byte` in every byte of a word.
    @inline(__always)
    static func broadcast(_ byte: UInt8) -> UInt64 { UInt64(byte) &* ones }

    /// The eight bytes at `p`, first byte in the low bits.
    @inline(__always)
    static func load(_ p: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
    }

    /// The sixteen bytes at `p`, for the scans that take a vector at a time before words.
    @inline(__always)
    static func load16(_ p: UnsafePointer<UInt8>) -> SIMD16<UInt8> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD16<UInt8>.self)
    }

    /// A word whose lowest set bit is the high bit of the first zero byte of `x` (0 when none).
    /// Bytes above the first zero byte may be flagged falsely; only the lowest set bit is exact.
    @inline(__always)
    static func zeroBytes(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
}
