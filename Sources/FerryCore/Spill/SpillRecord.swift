/// One record of a `SpillPartitions`: the key records are grouped by, the input position it came
/// from (a line, a row ordinal) and what else the caller keeps with it.
package struct SpillRecord {
    package var key: [UInt8]
    package var ordinal: Int
    package var payload: [UInt8]

    package init(key: [UInt8], ordinal: Int, payload: [UInt8] = []) {
        self.key = key
        self.ordinal = ordinal
        self.payload = payload
    }

    /// Appends the record as `key length (u32) | payload length (u32) | ordinal (i64) | key | payload`.
    func encode(into out: inout [UInt8]) {
        withUnsafeBytes(of: UInt32(key.count).littleEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(payload.count).littleEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: Int64(ordinal).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: key)
        out.append(contentsOf: payload)
    }

    /// The records `encode` wrote into `data`, in order.
    static func decode(_ data: [UInt8]) -> [SpillRecord] {
        var out: [SpillRecord] = []
        var i = 0
        while let (r, next) = decode(data, at: i) {
            out.append(r)
            i = next
        }
        return out
    }

    /// The record `encode` wrote at offset `i` of `data`, and the offset after it.
    static func decode(_ data: [UInt8], at i: Int) -> (SpillRecord, Int)? {
        guard i + 16 <= data.count else { return nil }
        var keyLength = 0, payloadLength = 0, ordinal: UInt64 = 0
        for k in 0..<4 {
            keyLength |= Int(data[i + k]) << (8 * k)
            payloadLength |= Int(data[i + 4 + k]) << (8 * k)
        }
        for k in 0..<8 { ordinal |= UInt64(data[i + 8 + k]) << UInt64(8 * k) }
        let start = i + 16
        let middle = start + keyLength
        let end = middle + payloadLength
        guard end <= data.count else { return nil }
        return (SpillRecord(key: Array(data[start..<middle]), ordinal: Int(Int64(bitPattern: ordinal)),
                            payload: Array(data[middle..<end])), end)
    }

    /// The on-disk size of the record.
    var size: Int { 16 + key.count + payload.count }
}
