import FerryCore
@testable import FerryPostgres
import FerryTestSupport
import Foundation
import Testing

/// Connection errors, error codes, and what messages may contain.
@Suite("PostgreSQL errors")
struct PostgresErrorTests {
    /// The test server's port, from its URL.
    static func port() throws -> String {
        let url = try PostgresTestServer.url()
        let afterHost = try #require(url.split(separator: "@").last)
        return String(try #require(afterHost.split(separator: ":").last?.split(separator: "/").first))
    }

    static func connect(_ connection: String) -> FerryError? {
        ferryError { _ = try PostgresSink(endpoint: PostgresEndpoint(connection: Secret(connection), table: "t"), runID: RunID()) }
    }

    @Test("a wrong password never appears in the error", arguments: [
        "postgresql://ferry:WRONGSECRET@127.0.0.1:PORT/ferry",
        "postgresql://ferry@127.0.0.1:PORT/ferry?password=WRONGSECRET",
        "host=127.0.0.1 port=PORT user=ferry password=WRONGSECRET dbname=ferry",
        "host=127.0.0.1 port=PORT user=ferry password='WRONG SECRET' dbname=ferry",
    ])
    func wrongPassword(template: String) throws {
        let error = try #require(Self.connect(template.replacingOccurrences(of: "PORT", with: try Self.port())))
        #expect(error.code == .targetUnavailable)
        #expect(error.stage == .connect)
        #expect(!error.retryable)
        #expect(error.message.contains("127.0.0.1"), "\(error.message)")
        for text in [error.message, error.description, error.driver?.message ?? "", error.json.serialized()] {
            #expect(!text.contains("WRONG"), "\(text)")
            #expect(!text.contains("SECRET"), "\(text)")
        }
    }

    @Test("a server that does not answer is target_unavailable and retryable")
    func noServer() throws {
        let error = try #require(Self.connect("postgresql://ferry:pw-123456@127.0.0.1:1/ferry?connect_timeout=2"))
        #expect(error.code == .targetUnavailable)
        #expect(error.retryable)
        #expect(!error.message.contains("pw-123456"))
    }

    @Test("a connection string libpq cannot parse is an invalid request that quotes none of it")
    func unparsable() throws {
        let error = try #require(Self.connect("host=127.0.0.1 password=abc SECRETTAIL"))
        #expect(error.code == .invalidRequest)
        #expect(!error.message.contains("SECRETTAIL") && !error.message.contains("abc"), "\(error.message)")
        let uri = try #require(Self.connect("postgresql://ferry:SECRETPW@127.0.0.1:notaport/ferry"))
        #expect(!uri.message.contains("SECRETPW"), "\(uri.message)")
    }

    @Test("a missing database is named in the error")
    func missingDatabase() throws {
        let url = try PostgresTestServer.url()
        let other = url.replacingOccurrences(of: "/ferry", with: "/no_such_db_ferry")
        let error = try #require(Self.connect(other))
        #expect(error.code == .targetUnavailable)
        #expect(!error.retryable)
        #expect(error.message.contains("no_such_db_ferry"))
        #expect(!error.message.contains("ferry-test-pw"))
    }

    @Test("SQLSTATE classes map to Ferry codes", arguments: [
        ("08006", FerryError.Code.targetUnavailable, true, FerryError.Stage.load),
        ("53300", .targetUnavailable, true, .load),
        ("23505", .targetConstraint, false, .load),
        ("40001", .targetWrite, true, .load),
        ("40P01", .targetWrite, true, .load),
        ("55P03", .targetWrite, true, .load),
        ("57P01", .targetUnavailable, true, .load),
        ("57P02", .targetUnavailable, true, .load),
        ("57P03", .targetUnavailable, true, .load),
        ("08000", .targetUnavailable, true, .load),
        ("28P01", .targetUnavailable, false, .load),
        ("57014", .cancelled, false, .cancelled),
        ("42P07", .targetExists, false, .load),
        ("3F000", .targetNotFound, false, .load),
        ("42703", .targetSchemaMismatch, false, .load),
        ("42501", .targetWrite, false, .load),
        ("22P02", .targetWrite, false, .load),
        ("XX000", .targetWrite, false, .load),
    ])
    func mapping(sqlstate: String, code: FerryError.Code, retryable: Bool, stage: FerryError.Stage) {
        let error = PostgresDiagnostics(sqlstate: sqlstate, primary: "primary text").error(PostgresContext(.load, "doing it"))
        #expect(error.code == code)
        #expect(error.retryable == retryable)
        #expect(error.stage == stage)
        #expect(error.driver == DriverError(system: "postgres", code: sqlstate, message: error.driver?.message ?? ""))
    }

    @Test("data exceptions and integrity violations are described by names, never by the server's text")
    func safeMessages() {
        let diagnostics = PostgresDiagnostics(
            sqlstate: "23505", primary: "duplicate key value violates unique constraint \"u\" VALUE", schema: "s", table: "t",
            constraint: "u")
        #expect(diagnostics.safeMessage == "duplicate key violates a unique constraint, constraint \"u\", table \"s\".\"t\"")
        let invalid = PostgresDiagnostics(sqlstate: "22P02", primary: "invalid input syntax for type integer: \"abc\"", copyColumn: "n")
        #expect(invalid.safeMessage == "invalid input syntax for the column's type, column \"n\"")
        let other = PostgresDiagnostics(sqlstate: "42P01", primary: "relation \"x\" does not exist")
        #expect(other.safeMessage == "relation \"x\" does not exist")
    }

    @Test("a COPY context yields the row and a known column, never the value")
    func copyContext() {
        let columns = ["amount", "name: x", "name"]
        #expect(PostgresDiagnostics.copyPosition(context: "COPY t, line 5, column amount: \"12x\"", columns: columns) == (5, "amount"))
        #expect(PostgresDiagnostics.copyPosition(context: "COPY t, line 7, column name: x: \"v\"", columns: columns) == (7, "name: x"))
        #expect(PostgresDiagnostics.copyPosition(context: "COPY t, line 9: \"1\tsecret\"", columns: columns) == (9, nil))
        #expect(PostgresDiagnostics.copyPosition(context: "PL/pgSQL function f() line 3 at RAISE\nCOPY t, line 2", columns: columns) == (2, nil))
        #expect(PostgresDiagnostics.copyPosition(context: "SQL statement \"select 1\"", columns: columns) == (nil, nil))
    }

    @Test("the description shows host, port and database, never the password")
    func description() {
        func describe(_ connection: String?) -> String {
            PostgresDefaults.description(of: PostgresEndpoint(connection: connection.map(Secret.init), table: "t"))
        }
        #expect(describe("postgresql://u:SECRET@db.example:6543/shop?sslmode=require") == "db.example:6543/shop")
        #expect(describe("host=db port=5433 dbname=shop password=SECRET") == "db:5433/shop")
        #expect(describe("service=warehouse") == "service warehouse")
        #expect(describe("host=db password=x y") == "an invalid connection string")
        #expect(!describe(nil).isEmpty)
    }
}
