import FerryCore
@testable import FerryODBC
import FerryTestSupport
import Testing

@Suite("ODBC errors and secrets")
struct ODBCErrorTests {
    static let secretValue = "pa55-w0rd-do-not-print"

    @Test("a unique violation through psqlODBC names its SQLSTATE and source lines, and no row value")
    func postgresConstraint() throws {
        let db = try ODBCPostgresDatabase()
        try db.psql("CREATE TABLE t (id bigint PRIMARY KEY, secret text UNIQUE); INSERT INTO t VALUES (1, '\(Self.secretValue)')")
        let sink = try db.sink("t")
        let schema = testSchema([("id", .bigint), ("secret", .text)])
        let batch = testBatch(schema, [[.int(2), .text("fine")], [.int(3), .text(Self.secretValue)]], firstLine: 7)
        do {
            try load(sink, schema, mode: .append, [batch])
            Issue.record("the duplicate was accepted")
        } catch let error as FerryError {
            #expect(error.code == .targetConstraint)
            #expect(error.driver?.system == "odbc")
            #expect(error.driver?.code == "23505")
            #expect(error.message.contains("[23505]"))
            #expect(error.message.contains("duplicate key violates a unique constraint"))
            #expect(error.message.contains("source lines 7–8"))
            #expect(!error.message.contains(Self.secretValue))
            #expect(!(error.driver?.message.contains(Self.secretValue) ?? true))
            #expect(!error.json.serialized().contains(Self.secretValue))
        }
        #expect(try db.values("secret", from: "t") == [Self.secretValue])
    }

    @Test("a constraint violation through the SQLite ODBC driver is target_constraint by its native code, without values")
    func sqliteConstraint() throws {
        let db = try ODBCSQLiteDatabase()
        try db.sqlite3("CREATE TABLE t (id INTEGER PRIMARY KEY, secret TEXT UNIQUE); INSERT INTO t VALUES (1, '\(Self.secretValue)')")
        let sink = try db.sink("t")
        let schema = testSchema([("id", .bigint), ("secret", .text)])
        do {
            try load(sink, schema, mode: .append, [testBatch(schema, [[.int(2), .text(Self.secretValue)]])])
            Issue.record("the duplicate was accepted")
        } catch let error as FerryError {
            #expect(error.code == .targetConstraint)
            #expect(error.message.contains("(native 19)") || error.message.contains("native 2067"))
            #expect(!error.json.serialized().contains(Self.secretValue))
        }
        #expect(try db.sqlite3("SELECT count(*) FROM t") == "1")
    }

    @Test("a wrong password fails at connect without showing the password; the redacted connection is named")
    func wrongPassword() throws {
        let url = try #require(URLParts(try PostgresTestServer.url()))
        let wrong = try ODBCTestDrivers.postgresConnection(url: "postgresql://\(url.user):\(Self.secretValue)@\(url.host):\(url.port)/\(url.database)")
        #expect(wrong.contains(Self.secretValue))
        do {
            _ = try ODBCSink(endpoint: ODBCEndpoint(connection: Secret(wrong), table: "t"), runID: RunID())
            Issue.record("connected with a wrong password")
        } catch {
            #expect(error.code == .targetUnavailable)
            #expect(error.stage == .connect)
            #expect(!error.retryable)
            #expect(error.message.contains("PWD=***"))
            #expect(!error.json.serialized().contains(Self.secretValue))
        }
    }

    @Test("secrets the driver echoes are scrubbed from messages")
    func scrubbing() {
        let text = ODBCConnectionText(Secret("Driver={X};Server=h;UID=u;PWD={se;cr}}et};Token=abc123"))
        #expect(text.redacted == "Driver={X};Server=h;UID=u;PWD=***;Token=***")
        #expect(text.scrub("login failed for se;cr}et with token abc123") == "login failed for *** with token ***")
        #expect(ODBCConnectionText(Secret("warehouse")).driverConnect == "DSN=warehouse")
        #expect(ODBCConnectionText(Secret("a;b")).driverConnect == "DSN={a;b}")
    }

    @Test("an unknown data source is an invalid request (IM002); a registered one connects")
    func dataSources() throws {
        try ODBCTestDrivers.configure()
        do {
            _ = try ODBCSink(endpoint: ODBCEndpoint(connection: Secret("ferry-no-such-dsn"), table: "t"), runID: RunID())
            Issue.record("an unknown DSN connected")
        } catch {
            #expect(error.code == .invalidRequest)
            #expect(error.driver?.code == "IM002")
        }
        let db = try ODBCPostgresDatabase()
        let url = try #require(URLParts(db.url))
        let name = "ferry_test_\(UInt32.random(in: 0...UInt32.max))"
        try ODBCTestDrivers.addDataSource(name, driver: ODBCTestDrivers.postgresDriver, attributes: [
            ("Servername", url.host), ("Port", url.port), ("Database", url.database), ("Username", url.user), ("Password", url.password),
        ])
        let sink = try ODBCSink(endpoint: ODBCEndpoint(connection: Secret(name), schema: db.schema, table: "by_dsn"), runID: RunID())
        #expect(sink.databaseSystem == "PostgreSQL")
        let schema = testSchema([("id", .bigint)])
        try load(sink, schema, mode: .create, [testBatch(schema, [[.int(1)]])])
        #expect(try db.values("id", from: "by_dsn") == ["1"])
    }

    @Test("loading into the ledger table itself is refused")
    func ledgerTarget() throws {
        let db = try ODBCSQLiteDatabase()
        #expect(throws: FerryError.self) { try db.sink("FERRY_loads") }
    }
}

/// The parts of the test server's `postgresql://user:password@host:port/db` URL.
struct URLParts {
    var user: String, password: String, host: String, port: String, database: String

    init?(_ url: String) {
        guard let rest = url.split(separator: "://", maxSplits: 1).last,
              let at = rest.lastIndex(of: "@") else { return nil }
        let credentials = rest[..<at].split(separator: ":", maxSplits: 1)
        let location = rest[rest.index(after: at)...].split(separator: "/", maxSplits: 1)
        let hostPort = location.first?.split(separator: ":") ?? []
        guard credentials.count == 2, location.count == 2, hostPort.count == 2 else { return nil }
        (user, password) = (String(credentials[0]), String(credentials[1]))
        (host, port, database) = (String(hostPort[0]), String(hostPort[1]), String(location[1]))
    }
}
