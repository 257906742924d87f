import CODBC
import FerryCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The ODBC driver manager (unixODBC's `libodbc.so.2`), opened at run time (`dlopen`) rather than
/// linked, so that `ferry` starts on a system without unixODBC and only ODBC endpoints need it.
/// Every ODBC function Ferry calls is a property here, resolved once with `dlsym` and called as
/// `library.SQLFetch(statement)`; the properties carry the C names and the exact signatures of
/// `sql.h` and `sqlext.h` (64-bit `SQLLEN`/`SQLULEN`, as unixODBC builds them).
///
/// One instance per library path lives for the rest of the process: `open` caches it and nothing
/// ever calls `dlclose`. Handles copy nothing out of the library but call its functions as long
/// as they live, and the driver manager keeps the drivers it loaded (and their threads and exit
/// handlers) in process-wide state; unloading it could only leave those pointing at unmapped
/// code, and a `ferry` process is short.
///
/// The library is opened `RTLD_LOCAL`: its `SQL*` symbols stay out of the global scope, where
/// they could bind a driver's calls to its own same-named `SQL*` functions to the manager's.
///
/// Why `@unchecked Sendable` is safe: every stored property is an immutable C function pointer,
/// set in `init` and never changed (the `dlopen` handle is not kept: nothing closes it); the driver
/// manager's functions are thread-safe across handles, and each handle is used by one thread at
/// a time (`SQLCancel` excepted, which ODBC defines for use from another thread).
final class ODBCLibrary: @unchecked Sendable {
    let SQLAllocHandle: @convention(c) (SQLSMALLINT, SQLHANDLE?, UnsafeMutablePointer<SQLHANDLE?>?) -> SQLRETURN
    let SQLBindCol: @convention(c) (SQLHSTMT?, SQLUSMALLINT, SQLSMALLINT, SQLPOINTER?, SQLLEN, UnsafeMutablePointer<SQLLEN>?) -> SQLRETURN
    let SQLBindParameter: @convention(c) (
        SQLHSTMT?, SQLUSMALLINT, SQLSMALLINT, SQLSMALLINT, SQLSMALLINT, SQLULEN, SQLSMALLINT, SQLPOINTER?, SQLLEN,
        UnsafeMutablePointer<SQLLEN>?
    ) -> SQLRETURN
    let SQLCancel: @convention(c) (SQLHSTMT?) -> SQLRETURN
    let SQLColAttribute: @convention(c) (
        SQLHSTMT?, SQLUSMALLINT, SQLUSMALLINT, SQLPOINTER?, SQLSMALLINT, UnsafeMutablePointer<SQLSMALLINT>?,
        UnsafeMutablePointer<SQLLEN>?
    ) -> SQLRETURN
    let SQLColumns: @convention(c) (
        SQLHSTMT?, UnsafeMutablePointer<SQLCHAR>?, SQLSMALLINT, UnsafeMutablePointer<SQLCHAR>?, SQLSMALLINT,
        UnsafeMutablePointer<SQLCHAR>?, SQLSMALLINT, UnsafeMutablePointer<SQLCHAR>?, SQLSMALLINT
    ) -> SQLRETURN
    let SQLDescribeCol: @convention(c) (
        SQLHSTMT?, SQLUSMALLINT, UnsafeMutablePointer<SQLCHAR>?, SQLSMALLINT, UnsafeMutablePointer<SQLSMALLINT>?,
        UnsafeMutablePointer<SQLSMALLINT>?, UnsafeMutablePointer<SQLULEN>?, UnsafeMutablePointer<SQLSMALLINT>?,
        UnsafeMutablePointer<SQLSMALLINT>?
    ) -> SQLRETURN
    let SQLDisconnect: @convention(c) (SQLHDBC?) -> SQLRETURN
    let SQLDriverConnect: @convention(c) (
        SQLHDBC?, SQLHWND?, UnsafeMutablePointer<SQLCHAR>?, SQLSMALLINT, UnsafeMutablePointer<SQLCHAR>?, SQLSMALLINT,
        UnsafeMutablePointer<SQLSMALLINT>?, SQLUSMALLINT
    ) -> SQLRETURN
    let SQLEndTran: @convention(c) (SQLSMALLINT, SQLHANDLE?, SQLSMALLINT) -> SQLRETURN
    let SQLExecDirect: @convention(c) (SQLHSTMT?, UnsafeMutablePointer<SQLCHAR>?, SQLINTEGER) -> SQLRETURN
    let SQLExecute: @convention(c) (SQLHSTMT?) -> SQLRETURN
    let SQLFetch: @convention(c) (SQLHSTMT?) -> SQLRETURN
    let SQLFreeHandle: @convention(c) (SQLSMALLINT, SQLHANDLE?) -> SQLRETURN
    let SQLFreeStmt: @convention(c) (SQLHSTMT?, SQLUSMALLINT) -> SQLRETURN
    let SQLGetData: @convention(c) (SQLHSTMT?, SQLUSMALLINT, SQLSMALLINT, SQLPOINTER?, SQLLEN, UnsafeMutablePointer<SQLLEN>?) -> SQLRETURN
    let SQLGetDiagRec: @convention(c) (
        SQLSMALLINT, SQLHANDLE?, SQLSMALLINT, UnsafeMutablePointer<SQLCHAR>?, UnsafeMutablePointer<SQLINTEGER>?,
        UnsafeMutablePointer<SQLCHAR>?, SQLSMALLINT, UnsafeMutablePointer<SQLSMALLINT>?
    ) -> SQLRETURN
    let SQLGetInfo: @convention(c) (SQLHDBC?, SQLUSMALLINT, SQLPOINTER?, SQLSMALLINT, UnsafeMutablePointer<SQLSMALLINT>?) -> SQLRETURN
    let SQLMoreResults: @convention(c) (SQLHSTMT?) -> SQLRETURN
    let SQLNumResultCols: @convention(c) (SQLHSTMT?, UnsafeMutablePointer<SQLSMALLINT>?) -> SQLRETURN
    let SQLPrepare: @convention(c) (SQLHSTMT?, UnsafeMutablePointer<SQLCHAR>?, SQLINTEGER) -> SQLRETURN
    let SQLPrimaryKeys: @convention(c) (
        SQLHSTMT?, UnsafeMutablePointer<SQLCHAR>?, SQLSMALLINT, UnsafeMutablePointer<SQLCHAR>?, SQLSMALLINT,
        UnsafeMutablePointer<SQLCHAR>?, SQLSMALLINT
    ) -> SQLRETURN
    let SQLRowCount: @convention(c) (SQLHSTMT?, UnsafeMutablePointer<SQLLEN>?) -> SQLRETURN
    let SQLSetConnectAttr: @convention(c) (SQLHDBC?, SQLINTEGER, SQLPOINTER?, SQLINTEGER) -> SQLRETURN
    let SQLSetEnvAttr: @convention(c) (SQLHENV?, SQLINTEGER, SQLPOINTER?, SQLINTEGER) -> SQLRETURN
    let SQLSetPos: @convention(c) (SQLHSTMT?, SQLSETPOSIROW, SQLUSMALLINT, SQLUSMALLINT) -> SQLRETURN
    let SQLSetStmtAttr: @convention(c) (SQLHSTMT?, SQLINTEGER, SQLPOINTER?, SQLINTEGER) -> SQLRETURN
    let SQLStatistics: @convention(c) (
        SQLHSTMT?, UnsafeMutablePointer<SQLCHAR>?, SQLSMALLINT, UnsafeMutablePointer<SQLCHAR>?, SQLSMALLINT,
        UnsafeMutablePointer<SQLCHAR>?, SQLSMALLINT, SQLUSMALLINT, SQLUSMALLINT
    ) -> SQLRETURN
    let SQLTables: @convention(c) (
        SQLHSTMT?, UnsafeMutablePointer<SQLCHAR>?, SQLSMALLINT, UnsafeMutablePointer<SQLCHAR>?, SQLSMALLINT,
        UnsafeMutablePointer<SQLCHAR>?, SQLSMALLINT, UnsafeMutablePointer<SQLCHAR>?, SQLSMALLINT
    ) -> SQLRETURN

    /// Why the driver manager could not be loaded: a message that names the library, the
    /// loader's reason (`dlerror`, which names the file) and what to do.
    struct Unavailable: Error {
        let message: String

        /// The error of an ODBC endpoint that needs the library, at stage `connect`: like a
        /// driver that cannot be loaded (IM003), `target_unavailable` or `source_unreadable`, not
        /// retryable.
        func error(role: ODBCContext.Role) -> FerryError {
            FerryError(role == .source ? .sourceUnreadable : .targetUnavailable, stage: .connect, message)
        }
    }

    /// The libraries opened so far, by path.
    private static let opened = Mutex<[String: ODBCLibrary]>([:])

    /// The driver manager at `location`, opened (`dlopen`, `RTLD_NOW | RTLD_LOCAL`) and resolved
    /// on first use and reused after that. A failure is not cached: the next call tries again.
    static func open(_ location: ODBCLibraryLocation) throws(Unavailable) -> ODBCLibrary {
        try opened.withLock { opened throws(Unavailable) -> ODBCLibrary in
            if let library = opened[location.path] { return library }
            let library = try ODBCLibrary(location)
            opened[location.path] = library
            return library
        }
    }

    private init(_ location: ODBCLibraryLocation) throws(Unavailable) {
        guard let handle = dlopen(location.path, RTLD_NOW | RTLD_LOCAL) else {
            throw Unavailable(message: Self.message(location, problem: .notLoadable(Self.loaderError())))
        }
        let symbols = Symbols(handle: handle, location: location)
        do {
            SQLAllocHandle = try symbols.resolve("SQLAllocHandle")
            SQLBindCol = try symbols.resolve("SQLBindCol")
            SQLBindParameter = try symbols.resolve("SQLBindParameter")
            SQLCancel = try symbols.resolve("SQLCancel")
            SQLColAttribute = try symbols.resolve("SQLColAttribute")
            SQLColumns = try symbols.resolve("SQLColumns")
            SQLDescribeCol = try symbols.resolve("SQLDescribeCol")
            SQLDisconnect = try symbols.resolve("SQLDisconnect")
            SQLDriverConnect = try symbols.resolve("SQLDriverConnect")
            SQLEndTran = try symbols.resolve("SQLEndTran")
            SQLExecDirect = try symbols.resolve("SQLExecDirect")
            SQLExecute = try symbols.resolve("SQLExecute")
            SQLFetch = try symbols.resolve("SQLFetch")
            SQLFreeHandle = try symbols.resolve("SQLFreeHandle")
            SQLFreeStmt = try symbols.resolve("SQLFreeStmt")
            SQLGetData = try symbols.resolve("SQLGetData")
            SQLGetDiagRec = try symbols.resolve("SQLGetDiagRec")
            SQLGetInfo = try symbols.resolve("SQLGetInfo")
            SQLMoreResults = try symbols.resolve("SQLMoreResults")
            SQLNumResultCols = try symbols.resolve("SQLNumResultCols")
            SQLPrepare = try symbols.resolve("SQLPrepare")
            SQLPrimaryKeys = try symbols.resolve("SQLPrimaryKeys")
            SQLRowCount = try symbols.resolve("SQLRowCount")
            SQLSetConnectAttr = try symbols.resolve("SQLSetConnectAttr")
            SQLSetEnvAttr = try symbols.resolve("SQLSetEnvAttr")
            SQLSetPos = try symbols.resolve("SQLSetPos")
            SQLSetStmtAttr = try symbols.resolve("SQLSetStmtAttr")
            SQLStatistics = try symbols.resolve("SQLStatistics")
            SQLTables = try symbols.resolve("SQLTables")
        } catch {
            // Nothing refers to the library yet: a file that is not a driver manager is unloaded.
            _ = dlclose(handle)
            throw error
        }
    }

    /// Looks up the functions of one opened library (`dlsym`).
    private struct Symbols {
        let handle: UnsafeMutableRawPointer
        let location: ODBCLibraryLocation

        /// The function `name`, as the C function type `T` the caller declares.
        func resolve<T>(_ name: String) throws(Unavailable) -> T {
            guard let address = dlsym(handle, name) else {
                throw Unavailable(message: ODBCLibrary.message(location, problem: .missing(name)))
            }
            return unsafeBitCast(address, to: T.self)
        }
    }

    /// The loader's last error (`dlerror`), one line.
    private static func loaderError() -> String {
        guard let text = dlerror() else { return "the loader gave no reason" }
        return ODBCDiagnostics.oneLine(String(cString: text))
    }

    /// What is wrong with the library.
    fileprivate enum Problem {
        /// `dlopen` failed, for the loader's reason.
        case notLoadable(String)
        /// The library has no function of this name: it is not a driver manager.
        case missing(String)
    }

    /// The message for a driver manager that cannot be used: what is missing and what to do.
    fileprivate static func message(_ location: ODBCLibraryLocation, problem: Problem) -> String {
        let variable = ODBCLibraryLocation.environmentVariable
        let install = "install `unixodbc` (Debian/Ubuntu) or `unixODBC` (RHEL, Fedora)"
        switch problem {
        case let .notLoadable(reason) where location.isOverride:
            return "ODBC needs unixODBC's driver manager, and \(variable) names \(location.path), which cannot be loaded: "
                + "\(install), or point \(variable) at its libodbc.so.2 (\(reason))"
        case let .notLoadable(reason):
            return "ODBC needs unixODBC's driver manager (\(location.path)), which is not installed: \(install), "
                + "or set \(variable) to its path (\(reason))"
        case let .missing(name):
            return "ODBC needs unixODBC's driver manager, and \(location.path) is not one (it has no \(name)): "
                + "\(install), or point \(variable) at its libodbc.so.2"
        }
    }
}
