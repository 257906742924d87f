import CODBC
import FerryCore

/// Owns one statement handle (`SQLAllocHandle(SQL_HANDLE_STMT)`) and frees it (`SQLFreeHandle`)
/// in `deinit`: prepares and executes (`SQLPrepare`, `SQLExecute`, `SQLExecDirect`), binds
/// parameter arrays and result columns, fetches, and reads catalogs.
///
/// Holds its connection strongly, so the connection handle outlives it. When the connection was
/// closed first, `SQLDisconnect` already freed this handle and `deinit` leaves it alone.
final class ODBCStatement {
    let handle: SQLHSTMT
    let connection: ODBCConnection
    /// The connection's driver manager.
    let library: ODBCLibrary

    init(connection: ODBCConnection, _ context: @autoclosure () -> ODBCContext) throws(FerryError) {
        let dbc = try connection.openHandle(context())
        let library = connection.library
        var stmt: SQLHSTMT?
        let rc = library.SQLAllocHandle(SQLSMALLINT(SQL_HANDLE_STMT), dbc, &stmt)
        guard ODBCCheck.succeeded(rc), let stmt else { throw connection.failure(context()) }
        handle = stmt
        self.connection = connection
        self.library = library
    }

    deinit {
        guard connection.isOpen else { return }
        // "SQLFreeHandle … SQL_HANDLE_STMT … frees all resources": its result only reports an
        // invalid handle, which cannot happen while the connection is open.
        _ = library.SQLFreeHandle(SQLSMALLINT(SQL_HANDLE_STMT), handle)
    }

    /// The error this statement's last call left (`SQLGetDiagRec`).
    func failure(_ context: ODBCContext) -> FerryError {
        guard connection.isOpen else { return connection.failure(context) }
        return ODBCCheck.diagnostics(library, .statement, handle).error(context, scrub: connection.text.scrub)
    }

    /// Throws the statement's error unless `rc` succeeded; `SQL_NO_DATA` (an UPDATE or DELETE
    /// that matched nothing, the end of the results) is success and returns false.
    @inline(__always)
    @discardableResult
    func check(_ rc: SQLRETURN, _ context: @autoclosure () -> ODBCContext) throws(FerryError) -> Bool {
        if ODBCCheck.succeeded(rc) { return true }
        if rc == SQL_NO_DATA { return false }
        throw failure(context())
    }

    /// Prepares `sql` (`SQLPrepare`).
    func prepare(_ sql: String, _ context: @autoclosure () -> ODBCContext) throws(FerryError) {
        let rc = ODBCText.withTerminated(sql) { library.SQLPrepare(handle, $0, SQLINTEGER(clamping: $1)) }
        try check(rc, context())
    }

    /// Runs the prepared statement (`SQLExecute`), cancellable from another thread. Returns false
    /// when it affected no rows and the driver said `SQL_NO_DATA`.
    @discardableResult
    func execute(_ context: @autoclosure () -> ODBCContext) throws(FerryError) -> Bool {
        if connection.isInterrupted { throw ODBCConnection.cancelled(context()) }
        let handle = handle
        let rc = connection.canceller.running(handle) { library.SQLExecute(handle) }
        return try check(rc, context())
    }

    /// Runs `sql` once (`SQLExecDirect`), cancellable from another thread.
    @discardableResult
    func executeDirect(_ sql: String, _ context: @autoclosure () -> ODBCContext) throws(FerryError) -> Bool {
        let handle = handle
        let rc = ODBCText.withTerminated(sql) { pointer, length in
            connection.canceller.running(handle) { library.SQLExecDirect(handle, pointer, SQLINTEGER(clamping: length)) }
        }
        return try check(rc, context())
    }

    /// The rows the last statement (or, for some drivers, parameter set) affected
    /// (`SQLRowCount`); 0 when the driver reports none.
    var rowCount: Int {
        var count: SQLLEN = 0
        let rc = library.SQLRowCount(handle, &count)
        return ODBCCheck.succeeded(rc) ? max(0, count) : 0
    }

    /// Moves to the next result or row count (`SQLMoreResults`); false when there is none.
    func moreResults(_ context: @autoclosure () -> ODBCContext) throws(FerryError) -> Bool {
        let handle = handle
        let rc = connection.canceller.running(handle) { library.SQLMoreResults(handle) }
        return try check(rc, context())
    }

    /// Closes an open cursor and drops pending results (`SQLFreeStmt(SQL_CLOSE)`).
    func closeCursor() {
        // SQL_CLOSE on a statement without a cursor "has no effect"; errors only concern invalid handles.
        _ = library.SQLFreeStmt(handle, SQLUSMALLINT(SQL_CLOSE))
    }

    /// Forgets every bound column (`SQLFreeStmt(SQL_UNBIND)`).
    func unbindColumns() {
        // Only an invalid handle makes SQL_UNBIND fail.
        _ = library.SQLFreeStmt(handle, SQLUSMALLINT(SQL_UNBIND))
    }

    // MARK: Attributes

    private func setAttribute(_ attribute: Int32, _ value: SQLPOINTER?, _ context: @autoclosure () -> ODBCContext) throws(FerryError) {
        let rc = library.SQLSetStmtAttr(handle, SQLINTEGER(attribute), value, 0)
        try check(rc, context())
    }

    /// Parameter sets per execution (`SQL_ATTR_PARAMSET_SIZE`), bound column-wise
    /// (`SQL_ATTR_PARAM_BIND_TYPE` = `SQL_PARAM_BIND_BY_COLUMN`).
    func setParameterSetSize(_ size: Int, _ context: @autoclosure () -> ODBCContext) throws(FerryError) {
        try setAttribute(SQL_ATTR_PARAM_BIND_TYPE, ferry_odbc_integer_attribute(SQLULEN(SQL_PARAM_BIND_BY_COLUMN)), context())
        try setAttribute(SQL_ATTR_PARAMSET_SIZE, ferry_odbc_integer_attribute(SQLULEN(max(1, size))), context())
    }

    /// Where the driver writes each parameter set's status (`SQL_ATTR_PARAM_STATUS_PTR`) and the
    /// number of sets processed (`SQL_ATTR_PARAMS_PROCESSED_PTR`). The memory must stay valid
    /// while the statement executes with them.
    func setParameterReports(status: UnsafeMutablePointer<UInt16>?, processed: UnsafeMutablePointer<UInt>?, _ context: @autoclosure () -> ODBCContext) throws(FerryError) {
        try setAttribute(SQL_ATTR_PARAM_STATUS_PTR, status.map { UnsafeMutableRawPointer($0) }, context())
        try setAttribute(SQL_ATTR_PARAMS_PROCESSED_PTR, processed.map { UnsafeMutableRawPointer($0) }, context())
    }

    /// Rows per `SQLFetch` (`SQL_ATTR_ROW_ARRAY_SIZE`), bound column-wise
    /// (`SQL_ATTR_ROW_BIND_TYPE` = `SQL_BIND_BY_COLUMN`), and where the driver writes how many
    /// it fetched (`SQL_ATTR_ROWS_FETCHED_PTR`; valid while the cursor is open).
    func setRowArray(size: Int, fetched: UnsafeMutablePointer<UInt>?, _ context: @autoclosure () -> ODBCContext) throws(FerryError) {
        try setAttribute(SQL_ATTR_ROW_BIND_TYPE, ferry_odbc_integer_attribute(SQLULEN(SQL_BIND_BY_COLUMN)), context())
        try setAttribute(SQL_ATTR_ROW_ARRAY_SIZE, ferry_odbc_integer_attribute(SQLULEN(max(1, size))), context())
        try setAttribute(SQL_ATTR_ROWS_FETCHED_PTR, fetched.map { UnsafeMutableRawPointer($0) }, context())
    }

    // MARK: Parameters

    /// Binds parameter `number` (1-based) as an input array (`SQLBindParameter`): `buffer` holds
    /// one value every `elementLength` bytes and `indicators` one length (or `SQL_NULL_DATA`)
    /// per set. Both must stay valid while the statement executes with them.
    func bindParameter(
        _ number: Int, _ cType: ODBCCType, sqlType: Int16, columnSize: Int, decimalDigits: Int,
        buffer: UnsafeMutableRawPointer, elementLength: Int, indicators: UnsafeMutablePointer<Int>,
        _ context: @autoclosure () -> ODBCContext
    ) throws(FerryError) {
        let rc = library.SQLBindParameter(
            handle, SQLUSMALLINT(number), SQLSMALLINT(SQL_PARAM_INPUT), cType.code, SQLSMALLINT(sqlType),
            SQLULEN(max(0, columnSize)), SQLSMALLINT(clamping: decimalDigits), buffer, SQLLEN(elementLength), indicators)
        try check(rc, context())
    }
}
