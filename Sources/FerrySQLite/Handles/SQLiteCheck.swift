import CSQLite3
import FerryCore

/// Which side of a load a connection serves; it decides the `FerryError` codes of its failures.
package enum SQLiteRole {
    case target
    case source
}

/// Passes `SQLITE_OK`, `SQLITE_ROW` and `SQLITE_DONE` through and turns every other SQLite result
/// code into a `FerryError` carrying the extended code's name and the connection's message
/// (`sqlite3_errmsg`, or `sqlite3_errstr` when the connection has none).
///
/// This is the one place SQLite result codes become errors:
/// - `SQLITE_BUSY`/`SQLITE_LOCKED`: another connection holds the database; retryable.
/// - `SQLITE_CONSTRAINT_*`: the target refused a row (`target_constraint`).
/// - `SQLITE_INTERRUPT`: `sqlite3_interrupt` stopped the call (`cancelled`, stage `cancelled`).
/// - `SQLITE_CANTOPEN`: the file cannot be opened (`target_unavailable` / `source_not_found`).
/// - anything else: `target_write` for a target, `source_unreadable` for a source.
///
/// `action` names what was being done (a table, a source line) and must never contain row
/// values; SQLite's own messages name tables and columns only.
@inline(__always)
@discardableResult
func check(
    _ code: Int32, _ db: OpaquePointer?, role: SQLiteRole, stage: FerryError.Stage,
    _ action: @autoclosure () -> String
) throws(FerryError) -> Int32 {
    if code == SQLITE_OK || code == SQLITE_ROW || code == SQLITE_DONE { return code }
    throw sqliteFailure(code, db, role: role, stage: stage, action: action())
}

/// Builds the error for `check`; kept out of line so the success path stays small.
@inline(never)
private func sqliteFailure(
    _ code: Int32, _ db: OpaquePointer?, role: SQLiteRole, stage: FerryError.Stage, action: String
) -> FerryError {
    let text: String
    if let db, let message = sqlite3_errmsg(db), sqlite3_extended_errcode(db) == code {
        text = String(cString: message)
    } else if let message = sqlite3_errstr(code) {
        text = String(cString: message)
    } else {
        text = "SQLite error \(code)"
    }
    let driver = DriverError(system: "sqlite", code: SQLiteResultCode.name(code), message: text)
    let message = "\(action): \(text)"
    switch (code & 0xFF, role) {
    case (SQLITE_INTERRUPT, _):
        return FerryError(.cancelled, stage: .cancelled, message, driver: driver)
    case (SQLITE_BUSY, .target), (SQLITE_LOCKED, .target):
        return FerryError(.targetUnavailable, stage: stage, message, retryable: true, driver: driver)
    case (SQLITE_BUSY, .source), (SQLITE_LOCKED, .source):
        return FerryError(.sourceUnreadable, stage: stage, message, retryable: true, driver: driver)
    case (SQLITE_CONSTRAINT, .target):
        return FerryError(.targetConstraint, stage: stage, message, driver: driver)
    case (SQLITE_CANTOPEN, .target):
        return FerryError(.targetUnavailable, stage: stage, message, driver: driver)
    case (SQLITE_CANTOPEN, .source):
        return FerryError(.sourceNotFound, stage: stage, message, driver: driver)
    case (_, .target):
        return FerryError(.targetWrite, stage: stage, message, driver: driver)
    case (_, .source):
        return FerryError(.sourceUnreadable, stage: stage, message, driver: driver)
    }
}
