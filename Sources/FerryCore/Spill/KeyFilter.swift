#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixed-size filter of key hashes (a split-block Bloom filter: 32-byte blocks, one bit in
/// each of eight 32-bit words per key) that answers "certainly never added" or "maybe added".
///
/// De-duplication uses the "certainly" answer only: a row whose key the filter has never seen
/// is new and goes on at once; a "maybe" holds the row back to be decided exactly from disk. A
/// false "maybe" costs a spilled row, never a wrong result.
///
/// Not `Sendable`: one stage owns it on one thread.
package final class KeyFilter {
    private let words: UnsafeMutablePointer<UInt32>
    private let blocks: UInt64
    /// Memory used.
    package let bytes: Int

    private static let salts: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) =
        (0x47b6_137b, 0x4497_4d91, 0x8824_ad5b, 0xa2b7_289d, 0x7054_95c7, 0x2df1_424b, 0x9efc_4947, 0x5c6b_fb31)

    /// A filter of about `bytes` bytes (at least one block).
    package init(bytes: Int) {
        let n = max(1, bytes / 32)
        guard let raw = calloc(n, 32) else { preconditionFailure("out of memory making a key filter of \(n * 32) bytes") }
        words = raw.assumingMemoryBound(to: UInt32.self)
        blocks = UInt64(n)
        self.bytes = n * 32
    }

    deinit { free(words) }

    @inline(__always)
    private func block(_ hash: UInt64) -> UnsafeMutablePointer<UInt32> {
        words + Int(((hash >> 32) &* blocks) >> 32) * 8
    }

    @inline(__always)
    private static func bit(_ key: UInt32, _ salt: UInt32) -> UInt32 { 1 << ((key &* salt) >> 27) }

    /// Adds a key's hash.
    @inline(__always)
    package func add(_ hash: UInt64) {
        let b = block(hash), k = UInt32(truncatingIfNeeded: hash), s = Self.salts
        b[0] |= Self.bit(k, s.0); b[1] |= Self.bit(k, s.1); b[2] |= Self.bit(k, s.2); b[3] |= Self.bit(k, s.3)
        b[4] |= Self.bit(k, s.4); b[5] |= Self.bit(k, s.5); b[6] |= Self.bit(k, s.6); b[7] |= Self.bit(k, s.7)
    }

    /// False when no key of this hash was added; true when one may have been.
    @inline(__always)
    package func mayContain(_ hash: UInt64) -> Bool {
        let b = block(hash), k = UInt32(truncatingIfNeeded: hash), s = Self.salts
        return b[0] & Self.bit(k, s.0) != 0 && b[1] & Self.bit(k, s.1) != 0 && b[2] & Self.bit(k, s.2) != 0
            && b[3] & Self.bit(k, s.3) != 0 && b[4] & Self.bit(k, s.4) != 0 && b[5] & Self.bit(k, s.5) != 0
            && b[6] & Self.bit(k, s.6) != 0 && b[7] & Self.bit(k, s.7) != 0
    }
}
