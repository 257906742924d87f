import CODBC

/// Facts about the ODBC driver manager (unixODBC), which Ferry opens at run time.
package enum DriverManager {
    /// The version of the driver manager at `location` (`SQLGetInfo(SQL_DM_VER)` on an
    /// unconnected handle), e.g. `03.52.0016.0000`; nil when it is not installed (or cannot be
    /// loaded) or the handles cannot be allocated.
    package static func version(_ location: ODBCLibraryLocation) -> String? {
        guard let library = try? ODBCLibrary.open(location) else { return nil }
        var env: SQLHENV?
        guard library.SQLAllocHandle(SQLSMALLINT(SQL_HANDLE_ENV), nil, &env) == SQL_SUCCESS, let env else { return nil }
        defer { _ = library.SQLFreeHandle(SQLSMALLINT(SQL_HANDLE_ENV), env) }
        // SQLSetEnvAttr(SQL_ATTR_ODBC_VERSION) must precede SQLAllocHandle(SQL_HANDLE_DBC).
        guard library.SQLSetEnvAttr(env, SQLINTEGER(SQL_ATTR_ODBC_VERSION), ferry_odbc_v3(), 0) == SQL_SUCCESS else { return nil }
        var dbc: SQLHDBC?
        guard library.SQLAllocHandle(SQLSMALLINT(SQL_HANDLE_DBC), env, &dbc) == SQL_SUCCESS, let dbc else { return nil }
        defer { _ = library.SQLFreeHandle(SQLSMALLINT(SQL_HANDLE_DBC), dbc) }
        var buffer = [UInt8](repeating: 0, count: 64)
        var length: SQLSMALLINT = 0
        let rc = library.SQLGetInfo(dbc, SQLUSMALLINT(SQL_DM_VER), &buffer, SQLSMALLINT(buffer.count), &length)
        guard rc == SQL_SUCCESS || rc == SQL_SUCCESS_WITH_INFO else { return nil }
        return String(decoding: buffer.prefix(Int(length)), as: UTF8.self)
    }
}
