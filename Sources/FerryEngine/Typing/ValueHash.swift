/// Fast 64-bit hashes of values for `HyperLogLog` (not for hash tables exposed to input: no seed).
enum ValueHash {
    /// MurmurHash3's 64-bit finaliser: every input bit affects every output bit.
    @inline(__always)
    static func mix(_ x0: UInt64) -> UInt64 {
        var x = x0
        x ^= x >> 33
        x &*= 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        x &*= 0xC4CE_B9FE_1A85_EC53
        x ^= x >> 33
        return x
    }

    @inline(__always)
    static func hash(_ value: Int64) -> UInt64 { mix(UInt64(bitPattern: value)) }

    /// Hashes a double's bits, with every NaN hashed alike (they all print as `NaN`).
    @inline(__always)
    static func hash(_ value: Double) -> UInt64 { mix(value.isNaN ? 0x7FF8_0000_0000_0000 : value.bitPattern) }

    /// Hashes bytes eight at a time.
    @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let n = bytes.count
        var h = 0x9E37_79B9_7F4A_7C15 ^ UInt64(n)
        guard let base = bytes.baseAddress else { return mix(h) }
        var i = 0
        while i + 8 <= n {
            let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ mix(word)) &* 0x9FB2_1C65_1E98_DF25
            h = (h << 27) | (h >> 37)
            i += 8
        }
        if i < n {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                word |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << shift
                shift += 8
                i += 1
            }
            h = (h ^ mix(word)) &* 0x9FB2_1C65_1E98_DF25
        }
        return mix(h)
    }
}
