import FerryCore
@testable import FerryODBC
import FerryTestSupport
import Testing

/// The driver manager is opened at run time (`dlopen`), so its absence is an error of ODBC
/// endpoints only.
@Suite("the ODBC driver manager, opened at run time")
struct ODBCLibraryTests {
    static let secretValue = "pa55-w0rd-do-not-print"

    /// A connection string with a password, for a SQLite file in `directory`.
    private func endpoint(_ directory: TemporaryDirectory, table: String? = "t") -> ODBCEndpoint {
        let connection = "Driver={\(ODBCTestDrivers.sqliteDriver)};Database=\(directory.file("o.db"));PWD=\(Self.secretValue)"
        return ODBCEndpoint(connection: Secret(connection), table: table)
    }

    @Test("a FERRY_ODBC_LIBRARY file that does not exist fails the target at connect, naming the file, without the password")
    func missingOverrideTarget() {
        let directory = TemporaryDirectory(prefix: "ferry-odbc-library")
        defer { directory.remove() }
        let missing = directory.file("libodbc.so.2")
        do {
            _ = try ODBCSink(endpoint: endpoint(directory), runID: RunID(), library: ODBCLibraryLocation(path: missing, isOverride: true))
            Issue.record("connected without a driver manager")
        } catch {
            #expect(error.code == .targetUnavailable)
            #expect(error.stage == .connect)
            #expect(!error.retryable)
            #expect(error.message.hasPrefix("ODBC needs unixODBC's driver manager, and FERRY_ODBC_LIBRARY names \(missing), which cannot be loaded"))
            #expect(error.message.contains("install `unixodbc` (Debian/Ubuntu) or `unixODBC` (RHEL, Fedora)"))
            #expect(!error.json.serialized().contains(Self.secretValue))
        }
    }

    @Test("without the driver manager an ODBC source is source_unreadable, and the message says how to install it")
    func missingStandardSource() {
        let directory = TemporaryDirectory(prefix: "ferry-odbc-library")
        defer { directory.remove() }
        let absent = ODBCLibraryLocation(path: "libodbc-ferry-test-absent.so.2", isOverride: false)
        do {
            _ = try ODBCSource(endpoint: endpoint(directory), batchSize: 10, library: absent)
            Issue.record("connected without a driver manager")
        } catch {
            #expect(error.code == .sourceUnreadable)
            #expect(error.stage == .connect)
            #expect(!error.retryable)
            #expect(error.message.hasPrefix(
                "ODBC needs unixODBC's driver manager (libodbc-ferry-test-absent.so.2), which is not installed: "
                    + "install `unixodbc` (Debian/Ubuntu) or `unixODBC` (RHEL, Fedora), or set FERRY_ODBC_LIBRARY to its path ("))
            #expect(!error.json.serialized().contains(Self.secretValue))
        }
    }

    @Test("a library that is not a driver manager is refused, naming a function it lacks")
    func notADriverManager() {
        // SQLite's library is installed with the SQLite ODBC driver, and has no SQL* functions.
        do {
            _ = try ODBCLibrary.open(ODBCLibraryLocation(path: "libsqlite3.so.0", isOverride: true))
            Issue.record("libsqlite3 was taken for a driver manager")
        } catch {
            #expect(error.message.contains("libsqlite3.so.0 is not one (it has no SQLAllocHandle)"))
        }
    }

    @Test("the installed driver manager loads once and connects; its version is reported, nil where there is none")
    func installed() throws {
        let first = try ODBCLibrary.open(.standard)
        #expect(try ODBCLibrary.open(.standard) === first)
        #expect(DriverManager.version(.standard)?.hasPrefix("03.") == true)
        #expect(DriverManager.version(ODBCLibraryLocation(path: "/nonexistent/libodbc.so.2", isOverride: true)) == nil)
        let db = try ODBCSQLiteDatabase()
        let schema = testSchema([("id", .bigint)])
        try load(try db.sink("t"), schema, mode: .create, [testBatch(schema, [[.int(1)]])])
        #expect(try db.sqlite3("SELECT id FROM t") == "1")
    }

    @Test("FERRY_ODBC_LIBRARY chooses the file; unset or empty means libodbc.so.2")
    func location() {
        #expect(ODBCLibraryLocation(environment: ["FERRY_ODBC_LIBRARY": "/opt/odbc/lib/libodbc.so.2"])
            == ODBCLibraryLocation(path: "/opt/odbc/lib/libodbc.so.2", isOverride: true))
        #expect(ODBCLibraryLocation(environment: ["FERRY_ODBC_LIBRARY": ""]) == .standard)
        #expect(ODBCLibraryLocation(environment: [:]) == ODBCLibraryLocation(path: "libodbc.so.2", isOverride: false))
    }
}
