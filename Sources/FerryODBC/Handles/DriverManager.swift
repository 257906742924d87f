import CODBC

/// Facts about the ODBC driver manager (unixODBC) linked into this binary.
public enum DriverManager {
    /// The driver manager version (`SQLGetInfo(SQL_DM_VER)` on an unconnected handle), e.g.
    /// `03.52.0016.0000`, or nil when the handles cannot be allocated.
    public static var version: String? {
        var env: SQLHENV?
        guard SQLAllocHandle(SQLSMALLINT(SQL_HANDLE_ENV), nil, &env) == SQL_SUCCESS, let env else { return nil }
        defer { SQLFreeHandle(SQLSMALLINT(SQL_HANDLE_ENV), env) }
        // SQLSetEnvAttr(SQL_ATTR_ODBC_VERSION) must precede SQLAllocHandle(SQL_HANDLE_DBC).
        guard SQLSetEnvAttr(env, SQLINTEGER(SQL_ATTR_ODBC_VERSION), ferry_odbc_v3(), 0) == SQL_SUCCESS else { return nil }
        var dbc: SQLHDBC?
        guard SQLAllocHandle(SQLSMALLINT(SQL_HANDLE_DBC), env, &dbc) == SQL_SUCCESS, let dbc else { return nil }
        defer { SQLFreeHandle(SQLSMALLINT(SQL_HANDLE_DBC), dbc) }
        var buffer = [UInt8](repeating: 0, count: 64)
        var length: SQLSMALLINT = 0
        let rc = SQLGetInfo(dbc, SQLUSMALLINT(SQL_DM_VER), &buffer, SQLSMALLINT(buffer.count), &length)
        guard rc == SQL_SUCCESS || rc == SQL_SUCCESS_WITH_INFO else { return nil }
        return String(decoding: buffer.prefix(Int(length)), as: UTF8.self)
    }
}
