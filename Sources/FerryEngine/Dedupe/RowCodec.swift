import FerryCore

/// Rows of a typed batch as bytes: the key a de-duplication compares (values as Ferry stores
/// them, so texts compare byte for byte and numbers by value) and the rows it keeps on disk.
///
/// Each value is a tag byte (0 NULL, 1 a value) and then 8 little-endian bytes (bigint, date,
/// timestamps, boolean, the double's bits) or a u32 length and the bytes (text, uuid, json, decimal).
enum RowCodec {
    /// Appends the values of `columns` in row `row` of `batch`.
    static func encode(_ batch: TypedBatch, row: Int, columns: [Int], into out: inout [UInt8]) {
        for c in columns {
            let v = batch.columns[c]
            if v.isNull[row] { out.append(0); continue }
            out.append(1)
            switch v.type.storage {
            case .int64: withUnsafeBytes(of: v.ints[row].littleEndian) { out.append(contentsOf: $0) }
            case .float64: withUnsafeBytes(of: v.doubles[row].bitPattern.littleEndian) { out.append(contentsOf: $0) }
            case .bytes:
                let start = v.start(of: row), end = Int(v.ends[row])
                withUnsafeBytes(of: UInt32(end - start).littleEndian) { out.append(contentsOf: $0) }
                out.append(contentsOf: v.bytes[start..<end])
            }
        }
    }

    /// Appends the row `encode` wrote (every column of `into`'s schema, in order) to `batch`.
    static func decode(_ data: [UInt8], line: Int, into batch: inout TypedBatch) {
        var i = 0
        func word(_ n: Int) -> UInt64 {
            var x: UInt64 = 0
            for k in 0..<n { x |= UInt64(data[i + k]) << UInt64(8 * k) }
            i += n
            return x
        }
        for c in batch.columns.indices {
            let tag = data[i]
            i += 1
            if tag == 0 { batch.columns[c].appendNull(); continue }
            switch batch.columns[c].type.storage {
            case .int64: batch.columns[c].append(int: Int64(bitPattern: word(8)))
            case .float64: batch.columns[c].append(double: Double(bitPattern: word(8)))
            case .bytes:
                let length = Int(word(4))
                data.withUnsafeBytes { batch.columns[c].append(bytes: UnsafeRawBufferPointer(rebasing: $0[i..<i + length])) }
                i += length
            }
        }
        batch.lines.append(line)
    }
}
