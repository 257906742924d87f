import CODBC
import FerryCore

/// Owns one environment handle (`SQLAllocHandle(SQL_HANDLE_ENV)`), set to ODBC 3 behaviour, and
/// frees it (`SQLFreeHandle`) in `deinit`. Each connection owns its own environment.
///
/// The environment is where the driver manager is first needed: creating one opens it
/// (`ODBCLibrary.open`), so a missing unixODBC fails here, for ODBC endpoints only.
final class ODBCEnvironment {
    let handle: SQLHENV
    /// The driver manager this environment, its connections and their statements call.
    let library: ODBCLibrary

    /// Opens the driver manager at `location`, allocates the handle and asks for ODBC 3.80
    /// behaviour, falling back to ODBC 3 when the driver manager does not offer 3.80
    /// (`SQLSetEnvAttr(SQL_ATTR_ODBC_VERSION)`). A driver manager that cannot be loaded is
    /// `target_unavailable` (`source_unreadable` for a source) at stage `connect`, not retryable.
    init(_ location: ODBCLibraryLocation, role: ODBCContext.Role) throws(FerryError) {
        let library: ODBCLibrary
        do throws(ODBCLibrary.Unavailable) {
            library = try ODBCLibrary.open(location)
        } catch {
            throw error.error(role: role)
        }
        self.library = library
        var env: SQLHENV?
        let rc = library.SQLAllocHandle(SQLSMALLINT(SQL_HANDLE_ENV), nil, &env)
        guard rc == SQL_SUCCESS || rc == SQL_SUCCESS_WITH_INFO, let env else {
            throw FerryError(.internalError, stage: .connect, "the ODBC driver manager could not allocate an environment handle (SQLAllocHandle returned \(rc))")
        }
        handle = env
        // SQL_OV_ODBC3_80 makes the driver manager map behaviour for ODBC 3.x drivers (it then
        // adds an informational 01000 record on connect); plain ODBC 3 when it is refused.
        var set = library.SQLSetEnvAttr(env, SQLINTEGER(SQL_ATTR_ODBC_VERSION), ferry_odbc_v3_80(), 0)
        if !ODBCCheck.succeeded(set) {
            set = library.SQLSetEnvAttr(env, SQLINTEGER(SQL_ATTR_ODBC_VERSION), ferry_odbc_v3(), 0)
        }
        if !ODBCCheck.succeeded(set) {
            let diagnostics = ODBCCheck.diagnostics(library, .environment, env)
            throw diagnostics.error(ODBCContext(.connect, "setting up the ODBC environment"), scrub: { $0 })
        }
    }

    deinit {
        // "SQLFreeHandle … returns SQL_ERROR … if the handle has connections allocated": every
        // connection holds its environment strongly, so none is left when this runs.
        _ = library.SQLFreeHandle(SQLSMALLINT(SQL_HANDLE_ENV), handle)
    }
}
