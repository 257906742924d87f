import FerryCore
@testable import FerryPostgres
import FerryTestSupport
import Foundation
import Testing

/// A fresh schema on the test server (`PostgresTestServer`), with `psql` access for setting up
/// and checking tables independently of the sink under test.
struct PostgresTestSchema {
    let url: String
    let schema: String

    init() throws {
        (url, schema) = try PostgresTestServer.freshSchema()
    }

    /// `"schema"`: for SQL text in tests.
    var quoted: String { PostgresSQL.quoted(schema) }

    func endpoint(_ table: String) -> PostgresEndpoint {
        PostgresEndpoint(connection: Secret(url), schema: schema, table: table)
    }

    func sink(_ table: String, format: CopyFormat = .binary, runID: RunID = RunID()) throws -> PostgresSink {
        let sink = try PostgresSink(endpoint: endpoint(table), runID: runID)
        sink.preferredFormat = format
        return sink
    }

    /// Runs SQL with the schema first on the search_path and the time zone UTC; returns psql's
    /// unaligned output.
    @discardableResult
    func psql(_ sql: String) throws -> String {
        try PostgresTestServer.psql("SET search_path TO \(quoted); SET TimeZone = 'UTC';\n" + sql, url: url)
    }

    /// The values of one text expression over a table, in the order given, as PostgreSQL prints
    /// them (nil = NULL): `column(of: "t", "amount::text", orderBy: "id")`.
    func values(_ expression: String, from table: String, orderBy: String = "1") throws -> [String?] {
        let json = try psql("SELECT coalesce(json_agg((\(expression))::text ORDER BY \(orderBy)), '[]') FROM \(table)")
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])
        guard let array = parsed as? [Any] else { throw PostgresTestServerError("not a JSON array: \(json)") }
        return array.map { $0 as? String }
    }

    /// The single value of a query.
    func value(_ sql: String) throws -> String {
        try psql(sql)
    }

    /// Whether a table of this name exists in the schema.
    func exists(_ table: String) throws -> Bool {
        try value("SELECT to_regclass('\(quoted).' || quote_ident('\(table.replacingOccurrences(of: "'", with: "''"))')) IS NOT NULL") == "t"
    }

    /// Names of the tables in the schema, sorted.
    func tables() throws -> [String] {
        try psql("SELECT tablename FROM pg_tables WHERE schemaname = '\(schema)' ORDER BY 1").split(separator: "\n").map(String.init)
    }
}

/// The error a throwing call raised, as a `FerryError`.
func ferryError(_ body: () throws -> Void) -> FerryError? {
    do {
        try body()
        return nil
    } catch let error as FerryError {
        return error
    } catch {
        Issue.record("unexpected error type: \(error)")
        return nil
    }
}

/// A ledger entry for tests.
func testLedgerEntry(_ runID: RunID, table: String, mode: LoadMode, status: LedgerEntry.Status = .completed, rows: Int = 0) -> LedgerEntry {
    LedgerEntry(
        runID: runID, job: Job(name: "test job"), targetTable: table, sourceURI: "memory.csv", sourceSHA256: "ab" + String(repeating: "0", count: 62),
        sourceBytes: 123, rowsRead: rows, rowsWritten: rows, rowsRejected: 0, mode: mode, status: status,
        startedAt: 1_700_000_000_123, endedAt: 1_700_000_001_456, errorCode: status == .failed ? "target_constraint" : nil,
        ferryVersion: "test")
}
