import CODBC
import FerryCore

/// Reads diagnostic records and decides success for every ODBC return code: the one place
/// return codes are judged.
enum ODBCCheck {
    /// The kind of a handle, for `SQLGetDiagRec`.
    enum HandleKind {
        case environment, connection, statement

        var code: SQLSMALLINT {
            switch self {
            case .environment: SQLSMALLINT(SQL_HANDLE_ENV)
            case .connection: SQLSMALLINT(SQL_HANDLE_DBC)
            case .statement: SQLSMALLINT(SQL_HANDLE_STMT)
            }
        }
    }

    /// `SQL_SUCCESS` or `SQL_SUCCESS_WITH_INFO` (informational records are not errors).
    @inline(__always)
    static func succeeded(_ rc: SQLRETURN) -> Bool {
        rc == SQL_SUCCESS || rc == SQL_SUCCESS_WITH_INFO
    }

    /// Every diagnostic record of `handle` (`SQLGetDiagRec` until `SQL_NO_DATA`), messages in
    /// full (a second call with a larger buffer when the first was too small).
    static func diagnostics(_ library: ODBCLibrary, _ kind: HandleKind, _ handle: SQLHANDLE) -> ODBCDiagnostics {
        var records: [ODBCDiagnosticRecord] = []
        var number: SQLSMALLINT = 1
        // Drivers keep a bounded list; the bound guards against one that never says SQL_NO_DATA.
        while number <= 64 {
            var state = [SQLCHAR](repeating: 0, count: 6)
            var native: SQLINTEGER = 0
            var length: SQLSMALLINT = 0
            var message = [SQLCHAR](repeating: 0, count: 1024)
            var rc = library.SQLGetDiagRec(kind.code, handle, number, &state, &native, &message, SQLSMALLINT(message.count), &length)
            if rc == SQL_SUCCESS_WITH_INFO, Int(length) >= message.count {
                message = [SQLCHAR](repeating: 0, count: Int(length) + 1)
                rc = library.SQLGetDiagRec(kind.code, handle, number, &state, &native, &message, SQLSMALLINT(message.count), &length)
            }
            guard succeeded(rc) else { break }
            let count = min(max(Int(length), 0), message.count - 1)
            records.append(ODBCDiagnosticRecord(
                sqlstate: String(decoding: state.prefix(5), as: UTF8.self),
                native: native,
                message: String(decoding: message.prefix(count), as: UTF8.self)))
            number += 1
        }
        return ODBCDiagnostics(records: records)
    }
}
