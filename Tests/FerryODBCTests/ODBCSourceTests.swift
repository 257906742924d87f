import FerryCore
@testable import FerryODBC
import FerryTestSupport
import Testing

@Suite("ODBC source")
struct ODBCSourceTests {
    static let postgresTable = """
        CREATE TABLE src (
          id bigint PRIMARY KEY, small smallint, n integer, amount numeric(12,2), free numeric, f float8, r real,
          flag boolean, day date, at timestamp, instant timestamptz, u uuid, doc json, name text NOT NULL, code varchar(5));
        INSERT INTO src VALUES
          (1, -3, 2147483647, -12.30, 0.000001234, 0.30000000000000004, 1.5, true, '0001-01-01', '2024-02-29 23:59:59.5',
           '2024-02-29 21:59:59.123456+00', '6F1D2C9E-6A9B-4C1E-9A58-0D7A2E4B1F01', '{"a": [1, 2]}', 'Zoë, "quoted"' || chr(10) || 'line', 'ab'),
          (2, NULL, NULL, NULL, NULL, NULL, NULL, false, NULL, NULL, NULL, NULL, NULL, '', NULL),
          (3, 0, 0, 0.00, 12345678901234567890.5, -1e300, 0, NULL, '9999-12-31', '1970-01-01 00:00:00', '1999-12-31 23:00:00-01', NULL, '[]', 'x', 'xyz');
        """

    @Test("a PostgreSQL table reads through psqlODBC as canonical texts with Ferry types")
    func postgresTable() throws {
        let db = try ODBCPostgresDatabase()
        try db.psql(Self.postgresTable)
        let source = try ODBCSource(endpoint: db.endpoint("src"), batchSize: 2)
        defer { source.close() }
        #expect(source.columns.map(\.name) == ["id", "small", "n", "amount", "free", "f", "r", "flag", "day", "at", "instant", "u", "doc", "name", "code"])
        #expect(source.columns.map(\.type) == [
            .bigint, .bigint, .bigint, .decimal(precision: 12, scale: 2), .anyDecimal, .double, .double, .boolean, .date,
            .timestamp, .timestamptz, .uuid, .json, .text, .text,
        ])
        #expect(source.columns.first?.nullable == false)
        #expect(source.columns.last?.nullable == true)
        #expect(source.columnLimits[1] == .integerRange(min: -32768, max: 32767, typeName: "int2"))
        #expect(source.columnLimits[6] == .singlePrecision)
        #expect(source.columnLimits[14] == .maxCharacters(5, typeName: "varchar(5)"))
        let first = try #require(try source.next())
        #expect(first.rows.rowCount == 2)
        #expect(first.rows.rowLine == [1, 2])
        var rows = (0..<2).map { row in (0..<15).map { first.rows.text(row: row, column: $0) } }
        rows += try readAll(source)
        #expect(rows == [
            ["1", "-3", "2147483647", "-12.30", "0.000001234", "0.30000000000000004", "1.5", "true", "0001-01-01", "2024-02-29 23:59:59.5",
             "2024-02-29 21:59:59.123456Z", "6f1d2c9e-6a9b-4c1e-9a58-0d7a2e4b1f01", #"{"a": [1, 2]}"#, "Zoë, \"quoted\"\nline", "ab"],
            ["2", nil, nil, nil, nil, nil, nil, "false", nil, nil, nil, nil, nil, "", nil],
            ["3", "0", "0", "0.00", "12345678901234567890.5", "-1e+300", "0", nil, "9999-12-31", "1970-01-01 00:00:00",
             "2000-01-01 00:00:00Z", nil, "[]", "x", "xyz"],
        ])
        #expect(source.bytesRead > 0)
        #expect(try source.next() == nil)
    }

    @Test("each row's record is a CSV rendering of its fields")
    func records() throws {
        let db = try ODBCPostgresDatabase()
        try db.psql("CREATE TABLE r (a int, b text, c text); INSERT INTO r VALUES (1, 'x,y', ''), (2, NULL, 'say \"hi\"')")
        let source = try ODBCSource(endpoint: db.endpoint(query: "SELECT a, b, c FROM \"\(db.schema)\".r ORDER BY a"), batchSize: 10)
        defer { source.close() }
        let chunk = try #require(try source.next())
        #expect(String(decoding: chunk.rows.record(row: 0), as: UTF8.self) == #"1,"x,y","""#)
        #expect(String(decoding: chunk.rows.record(row: 1), as: UTF8.self) == #"2,,"say ""hi""""#)
        #expect(chunk.rows.text(row: 0, column: 1) == "x,y")
        #expect(chunk.rows.text(row: 1, column: 2) == "say \"hi\"")
    }

    @Test("a query reads through psqlODBC in rowsets, values longer than their cell included, and restart reads it again")
    func postgresQuery() throws {
        let db = try ODBCPostgresDatabase(extra: "UseDeclareFetch=1;Fetch=500")
        try db.psql("CREATE TABLE big AS SELECT g AS id, repeat('é', g * 7 % 3000) AS long, g::text AS short FROM generate_series(1, 1500) g")
        let source = try ODBCSource(endpoint: db.endpoint(query: "SELECT id, long, short FROM \"\(db.schema)\".big ORDER BY id"), batchSize: 700)
        defer { source.close() }
        #expect(source.columns.map(\.nullable) == [true, true, true])
        var rows = try readAll(source)
        #expect(rows.count == 1500)
        #expect(rows.enumerated().allSatisfy { index, row in
            row == [String(index + 1), String(repeating: "é", count: (index + 1) * 7 % 3000), String(index + 1)]
        })
        try source.restart()
        #expect(source.bytesRead == 0)
        rows = try readAll(source)
        #expect(rows.count == 1500)
        #expect(rows.last?.first == "1500")
    }

    @Test("a SQLite table reads through the SQLite ODBC driver, one row at a time for long text")
    func sqliteTable() throws {
        let db = try ODBCSQLiteDatabase()
        try db.sqlite3("""
            CREATE TABLE t (id INTEGER NOT NULL, flag BOOLEAN, amount DECIMAL(12,2), f REAL, day DATE, at TIMESTAMPTZ, u UUID, body TEXT);
            INSERT INTO t VALUES (1, 1, 12.5, -0.125, '2024-02-29', '2024-02-29 21:59:59.123456Z', '6f1d2c9e-6a9b-4c1e-9a58-0d7a2e4b1f01', 'Zoë');
            INSERT INTO t VALUES (2, 0, NULL, NULL, NULL, NULL, NULL, '');
            INSERT INTO t VALUES (3, NULL, 7, 2.5, '0001-01-01', NULL, NULL, replace(hex(zeroblob(5000)), '0', 'ab'));
            """)
        let source = try ODBCSource(endpoint: db.endpoint("t"), batchSize: 2)
        defer { source.close() }
        #expect(source.columns.map(\.type) == [.bigint, .boolean, .decimal(precision: 12, scale: 2), .double, .date, .timestamptz, .uuid, .text])
        let rows = try readAll(source)
        #expect(rows.count == 3)
        #expect(rows[0] == ["1", "true", "12.5", "-0.125", "2024-02-29", "2024-02-29 21:59:59.123456Z", "6f1d2c9e-6a9b-4c1e-9a58-0d7a2e4b1f01", "Zoë"])
        #expect(rows[1] == ["2", "false", nil, nil, nil, nil, nil, ""])
        #expect(rows[2].prefix(5) == ["3", nil, "7", "2.5", "0001-01-01"])
        #expect(rows[2][7] == String(repeating: "ab", count: 10_000))
    }

    @Test("a missing table is source_not_found; a bad query is an invalid request; a statement without rows is refused and rolled back")
    func failures() throws {
        let db = try ODBCPostgresDatabase()
        #expect(throws: FerryError.self) { try ODBCSource(endpoint: db.endpoint("nope"), batchSize: 10) }
        do {
            _ = try ODBCSource(endpoint: db.endpoint("nope"), batchSize: 10)
        } catch {
            #expect(error.code == .sourceNotFound)
        }
        do {
            _ = try ODBCSource(endpoint: db.endpoint(query: "SELEC 1"), batchSize: 10)
            Issue.record("a syntax error was accepted")
        } catch {
            #expect(error.code == .invalidRequest)
            #expect(error.message.hasPrefix("$.source.query: "))
            #expect(error.driver?.code == "42601")
        }
        try db.psql("CREATE TABLE keep (id int); INSERT INTO keep VALUES (1)")
        do {
            _ = try ODBCSource(endpoint: db.endpoint(query: "DELETE FROM \"\(db.schema)\".keep"), batchSize: 10)
            Issue.record("a DELETE was accepted as a source query")
        } catch {
            #expect(error.code == .unsupported)
        }
        #expect(try db.psql("SELECT count(*) FROM keep") == "1")
    }
}
