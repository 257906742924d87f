/// The 64-bit hash de-duplication and the `unique` check give a key's bytes: it places keys in
/// a `RecordTable`, a `KeyFilter` and the parts of a `SpillPartitions`. Equal bytes hash equal;
/// no decision rests on the hash alone (tables compare the bytes), so a collision costs time, never
/// exactness.
package enum KeyHash {
    /// The hash of `count` bytes at `p`: 8 bytes at a time through a 64×64→128-bit multiply.
    @inline(__always)
    package static func of(_ p: UnsafeRawPointer, count n: Int) -> UInt64 {
        var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ (UInt64(truncatingIfNeeded: n) &* 0x9E37_79B9_7F4A_7C15)
        var i = 0
        while i + 8 <= n {
            h = mix(p.loadUnaligned(fromByteOffset: i, as: UInt64.self).littleEndian ^ 0xA076_1D64_78BD_642F,
                    h ^ 0xE703_7ED1_A0B4_28DB)
            i += 8
        }
        // The last 0–7 bytes, zero-padded (the length is already in `h`).
        var tail: UInt64 = 0
        if i < n { withUnsafeMutableBytes(of: &tail) { $0.baseAddress!.copyMemory(from: p + i, byteCount: n - i) } }
        h = mix(tail.littleEndian ^ 0x8EBC_6AF0_9C88_C6E3, h ^ 0x5899_65CC_7537_4CC3)
        return mix(h ^ 0x1D8E_4E27_C47D_124F, 0x9E37_79B9_7F4A_7C15)
    }

    /// The hash of `bytes`.
    @inline(__always)
    package static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        guard let p = bytes.baseAddress else { return of(UnsafeRawPointer(bitPattern: 1)!, count: 0) }
        return of(p, count: bytes.count)
    }

    @inline(__always)
    static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (hi, lo) = a.multipliedFullWidth(by: b)
        return hi ^ lo
    }
}
