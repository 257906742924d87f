import CSQLite3
package import FerryCore
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Owns one `sqlite3*` database connection: opens it (`sqlite3_open_v2`), runs SQL on it and
/// closes it (`sqlite3_close_v2`) in `close()` or `deinit`.
///
/// Used from one thread at a time (opened with `SQLITE_OPEN_NOMUTEX`), except `interrupt()`,
/// which any thread may call (see `SQLiteInterrupter`).
package final class SQLiteConnection {
    /// How to open the file.
    package enum OpenMode {
        /// `SQLITE_OPEN_READONLY`: for sources; the file must exist.
        case readOnly
        /// `SQLITE_OPEN_READWRITE`, adding `SQLITE_OPEN_CREATE` only when the file does not exist
        /// yet (then `createdFile` is true).
        case readWriteCreatingFile
    }

    /// The `sqlite3*`; valid until `close()`.
    let handle: OpaquePointer
    let role: SQLiteRole
    let path: String
    /// Whether opening created the database file.
    let createdFile: Bool

    /// Whether the handle is still open; taken by `close()` and `interrupt()` so that
    /// `sqlite3_interrupt` never runs on a closed connection.
    private let openState = Mutex<Bool>(true)
    /// Set by `interrupt()`; SQLite forgets an interrupt that arrives between statements, so
    /// callers also poll this between steps.
    private let interruptRequested = Atomic<Bool>(false)

    package init(path: String, role: SQLiteRole, mode: OpenMode) throws(FerryError) {
        self.path = path
        self.role = role
        let base = SQLITE_OPEN_NOMUTEX
        switch mode {
        case .readOnly:
            handle = try Self.open(path, flags: base | SQLITE_OPEN_READONLY, role: role)
            createdFile = false
        case .readWriteCreatingFile:
            do {
                handle = try Self.open(path, flags: base | SQLITE_OPEN_READWRITE, role: role)
                createdFile = false
            } catch let error where error.driver?.code.hasPrefix("SQLITE_CANTOPEN") == true {
                handle = try Self.open(path, flags: base | SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, role: role)
                createdFile = true
            }
        }
        // Always returns SQLITE_OK ("The sqlite3_extended_result_codes() routine enables or
        // disables the extended result codes feature"), so its result is not checked.
        sqlite3_extended_result_codes(handle, 1)
        // "sqlite3_busy_timeout() ... returns SQLITE_OK" on an open connection.
        sqlite3_busy_timeout(handle, 5000)
    }

    private static func open(_ path: String, flags: Int32, role: SQLiteRole) throws(FerryError) -> OpaquePointer {
        var db: OpaquePointer?
        let code = sqlite3_open_v2(path, &db, flags, nil)
        do {
            try check(code, db, role: role, stage: .connect, "opening SQLite database \(describe(path))")
        } catch {
            // "Whether or not an error occurs when it is opened, resources associated with the
            // database connection handle should be released by passing it to sqlite3_close()."
            sqlite3_close_v2(db)
            throw error
        }
        guard let db else {
            throw FerryError(.internalError, stage: .connect, "SQLite returned no connection for \(describe(path))")
        }
        return db
    }

    /// A descriptor of the database file of our own, for `startWriteback()`; -1 until then, -2
    /// when it could not be opened.
    /// Closed only in `deinit`, after SQLite closed the file: closing any descriptor of a file
    /// drops every POSIX lock this process holds on it, SQLite's transaction locks included, and
    /// `deinit` runs only once every statement (which could still hold a transaction) is finalized.
    private var writebackDescriptor: Int32 = -1

    deinit {
        close()
        if writebackDescriptor >= 0 { closeDescriptor(writebackDescriptor) }
    }

    /// Starts writing the database file's dirty pages to disk without waiting for them
    /// (`sync_file_range`, Linux), so that the `fsync` of COMMIT finds most of a large load
    /// already written (Docs/benchmarks.md, "Files → SQLite"). Durability is unchanged: COMMIT
    /// still syncs. Returns whether writeback was started; false where it cannot be (no such
    /// call, an in-memory or temporary database, a file that cannot be opened).
    @discardableResult
    func startWriteback() -> Bool {
        if writebackDescriptor == -1 {
            guard !path.isEmpty, path != ":memory:", isOpen else { return false }
            // -2 when the file cannot be opened: not tried again.
            writebackDescriptor = max(openReadOnly(path), -2)
        }
        guard writebackDescriptor >= 0 else { return false }
        return ferry_start_writeback(writebackDescriptor) == 0
    }

    /// Closes the connection (`sqlite3_close_v2`); statements still alive finalize later and
    /// release it then. Idempotent.
    func close() {
        openState.withLock { open in
            guard open else { return }
            open = false
            // sqlite3_close_v2 "returns SQLITE_OK ... [and] if the database connection is associated
            // with unfinalized prepared statements ... it is marked as an unusable zombie and
            // automatically deallocated" when they are finalized: nothing to handle here.
            sqlite3_close_v2(handle)
        }
    }

    /// Whether the connection is still open (`close()` has not run).
    var isOpen: Bool { openState.withLock { $0 } }

    /// Asks a running statement to stop (`sqlite3_interrupt`). Safe from any thread.
    func interrupt() {
        interruptRequested.store(true, ordering: .relaxed)
        openState.withLock { open in
            if open { sqlite3_interrupt(handle) }
        }
    }

    /// Whether `interrupt()` was called.
    var isInterrupted: Bool { interruptRequested.load(ordering: .relaxed) }

    /// Runs SQL without results (`sqlite3_prepare_v3` + `sqlite3_step` per statement).
    package func execute(_ sql: String, stage: FerryError.Stage, _ action: @autoclosure () -> String) throws(FerryError) {
        var rest = sql
        while true {
            let (statement, tail) = try prepareFirst(rest, stage: stage, persistent: false, action())
            guard let statement else { return }
            while try statement.step(stage: stage, action()) {}
            rest = tail
        }
    }

    /// Prepares one statement (`sqlite3_prepare_v3`); the SQL must be exactly one statement.
    package func prepare(_ sql: String, stage: FerryError.Stage, persistent: Bool = true, _ action: @autoclosure () -> String) throws(FerryError) -> SQLiteStatement {
        let (statement, _) = try prepareFirst(sql, stage: stage, persistent: persistent, action())
        guard let statement else {
            throw FerryError(.internalError, stage: stage, "\(action()): the SQL text holds no statement")
        }
        return statement
    }

    /// Prepares the first statement of `sql` (`sqlite3_prepare_v3`): nil when `sql` holds only
    /// whitespace and comments; `tail` is the SQL after it.
    func prepareFirst(_ sql: String, stage: FerryError.Stage, persistent: Bool, _ action: @autoclosure () -> String) throws(FerryError) -> (SQLiteStatement?, tail: String) {
        var utf8 = Array(sql.utf8)
        utf8.append(0)
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        var stmt: OpaquePointer?
        var consumed = 0
        let code = utf8.withUnsafeBufferPointer { buffer -> Int32 in
            buffer.withMemoryRebound(to: CChar.self) { chars -> Int32 in
                var tail: UnsafePointer<CChar>?
                let code = sqlite3_prepare_v3(handle, chars.baseAddress, Int32(chars.count), flags, &stmt, &tail)
                if let tail, let base = chars.baseAddress { consumed = tail - base }
                return code
            }
        }
        try check(code, handle, role: role, stage: stage, action())
        let tail = String(decoding: utf8[min(consumed, utf8.count - 1)..<(utf8.count - 1)], as: UTF8.self)
        guard let stmt else { return (nil, tail) }
        return (SQLiteStatement(connection: self, handle: stmt), tail)
    }

    /// Bytes of heap the connection's page cache holds now (`SQLITE_DBSTATUS_CACHE_USED`).
    var pageCacheBytes: Int {
        var current: Int32 = 0
        var highwater: Int32 = 0
        // Returns SQLITE_OK for a valid status code ("returns SQLITE_OK on success and a non-zero
        // error code on failure"); CACHE_USED is one, so the code is not checked.
        sqlite3_db_status(handle, SQLITE_DBSTATUS_CACHE_USED, &current, &highwater, 0)
        return Int(current)
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE (`sqlite3_changes64`).
    package var changes: Int { Int(sqlite3_changes64(handle)) }

    /// Whether a transaction is open (`sqlite3_get_autocommit` is 0).
    var inTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// The most `?` parameters one statement may have (`SQLITE_LIMIT_VARIABLE_NUMBER`).
    var maxParameters: Int { Int(sqlite3_limit(handle, SQLITE_LIMIT_VARIABLE_NUMBER, -1)) }

    /// `path` quoted for messages; `:memory:` and the empty (temporary) path named as such.
    static func describe(_ path: String) -> String {
        path.isEmpty ? "(temporary database)" : "\"\(path)\""
    }
}

/// `open(2)` for reading, outside `SQLiteConnection`, whose own `open` hides it there.
private func openReadOnly(_ path: String) -> Int32 {
    open(path, O_RDONLY | O_CLOEXEC)
}

/// `close(2)`, outside `SQLiteConnection`, whose own `close()` hides it there.
private func closeDescriptor(_ descriptor: Int32) {
    _ = close(descriptor)
}
