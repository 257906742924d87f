import CSQLite3
package import FerryCore

/// Owns one prepared statement (`sqlite3_stmt*`, from `sqlite3_prepare_v3`) and finalizes it in
/// `deinit` (`sqlite3_finalize`). Holds its connection, so the `sqlite3*` outlives it.
package final class SQLiteStatement {
    /// The storage class of a result value (`sqlite3_column_type`).
    package enum ValueKind {
        case integer, real, text, blob, null
    }

    let connection: SQLiteConnection
    private let handle: OpaquePointer

    init(connection: SQLiteConnection, handle: OpaquePointer) {
        self.connection = connection
        self.handle = handle
    }

    deinit {
        // "If the most recent evaluation of statement S failed, then sqlite3_finalize(S) returns
        // the appropriate error code": that error was already reported by `step`.
        sqlite3_finalize(handle)
    }

    // MARK: Binding (parameters are 1-based)

    @inline(__always)
    package func bindNull(_ index: Int32) throws(FerryError) {
        try checkBind(sqlite3_bind_null(handle, index))
    }

    @inline(__always)
    package func bind(_ index: Int32, int64 value: Int64) throws(FerryError) {
        try checkBind(sqlite3_bind_int64(handle, index, value))
    }

    @inline(__always)
    func bind(_ index: Int32, double value: Double) throws(FerryError) {
        try checkBind(sqlite3_bind_double(handle, index, value))
    }

    /// Binds UTF-8 text without copying it (`SQLITE_STATIC`): the bytes must stay valid and
    /// unchanged until the parameter is bound again, `clearBindings()` runs, or the statement is
    /// finalized. An empty value must still pass a non-nil pointer (nil binds NULL).
    @inline(__always)
    func bindText(_ index: Int32, _ bytes: UnsafePointer<UInt8>, count: Int) throws(FerryError) {
        // SQLite only reads the bytes as `const char *`; Swift never accesses them as CChar.
        let chars = UnsafeRawPointer(bytes).assumingMemoryBound(to: CChar.self)
        try checkBind(sqlite3_bind_text64(handle, index, chars, sqlite3_uint64(count), ferry_sqlite_static(), UInt8(SQLITE_UTF8)))
    }

    /// Binds a String, copied by SQLite (`SQLITE_TRANSIENT`); for statements outside hot paths.
    package func bind(_ index: Int32, text value: String) throws(FerryError) {
        try checkBind(sqlite3_bind_text(handle, index, value, -1, ferry_sqlite_transient()))
    }

    @inline(__always)
    private func checkBind(_ code: Int32) throws(FerryError) {
        try check(code, connection.handle, role: connection.role, stage: .load, "binding a parameter")
    }

    /// Sets every parameter back to NULL (`sqlite3_clear_bindings`), so no `SQLITE_STATIC`
    /// pointer outlives the buffer it points into.
    func clearBindings() {
        // "sqlite3_clear_bindings ... reset all parameters ... to NULL": it always returns SQLITE_OK.
        sqlite3_clear_bindings(handle)
    }

    // MARK: Stepping

    /// Runs the statement to its next row (`sqlite3_step`): true for a row, false when done.
    @inline(__always)
    package func step(stage: FerryError.Stage, _ action: @autoclosure () -> String) throws(FerryError) -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        try check(code, connection.handle, role: connection.role, stage: stage, action())
        return false
    }

    /// Makes the statement ready to run again, keeping its bindings (`sqlite3_reset`).
    @inline(__always)
    package func reset() {
        // "If the most recent call to sqlite3_step(S) for the prepared statement S indicated an
        // error, then sqlite3_reset(S) returns an appropriate error code": `step` reported it.
        sqlite3_reset(handle)
    }

    /// Whether the statement cannot change the database (`sqlite3_stmt_readonly`).
    var isReadOnly: Bool { sqlite3_stmt_readonly(handle) != 0 }

    // MARK: Result columns (0-based)

    package var columnCount: Int { Int(sqlite3_column_count(handle)) }

    /// The result column's name (`sqlite3_column_name`).
    func columnName(_ index: Int) -> String {
        sqlite3_column_name(handle, Int32(index)).map { String(cString: $0) } ?? "column\(index + 1)"
    }

    /// The declared type of the table column behind a result column, or nil for expressions
    /// (`sqlite3_column_decltype`).
    func declaredType(_ index: Int) -> String? {
        sqlite3_column_decltype(handle, Int32(index)).map { String(cString: $0) }
    }

    @inline(__always)
    package func kind(_ index: Int) -> ValueKind {
        switch sqlite3_column_type(handle, Int32(index)) {
        case SQLITE_INTEGER: .integer
        case SQLITE_FLOAT: .real
        case SQLITE_TEXT: .text
        case SQLITE_BLOB: .blob
        default: .null
        }
    }

    @inline(__always)
    package func int64(_ index: Int) -> Int64 { sqlite3_column_int64(handle, Int32(index)) }

    @inline(__always)
    func double(_ index: Int) -> Double { sqlite3_column_double(handle, Int32(index)) }

    /// The UTF-8 bytes of a TEXT value (`sqlite3_column_text`, then `sqlite3_column_bytes`),
    /// valid until the next `step`, `reset` or access of this column in another form.
    @inline(__always)
    package func text(_ index: Int) -> UnsafeRawBufferPointer {
        let column = Int32(index)
        return value(at: UnsafeRawPointer(sqlite3_column_text(handle, column)), column)
    }

    /// The bytes of a BLOB value (`sqlite3_column_blob`, then `sqlite3_column_bytes`), valid as
    /// for `text`.
    @inline(__always)
    func blob(_ index: Int) -> UnsafeRawBufferPointer {
        let column = Int32(index)
        return value(at: sqlite3_column_blob(handle, column), column)
    }

    /// `start` with the column's size in bytes (`sqlite3_column_bytes`), asked for after the
    /// pointer as SQLite's documentation advises (call `sqlite3_column_text()` or
    /// `sqlite3_column_blob()` first "to force the result into the desired format, then invoke
    /// sqlite3_column_bytes()"); empty for NULL.
    @inline(__always)
    private func value(at start: UnsafeRawPointer?, _ column: Int32) -> UnsafeRawBufferPointer {
        let count = Int(sqlite3_column_bytes(handle, column))
        return UnsafeRawBufferPointer(start: start, count: start == nil ? 0 : count)
    }
}
