import CODBC
import FerryCore

/// Owns one connection handle (`SQLAllocHandle(SQL_HANDLE_DBC)`): connects with
/// `SQLDriverConnect`, reads what the driver says about itself (`SQLGetInfo`), runs transactions
/// (`SQLSetConnectAttr(SQL_ATTR_AUTOCOMMIT)`, `SQLEndTran`), and disconnects and frees the handle
/// (`SQLDisconnect`, `SQLFreeHandle`) in `close()` or `deinit`.
///
/// Used from one thread at a time; only `canceller` may be used from another.
final class ODBCConnection {
    private let environment: ODBCEnvironment
    /// The driver manager (the environment's), which this connection and its statements call.
    let library: ODBCLibrary
    /// The connection handle; nil once closed.
    private(set) var handle: SQLHDBC?
    /// What `SQLDriverConnect` was given, and the secrets to keep out of messages.
    let text: ODBCConnectionText
    /// Cancels the statement this connection is running, from another thread.
    let canceller: ODBCCanceller
    let role: ODBCContext.Role
    /// What the driver reported after connecting.
    let facts: ODBCDriverFacts
    /// The SQL dialect of the DBMS (`SQL_DBMS_NAME`); may be replaced (tests force a form).
    var dialect: ODBCDialect
    /// The catalog that catalog functions are limited to (MySQL: the connection's database),
    /// read once after connecting with the dialect's `currentCatalogQuery`; nil: any catalog.
    private(set) var catalogScope: String?

    /// Connects (`SQLDriverConnect` with `SQL_DRIVER_NOPROMPT`) with a data source name or a
    /// full connection string, through the driver manager at `location`. Failures are
    /// `*_unavailable` (or `invalid_request` for an unknown data source) at stage `connect`,
    /// their messages scrubbed of the connection's secrets.
    init(connection: Secret, role: ODBCContext.Role, library location: ODBCLibraryLocation) throws(FerryError) {
        self.role = role
        let text = ODBCConnectionText(connection)
        self.text = text
        let environment = try ODBCEnvironment(location, role: role)
        self.environment = environment
        let library = environment.library
        self.library = library
        canceller = ODBCCanceller(library: library)
        var dbc: SQLHDBC?
        let allocated = library.SQLAllocHandle(SQLSMALLINT(SQL_HANDLE_DBC), environment.handle, &dbc)
        guard ODBCCheck.succeeded(allocated), let dbc else {
            throw ODBCCheck.diagnostics(library, .environment, environment.handle)
                .error(ODBCContext(.connect, "allocating an ODBC connection handle", role: role), scrub: text.scrub)
        }
        let rc = ODBCText.withTerminated(text.driverConnect) { pointer, length in
            library.SQLDriverConnect(dbc, nil, pointer, SQLSMALLINT(clamping: length), nil, 0, nil, SQLUSMALLINT(SQL_DRIVER_NOPROMPT))
        }
        guard ODBCCheck.succeeded(rc) else {
            let diagnostics = ODBCCheck.diagnostics(library, .connection, dbc)
            _ = library.SQLFreeHandle(SQLSMALLINT(SQL_HANDLE_DBC), dbc)
            throw diagnostics.error(ODBCContext(.connect, "connecting through ODBC (\(text.redacted))", role: role), scrub: text.scrub)
        }
        handle = dbc
        facts = Self.readFacts(library, dbc)
        var dialect = ODBCDialect.detect(dbmsName: facts.dbmsName, quote: facts.quote)
        if facts.transactions != .all { dialect.transactionalDDL = false }
        self.dialect = dialect
        if let query = dialect.sql.currentCatalogQuery {
            catalogScope = try self.query(query, ODBCContext(.connect, "reading the current database", role: role, dialect: dialect)).first?.first ?? nil
        }
    }

    deinit { close() }

    /// Rolls back an open transaction, disconnects and frees the handle. Idempotent.
    func close() {
        guard let handle else { return }
        self.handle = nil
        // SQLDisconnect fails with 25000 while a manual-commit transaction is open; the rollback
        // ends it. Failures are ignored: the handle is freed either way, and a server ends the
        // transaction of a connection that goes away.
        _ = library.SQLEndTran(SQLSMALLINT(SQL_HANDLE_DBC), handle, SQLSMALLINT(SQL_ROLLBACK))
        _ = library.SQLDisconnect(handle)
        _ = library.SQLFreeHandle(SQLSMALLINT(SQL_HANDLE_DBC), handle)
    }

    /// Whether the connection is open.
    var isOpen: Bool { handle != nil }

    /// Whether `canceller.interrupt()` was called.
    var isInterrupted: Bool { canceller.isInterrupted }

    /// A context naming this connection's role and dialect.
    func context(_ stage: FerryError.Stage, _ action: String) -> ODBCContext {
        ODBCContext(stage, action, role: role, dialect: dialect)
    }

    /// The open handle, or the error of a closed connection.
    func openHandle(_ context: @autoclosure () -> ODBCContext) throws(FerryError) -> SQLHDBC {
        guard let handle else {
            let context = context()
            throw FerryError(context.role == .source ? .sourceUnreadable : .targetUnavailable, stage: context.stage,
                             "\(context.action): the ODBC connection is closed")
        }
        return handle
    }

    /// The error for a failed call on the connection handle.
    func failure(_ context: ODBCContext) -> FerryError {
        guard let handle else {
            return FerryError(context.role == .source ? .sourceUnreadable : .targetUnavailable, stage: context.stage,
                              "\(context.action): the ODBC connection is closed")
        }
        return ODBCCheck.diagnostics(library, .connection, handle).error(context, scrub: text.scrub)
    }

    /// Turns autocommit on or off (`SQLSetConnectAttr(SQL_ATTR_AUTOCOMMIT)`); off, every
    /// statement runs in a transaction that `endTransaction` ends.
    func setAutocommit(_ on: Bool, _ context: @autoclosure () -> ODBCContext) throws(FerryError) {
        let handle = try openHandle(context())
        let value = ferry_odbc_integer_attribute(SQLULEN(on ? SQL_AUTOCOMMIT_ON : SQL_AUTOCOMMIT_OFF))
        let rc = library.SQLSetConnectAttr(handle, SQLINTEGER(SQL_ATTR_AUTOCOMMIT), value, 0)
        guard ODBCCheck.succeeded(rc) else { throw failure(context()) }
    }

    /// Asks for an isolation level (`SQL_ATTR_TXN_ISOLATION`) before a transaction starts:
    /// repeatable read when the driver offers it (`SQL_TXN_ISOLATION_OPTION`), else serializable;
    /// nothing when it offers neither. Returns whether one was set.
    @discardableResult
    func requestStableReads(_ context: @autoclosure () -> ODBCContext) throws(FerryError) -> Bool {
        let handle = try openHandle(context())
        let options = Self.info32(library, handle, SQLUSMALLINT(SQL_TXN_ISOLATION_OPTION))
        let level: UInt32
        if options & UInt32(SQL_TXN_REPEATABLE_READ) != 0 {
            level = UInt32(SQL_TXN_REPEATABLE_READ)
        } else if options & UInt32(SQL_TXN_SERIALIZABLE) != 0 {
            level = UInt32(SQL_TXN_SERIALIZABLE)
        } else {
            return false
        }
        let rc = library.SQLSetConnectAttr(handle, SQLINTEGER(SQL_ATTR_TXN_ISOLATION), ferry_odbc_integer_attribute(SQLULEN(level)), 0)
        guard ODBCCheck.succeeded(rc) else { throw failure(context()) }
        return true
    }

    /// Commits or rolls back the transaction (`SQLEndTran`).
    func endTransaction(commit: Bool, _ context: @autoclosure () -> ODBCContext) throws(FerryError) {
        let handle = try openHandle(context())
        let rc = library.SQLEndTran(SQLSMALLINT(SQL_HANDLE_DBC), handle, SQLSMALLINT(commit ? SQL_COMMIT : SQL_ROLLBACK))
        guard ODBCCheck.succeeded(rc) else { throw failure(context()) }
    }

    /// A new statement on this connection.
    func statement(_ context: @autoclosure () -> ODBCContext) throws(FerryError) -> ODBCStatement {
        try ODBCStatement(connection: self, context())
    }

    /// Runs `sql` once (`SQLExecDirect`) on a statement of its own; returns the rows it affected
    /// (`SQLRowCount`; 0 when the driver reports none).
    @discardableResult
    func execute(_ sql: String, _ context: @autoclosure () -> ODBCContext, interruptible: Bool = true) throws(FerryError) -> Int {
        if interruptible, isInterrupted { throw Self.cancelled(context()) }
        let statement = try statement(context())
        try statement.executeDirect(sql, context())
        return statement.rowCount
    }

    /// Runs a query and returns every row's fields as text (nil for NULL); for short catalog
    /// answers only.
    func query(_ sql: String, _ context: @autoclosure () -> ODBCContext) throws(FerryError) -> [[String?]] {
        let statement = try statement(context())
        try statement.executeDirect(sql, context())
        return try statement.textRows(context())
    }

    /// The error of an interrupted call.
    static func cancelled(_ context: ODBCContext) -> FerryError {
        FerryError(.cancelled, stage: .cancelled, "\(context.action): interrupted")
    }

    // MARK: SQLGetInfo

    private static func readFacts(_ library: ODBCLibrary, _ dbc: SQLHDBC) -> ODBCDriverFacts {
        let transactions: ODBCDriverFacts.Transactions
        switch Int32(info16(library, dbc, SQLUSMALLINT(SQL_TXN_CAPABLE))) {
        case SQL_TC_NONE: transactions = .none
        case SQL_TC_DML: transactions = .dmlOnly
        case SQL_TC_ALL: transactions = .all
        case SQL_TC_DDL_COMMIT: transactions = .ddlCommits
        default: transactions = .ddlIgnored
        }
        let getData = info32(library, dbc, SQLUSMALLINT(SQL_GETDATA_EXTENSIONS))
        let blocks = UInt32(SQL_GD_BLOCK) | UInt32(SQL_GD_BOUND)
        return ODBCDriverFacts(
            dbmsName: infoText(library, dbc, SQLUSMALLINT(SQL_DBMS_NAME)),
            dbmsVersion: infoText(library, dbc, SQLUSMALLINT(SQL_DBMS_VER)),
            driverName: infoText(library, dbc, SQLUSMALLINT(SQL_DRIVER_NAME)),
            quote: infoText(library, dbc, SQLUSMALLINT(SQL_IDENTIFIER_QUOTE_CHAR)),
            searchEscape: infoText(library, dbc, SQLUSMALLINT(SQL_SEARCH_PATTERN_ESCAPE)),
            transactions: transactions,
            getDataInBlocks: getData & blocks == blocks,
            rowCountPerParameterSet: info32(library, dbc, SQLUSMALLINT(SQL_PARAM_ARRAY_ROW_COUNTS)) == UInt32(SQL_PARC_BATCH),
            maxIdentifierLength: Int(info16(library, dbc, SQLUSMALLINT(SQL_MAX_IDENTIFIER_LEN))))
    }

    /// A character-string `SQLGetInfo` value; empty when the driver does not answer.
    private static func infoText(_ library: ODBCLibrary, _ dbc: SQLHDBC, _ type: SQLUSMALLINT) -> String {
        var buffer = [UInt8](repeating: 0, count: 512)
        var length: SQLSMALLINT = 0
        let rc = library.SQLGetInfo(dbc, type, &buffer, SQLSMALLINT(buffer.count), &length)
        guard ODBCCheck.succeeded(rc) else { return "" }
        return String(decoding: buffer.prefix(min(max(Int(length), 0), buffer.count - 1)), as: UTF8.self)
    }

    /// An `SQLUSMALLINT` `SQLGetInfo` value; 0 when the driver does not answer.
    private static func info16(_ library: ODBCLibrary, _ dbc: SQLHDBC, _ type: SQLUSMALLINT) -> UInt16 {
        var value: SQLUSMALLINT = 0
        var length: SQLSMALLINT = 0
        let rc = library.SQLGetInfo(dbc, type, &value, SQLSMALLINT(MemoryLayout<SQLUSMALLINT>.size), &length)
        return ODBCCheck.succeeded(rc) ? value : 0
    }

    /// An `SQLUINTEGER` `SQLGetInfo` value; 0 when the driver does not answer.
    private static func info32(_ library: ODBCLibrary, _ dbc: SQLHDBC, _ type: SQLUSMALLINT) -> UInt32 {
        var value: SQLUINTEGER = 0
        var length: SQLSMALLINT = 0
        let rc = library.SQLGetInfo(dbc, type, &value, SQLSMALLINT(MemoryLayout<SQLUINTEGER>.size), &length)
        return ODBCCheck.succeeded(rc) ? value : 0
    }
}

extension ODBCConnection {
    /// Marks the connection read-only (`SQL_ATTR_ACCESS_MODE` = `SQL_MODE_READ_ONLY`), a hint.
    func requestReadOnly() {
        guard let handle else { return }
        // "SQL_MODE_READ_ONLY is used by the driver or data source as an indicator that the
        // connection is not required to support SQL statements that cause updates to occur";
        // drivers may ignore it, and the source never commits anyway.
        _ = library.SQLSetConnectAttr(handle, SQLINTEGER(SQL_ATTR_ACCESS_MODE), ferry_odbc_integer_attribute(SQLULEN(SQL_MODE_READ_ONLY)), 0)
    }
}
