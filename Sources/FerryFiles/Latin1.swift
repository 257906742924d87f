/// ISO 8859-1 to UTF-8: bytes below 0x80 are copied, the others become two-byte sequences.
enum Latin1 {
    /// Transcodes `input` into `output`, which must hold `2 * input.count` bytes; returns the
    /// number of bytes written.
    static func transcode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> Int {
        guard let src = input.baseAddress, let dst = output.baseAddress, output.count >= 2 * input.count else { return 0 }
        let count = input.count
        var i = 0
        var o = 0
        while i < count {
            if i + 8 <= count {
                let word = src.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    dst.storeBytes(of: word, toByteOffset: o, as: UInt64.self)
                    i += 8
                    o += 8
                    continue
                }
            }
            let b = src.load(fromByteOffset: i, as: UInt8.self)
            if b < 0x80 {
                dst.storeBytes(of: b, toByteOffset: o, as: UInt8.self)
                o += 1
            } else {
                dst.storeBytes(of: 0xC0 | (b >> 6), toByteOffset: o, as: UInt8.self)
                dst.storeBytes(of: 0x80 | (b & 0x3F), toByteOffset: o + 1, as: UInt8.self)
                o += 2
            }
            i += 1
        }
        return o
    }
}
