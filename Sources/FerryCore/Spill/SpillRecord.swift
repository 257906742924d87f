/// The layout of one record that `SpillPartitions` writes and a `RecordTable` holds:
/// `key length (u32) | payload length (u32) | ordinal (i64) | key | payload`, little-endian.
/// The key is what records are grouped by, the ordinal an input position (a line) or a mark the
/// owner gives it, the payload whatever else the owner keeps (a row's values).
package enum SpillRecord {
    static let headerSize = 16

    /// Appends a record to `out`.
    @inline(__always)
    package static func append(key: UnsafeRawBufferPointer, ordinal: Int, payload: UnsafeRawBufferPointer, to out: ByteArena) {
        out.reserve(extra: headerSize + key.count + payload.count)
        out.append(littleEndian: UInt32(truncatingIfNeeded: key.count))
        out.append(littleEndian: UInt32(truncatingIfNeeded: payload.count))
        out.append(littleEndian: Int64(ordinal))
        out.append(key)
        out.append(payload)
    }

    /// The on-disk size of a record.
    @inline(__always)
    package static func size(key: Int, payload: Int) -> Int { headerSize + key + payload }

    /// Key length of the record at `p`.
    @inline(__always)
    static func keyLength(_ p: UnsafeRawPointer) -> Int { Int(UInt32(littleEndian: p.loadUnaligned(as: UInt32.self))) }

    /// Payload length of the record at `p`.
    @inline(__always)
    static func payloadLength(_ p: UnsafeRawPointer) -> Int {
        Int(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
    }

    /// Ordinal of the record at `p`.
    @inline(__always)
    static func ordinal(_ p: UnsafeRawPointer) -> Int { Int(Int64(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: Int64.self))) }

    /// Whole size of the record at `p`.
    @inline(__always)
    static func size(_ p: UnsafeRawPointer) -> Int { headerSize + keyLength(p) + payloadLength(p) }
}
