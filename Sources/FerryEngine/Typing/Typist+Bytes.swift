import FerryCore

/// Typing loops of uuid, json and text columns.
extension Typist {
    /// 8-4-4-4-12 hex digits in either case, stored lowercase.
    static func typeUUID(_ job: ColumnJob, into v: inout ColumnVector, failures: inout FailureTable) {
        job.typeBytes(into: &v, failures: &failures) { f, v in
            let u = UUIDSyntax.parse(f)
            guard u.isValid else { return .invalid }
            if u.hasUppercase {
                UUIDSyntax.appendLowercased(f, to: &v.bytes)
                v.endBytesValue()
            } else {
                v.appendBytes(f)
            }
            return nil
        }
    }

    /// Any complete JSON document (validated with `JSONParser`), stored as its original text.
    static func typeJSON(_ job: ColumnJob, into v: inout ColumnVector, failures: inout FailureTable) {
        job.typeBytes(into: &v, failures: &failures) { f, v in
            do {
                _ = try JSONParser.parse(f)
            } catch {
                return .invalid
            }
            v.appendBytes(f)
            return nil
        }
    }

    /// Bytes as given; NUL bytes are rejected when the target's text cannot hold them.
    ///
    /// The block's values are copied into room made for all of them at once, and the NULL flags
    /// and ends are stored by index, so no value pays for an `append`.
    func typeText(_ job: ColumnJob, into v: inout ColumnVector, failures: inout FailureTable) {
        let checkNUL = !limits.allowsNULInText
        var total = 0
        for r in job.rows {
            if let f = job.cursor.field(row: r, at: job.field) { total &+= f.count }
        }
        let count = job.rows.count
        let first = v.count
        let byteBase = v.bytes.count
        v.isNull.append(contentsOf: repeatElement(false, count: count))
        v.ends.append(contentsOf: repeatElement(0, count: count))
        v.bytes.append(contentsOf: repeatElement(0, count: total))
        var written = 0
        v.bytes.withUnsafeMutableBytes { bytes in
            v.ends.withUnsafeMutableBufferPointer { ends in
                v.isNull.withUnsafeMutableBufferPointer { nulls in
                    var i = first
                    for r in job.rows {
                        defer {
                            ends[i] = Int32(truncatingIfNeeded: byteBase &+ written)
                            i &+= 1
                        }
                        guard let f = job.cursor.field(row: r, at: job.field) else {
                            job.null(row: r, failures: &failures)
                            nulls[i] = true
                            continue
                        }
                        if checkNUL, Self.containsNUL(f) {
                            failures.record(row: r, column: job.column, .nulInText)
                            nulls[i] = true
                            continue
                        }
                        if let source = f.baseAddress, let target = bytes.baseAddress, f.count > 0 {
                            (target + byteBase + written).copyMemory(from: source, byteCount: f.count)
                            written &+= f.count
                        }
                    }
                }
            }
        }
        // Rejected values took no room: drop what was made for them.
        if written < total { v.bytes.removeLast(total - written) }
    }

    @inline(__always)
    private static func containsNUL(_ f: UnsafeRawBufferPointer) -> Bool {
        for b in f where b == 0 { return true }
        return false
    }
}
