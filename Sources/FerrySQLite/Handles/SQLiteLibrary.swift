import CSQLite3

/// The SQLite library Ferry is linked with.
package enum SQLiteLibrary {
    /// The SQLite library version linked in, e.g. `3.40.1` (`sqlite3_libversion`).
    package static var version: String { String(cString: sqlite3_libversion()) }
}
