import FerryCore

/// Typing loops of uuid, json and text columns.
extension Typist {
    /// 8-4-4-4-12 hex digits in either case, stored lowercase.
    static func typeUUID(_ job: ColumnJob, into v: inout ColumnVector, failures: inout FailureTable) {
        for r in job.rows {
            guard let f = job.cursor.field(row: r, at: job.field) else {
                job.null(row: r, failures: &failures)
                v.appendNullBytes()
                continue
            }
            let u = UUIDSyntax.parse(f)
            if !u.isValid {
                failures.record(row: r, column: job.column, .invalid)
                v.appendNullBytes()
            } else if u.hasUppercase {
                UUIDSyntax.appendLowercased(f, to: &v.bytes)
                v.endBytesValue()
            } else {
                v.appendBytes(f)
            }
        }
    }

    /// Any complete JSON document (validated with `JSONParser`), stored as its original text.
    static func typeJSON(_ job: ColumnJob, into v: inout ColumnVector, failures: inout FailureTable) {
        for r in job.rows {
            guard let f = job.cursor.field(row: r, at: job.field) else {
                job.null(row: r, failures: &failures)
                v.appendNullBytes()
                continue
            }
            do {
                _ = try JSONParser.parse(f)
                v.appendBytes(f)
            } catch {
                failures.record(row: r, column: job.column, .invalid)
                v.appendNullBytes()
            }
        }
    }

    /// Bytes as given; NUL bytes are rejected when the target's text cannot hold them.
    func typeText(_ job: ColumnJob, into v: inout ColumnVector, failures: inout FailureTable) {
        let checkNUL = !limits.allowsNULInText
        for r in job.rows {
            guard let f = job.cursor.field(row: r, at: job.field) else {
                job.null(row: r, failures: &failures)
                v.appendNullBytes()
                continue
            }
            if checkNUL, Self.containsNUL(f) {
                failures.record(row: r, column: job.column, .nulInText)
                v.appendNullBytes()
                continue
            }
            v.appendBytes(f)
        }
    }

    @inline(__always)
    private static func containsNUL(_ f: UnsafeRawBufferPointer) -> Bool {
        for b in f where b == 0 { return true }
        return false
    }
}
