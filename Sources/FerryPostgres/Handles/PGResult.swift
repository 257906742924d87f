import CLibPQ

/// Owns one `PGresult*` (from `PQexec`, `PQexecParams` or `PQgetResult`) and frees it with
/// `PQclear` in `deinit`. Only successful results are kept: failures become `FerryError`s in
/// `PGConnection` before a `PGResult` exists.
final class PGResult {
    private let handle: OpaquePointer

    init(_ handle: OpaquePointer) {
        self.handle = handle
    }

    deinit { PQclear(handle) }

    /// Rows of a query result (`PQntuples`).
    var rowCount: Int { Int(PQntuples(handle)) }

    /// Columns of a query result (`PQnfields`).
    var columnCount: Int { Int(PQnfields(handle)) }

    /// The text of a field, nil for NULL (`PQgetisnull`, `PQgetvalue`, `PQgetlength`).
    func text(_ row: Int, _ column: Int) -> String? {
        let r = Int32(row), c = Int32(column)
        if PQgetisnull(handle, r, c) != 0 { return nil }
        guard let value = PQgetvalue(handle, r, c) else { return nil }
        let count = Int(PQgetlength(handle, r, c))
        return value.withMemoryRebound(to: UInt8.self, capacity: count) {
            String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
        }
    }

    /// A field as an integer; nil for NULL or text that is not one.
    func int(_ row: Int, _ column: Int) -> Int? {
        text(row, column).flatMap { Int($0) }
    }

    /// The type OID of a column (`PQftype`): 20 int8, 21 int2, 23 int4, 1700 numeric…
    func typeOID(_ column: Int) -> UInt32 {
        PQftype(handle, Int32(column))
    }

    /// A `boolean` field (`t`/`f` in the text format).
    func bool(_ row: Int, _ column: Int) -> Bool {
        text(row, column) == "t"
    }

    /// The rows the command affected (`PQcmdTuples`): INSERT, UPDATE, DELETE, COPY…; 0 when the
    /// command reports none.
    var affectedRows: Int {
        guard let text = PQcmdTuples(handle) else { return 0 }
        return Int(String(cString: text)) ?? 0
    }
}
