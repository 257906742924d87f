/// A running SHA-256 (FIPS 180-4) in plain Swift, no C library (`SHA256Digest` says why): the
/// state is eight words, the byte count and the bytes of an unfinished 64-byte block.
/// `SHA256Digest.hash` is one run of it. File sources hash with swift-crypto instead (FerryFiles,
/// the CPU's SHA instructions); this state is also read back from checkpoints written before
/// they kept a fingerprint (`SourceFingerprint.checkpointText`).
package struct SHA256State: Sendable {
    private var h: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) =
        (0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19)
    /// Bytes hashed so far.
    package private(set) var count: UInt64 = 0
    /// The bytes of the unfinished block (fewer than 64).
    private var pending: [UInt8] = []

    package init() {}

    /// The round constants (FIPS 180-4, 4.2.2).
    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    private var words: [UInt32] { [h.0, h.1, h.2, h.3, h.4, h.5, h.6, h.7] }

    /// Hashes `bytes`.
    package mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var offset = 0
        let total = bytes.count
        count &+= UInt64(total)
        if !pending.isEmpty {
            let take = min(64 - pending.count, total)
            pending.append(contentsOf: UnsafeRawBufferPointer(start: base, count: take))
            offset = take
            if pending.count < 64 { return }
            pending.withUnsafeBytes { block in compress(block.baseAddress!) }
            pending.removeAll(keepingCapacity: true)
        }
        while total - offset >= 64 {
            compress(base + offset)
            offset += 64
        }
        if offset < total {
            pending.append(contentsOf: UnsafeRawBufferPointer(start: base + offset, count: total - offset))
        }
    }

    /// The digest of everything hashed, in lowercase hex; the state itself is unchanged.
    package func hexDigest() -> String { Self.hex(digest()) }

    /// The 32-byte digest of everything hashed; the state itself is unchanged.
    package func digest() -> [UInt8] {
        var final = self
        let bits = count &* 8
        var tail: [UInt8] = [0x80]
        let used = (pending.count + 1) % 64
        tail += Array(repeating: 0, count: used <= 56 ? 56 - used : 120 - used)
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        tail.withUnsafeBytes { final.update($0) }
        return final.words.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> UInt32(24 - 8 * $0)) } }
    }

    /// A state as checkpoints wrote it before they kept a fingerprint:
    /// `sha256:<count>:<eight words in hex>:<pending bytes in hex>`; nil when `text` is not one.
    package init?(serialized text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "sha256", let count = UInt64(parts[1]),
              let state = Self.bytes(hex: parts[2]), state.count == 32,
              let pending = Self.bytes(hex: parts[3]), pending.count < 64, UInt64(pending.count) == count % 64 else { return nil }
        var w = [UInt32](repeating: 0, count: 8)
        for i in 0..<8 { for j in 0..<4 { w[i] = w[i] << 8 | UInt32(state[4 * i + j]) } }
        h = (w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7])
        self.count = count
        self.pending = pending
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(decoding: bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] }, as: UTF8.self)
    }

    private static func bytes(hex: Substring) -> [UInt8]? {
        let text = Array(hex.utf8)
        guard text.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(text.count / 2)
        var i = 0
        while i < text.count {
            guard let high = text[i].hexDigitValue, let low = text[i + 1].hexDigitValue else { return nil }
            out.append(high << 4 | low)
            i += 2
        }
        return out
    }

    /// One 64-byte block (FIPS 180-4, 6.2.2).
    private mutating func compress(_ block: UnsafeRawPointer) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            for t in 0..<16 { w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4 * t, as: UInt32.self)) }
            for t in 16..<64 {
                let s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
                let s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
                w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
            }
            var (a, b, c, d, e, f, g, hh) = h
            Self.k.withUnsafeBufferPointer { k in
                for t in 0..<64 {
                    let t1 = hh &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ k[t] &+ w[t]
                    let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
                    hh = g; g = f; f = e; e = d &+ t1
                    d = c; c = b; b = a; a = t1 &+ t2
                }
            }
            h = (h.0 &+ a, h.1 &+ b, h.2 &+ c, h.3 &+ d, h.4 &+ e, h.5 &+ f, h.6 &+ g, h.7 &+ hh)
        }
    }

    @inline(__always) private func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { x >> n | x << (32 - n) }

}
