/// A run's identifier: a UUIDv7 (RFC 9562), time-ordered, so runs sort by start time.
package struct RunID: Sendable, Hashable, CustomStringConvertible {
    package let bytes: [UInt8]

    /// A new UUIDv7 for the given Unix time in milliseconds.
    package init(unixMillis: Int64 = Clock.unixMillis()) {
        var rng = SystemRandomNumberGenerator()
        var b = [UInt8](repeating: 0, count: 16)
        for i in 0..<6 { b[i] = UInt8(truncatingIfNeeded: unixMillis >> (8 * (5 - i))) }
        for i in 6..<16 { b[i] = UInt8.random(in: 0...255, using: &rng) }
        b[6] = 0x70 | (b[6] & 0x0F)  // version 7
        b[8] = 0x80 | (b[8] & 0x3F)  // variant 10
        bytes = b
    }

    package var description: String {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for (i, byte) in bytes.enumerated() {
            if [4, 6, 8, 10].contains(i) { out.append(0x2D) }
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Eight hex digits of the run's random bits, for names that must differ between runs
    /// (staging tables). The UUID's first digits are its timestamp, which every run within about
    /// a minute shares, so they never serve as a tag.
    package var tag: String {
        String(description.suffix(8))
    }
}
