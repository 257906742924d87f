import FerryCore

/// Rows of a typed batch as bytes: the key a de-duplication compares (values as Ferry stores
/// them, so texts compare byte for byte and numbers by value) and the rows it keeps on disk.
///
/// Each value is a tag byte (0 NULL, 1 a value) and then 8 little-endian bytes (bigint, date,
/// timestamps, boolean, the double's bits) or a u32 length and the bytes (text, uuid, json, decimal).
enum RowCodec {
    /// Encodes the `columns` of every row of `batch` into `out` (emptied first), column by column:
    /// row `r`'s key is `out[starts[r]..<starts[r + 1]]`.
    static func encodeKeys(_ batch: TypedBatch, columns: [Int], into out: ByteArena, starts: inout [Int]) {
        let n = batch.rowCount
        starts.removeAll(keepingCapacity: true)
        starts.append(contentsOf: repeatElement(0, count: n + 1))
        // Sizes, then offsets.
        for c in columns {
            let v = batch.columns[c]
            switch v.type.storage {
            case .int64, .float64:
                for r in 0..<n { starts[r + 1] += v.isNull[r] ? 1 : 9 }
            case .bytes:
                for r in 0..<n { starts[r + 1] += v.isNull[r] ? 1 : 5 + Int(v.ends[r]) - v.start(of: r) }
            }
        }
        for r in 0..<n { starts[r + 1] += starts[r] }
        out.removeAll(keepingCapacity: true)
        out.reserve(extra: starts[n])
        guard n > 0, let base = out.base else { return }
        var cursor = Array(starts[0..<n])
        for c in columns {
            let v = batch.columns[c]
            switch v.type.storage {
            case .int64:
                for r in 0..<n { write(v.isNull[r] ? nil : UInt64(bitPattern: v.ints[r]), at: base + cursor[r], &cursor[r]) }
            case .float64:
                for r in 0..<n { write(v.isNull[r] ? nil : v.doubles[r].bitPattern, at: base + cursor[r], &cursor[r]) }
            case .bytes:
                v.bytes.withUnsafeBytes { bytes in
                    for r in 0..<n {
                        let p = base + cursor[r]
                        if v.isNull[r] { p.storeBytes(of: 0, as: UInt8.self); cursor[r] += 1; continue }
                        let start = v.start(of: r), length = Int(v.ends[r]) - start
                        p.storeBytes(of: 1, as: UInt8.self)
                        (p + 1).storeBytes(of: UInt32(length).littleEndian, toByteOffset: 0, as: UInt32.self)
                        if length > 0 { (p + 5).copyMemory(from: bytes.baseAddress! + start, byteCount: length) }
                        cursor[r] += 5 + length
                    }
                }
            }
        }
        out.setCount(starts[n])
    }

    @inline(__always)
    private static func write(_ value: UInt64?, at p: UnsafeMutableRawPointer, _ cursor: inout Int) {
        guard let value else {
            p.storeBytes(of: 0, as: UInt8.self)
            cursor += 1
            return
        }
        p.storeBytes(of: 1, as: UInt8.self)
        (p + 1).storeBytes(of: value.littleEndian, toByteOffset: 0, as: UInt64.self)
        cursor += 9
    }

    /// Appends the values of `columns` in row `row` of `batch` to `out`.
    static func encode(_ batch: TypedBatch, row: Int, columns: [Int], into out: ByteArena) {
        for c in columns {
            let v = batch.columns[c]
            if v.isNull[row] { out.append(littleEndian: UInt8(0)); continue }
            out.append(littleEndian: UInt8(1))
            switch v.type.storage {
            case .int64: out.append(littleEndian: v.ints[row])
            case .float64: out.append(littleEndian: v.doubles[row].bitPattern)
            case .bytes:
                let start = v.start(of: row), end = Int(v.ends[row])
                out.append(littleEndian: UInt32(end - start))
                v.bytes.withUnsafeBytes { out.append(UnsafeRawBufferPointer(rebasing: $0[start..<end])) }
            }
        }
    }

    /// Appends the row `encode` wrote (every column of `into`'s schema, in order) to `batch`.
    static func decode(_ data: UnsafeRawBufferPointer, line: Int, into batch: inout TypedBatch) {
        guard let p = data.baseAddress else { return }
        var i = 0
        for c in batch.columns.indices {
            let tag = p.load(fromByteOffset: i, as: UInt8.self)
            i += 1
            if tag == 0 { batch.columns[c].appendNull(); continue }
            switch batch.columns[c].type.storage {
            case .int64:
                batch.columns[c].append(int: Int64(littleEndian: p.loadUnaligned(fromByteOffset: i, as: Int64.self)))
                i += 8
            case .float64:
                batch.columns[c].append(double: Double(bitPattern: UInt64(littleEndian: p.loadUnaligned(fromByteOffset: i, as: UInt64.self))))
                i += 8
            case .bytes:
                let length = Int(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: i, as: UInt32.self)))
                batch.columns[c].append(bytes: UnsafeRawBufferPointer(start: p + i + 4, count: length))
                i += 4 + length
            }
        }
        batch.lines.append(line)
    }
}
