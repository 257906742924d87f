import FerryCore
import FerryEngine
@testable import FerryPostgres
import FerryTestSupport
import Testing

/// `PostgresSource` against the real test server (`PostgresTestServer`), one fresh schema per test.
@Suite("PostgreSQL source")
struct PostgresSourceTests {
    func source(_ url: String, schema: String? = nil, table: String? = nil, query: String? = nil, batchSize: Int = 100,
                binary: Bool = true) throws -> PostgresSource {
        try PostgresSource(endpoint: PostgresEndpoint(connection: Secret(url), schema: schema, table: table, query: query),
                           batchSize: batchSize, binary: binary)
    }

    /// Every row of the source as field texts (nil for NULL), reading to the end.
    func readAll(_ source: PostgresSource) throws -> [[String?]] {
        var out: [[String?]] = []
        while let chunk = try source.next() {
            let rows = chunk.rows
            #expect(chunk.rejected.isEmpty)
            for r in 0..<rows.rowCount {
                out.append((0..<rows.fieldCount(row: r)).map { rows.text(row: r, column: $0) })
            }
        }
        return out
    }

    /// (PostgreSQL type, literal inserted, text the source reports, Ferry type)
    static let typeCases: [(String, String, String, ColumnType)] = [
        ("smallint", "-32768", "-32768", .bigint),
        ("integer", "2147483647", "2147483647", .bigint),
        ("bigint", "-9223372036854775808", "-9223372036854775808", .bigint),
        ("real", "0.1", "0.1", .double),
        ("double precision", "0.1", "0.1", .double),
        ("double precision", "1e300", "1e+300", .double),
        ("double precision", "0.30000000000000004", "0.30000000000000004", .double),
        ("numeric(12,2)", "-12.3", "-12.30", .decimal(precision: 12, scale: 2)),
        ("numeric", "0.00000000000000000001", "0.00000000000000000001", .anyDecimal),
        ("numeric(5)", "12345", "12345", .decimal(precision: 5, scale: 0)),
        ("boolean", "true", "t", .boolean),
        ("boolean", "false", "f", .boolean),
        ("date", "'2024-02-29'", "2024-02-29", .date),
        ("timestamp", "'2024-01-01 10:00:00.5'", "2024-01-01 10:00:00.5", .timestamp),
        ("timestamp(0)", "'1999-12-31 23:59:59'", "1999-12-31 23:59:59", .timestamp),
        ("timestamptz", "'2024-01-01 12:00:00.123456+02'", "2024-01-01 10:00:00.123456+00", .timestamptz),
        ("uuid", "'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", .uuid),
        ("json", "'{\"b\": [1, 2.50], \"a\": null}'", "{\"b\": [1, 2.50], \"a\": null}", .json),
        ("jsonb", "'{\"b\":1, \"a\":\"x\"}'", "{\"a\": \"x\", \"b\": 1}", .json),
        ("text", "'Zoë Łukasz 東京 🙂'", "Zoë Łukasz 東京 🙂", .text),
        ("varchar(20)", "'abc'", "abc", .text),
        ("char(3)", "'ab'", "ab ", .text),
        ("interval", "'1 day 02:00:00'", "1 day 02:00:00", .text),
        ("bytea", "'\\x00ff'::bytea", "\\x00ff", .text),
        ("integer[]", "'{1,2,NULL}'", "{1,2,NULL}", .text),
        ("inet", "'10.1.2.3/8'", "10.1.2.3/8", .text),
    ]

    @Test("every type's text comes back as PostgreSQL prints it, with its Ferry type, and Ferry's typing accepts it")
    func typeRoundTrip() throws {
        let (url, schema) = try PostgresTestServer.freshSchema()
        let cases = Self.typeCases
        let definitions = cases.indices.map { "c\($0) \(cases[$0].0)" }.joined(separator: ", ")
        let values = cases.map(\.1).joined(separator: ", ")
        let nulls = cases.map { _ in "NULL" }.joined(separator: ", ")
        _ = try PostgresTestServer.psql(
            """
            CREATE TABLE \(schema).types (\(definitions));
            INSERT INTO \(schema).types VALUES (\(values)), (\(nulls));
            """, url: url)
        let source = try source(url, schema: schema, table: "types")
        #expect(source.columns.map(\.name) == cases.indices.map { "c\($0)" })
        #expect(source.columns.map(\.type) == cases.map(\.3))
        #expect(source.columns.allSatisfy { $0.nullable })
        #expect(source.columnLimits[0] == .integerRange(min: -32768, max: 32767, typeName: "smallint"))
        #expect(source.columnLimits[3] == .singlePrecision)
        #expect(source.columnLimits[20] == .maxCharacters(20, typeName: "varchar(20)"))
        let chunk = try #require(try source.next())
        #expect(try source.next() == nil)
        let rows = chunk.rows
        #expect(rows.rowCount == 2)
        for (i, c) in cases.enumerated() {
            #expect(rows.text(row: 0, column: i) == c.2, "\(c.0)")
            #expect(rows.text(row: 1, column: i) == nil, "\(c.0)")
        }

        // The engine's typing takes every text for the reported type.
        let columns = source.columns.map { Column(name: $0.name, type: $0.type ?? .text, nullable: $0.nullable, origin: .source) }
        let typed = Schema(columns: columns)
        var out = TypedBatch(schema: typed)
        var rejects: [RejectedRecord] = []
        Typist(schema: typed, fieldIndex: Array(columns.indices), limits: .none).type(rows, into: &out, rejects: &rejects)
        #expect(rejects.map(\.reason) == [])
        #expect(out.rowCount == 2)
        let texts = out.columns.map { ValueFormatter.text($0, row: 0) }
        #expect(texts[7] == "-12.30")
        #expect(texts[10] == "true")
        #expect(texts[15] == "2024-01-01 10:00:00.123456Z")
    }

    @Test("NULL and the empty string stay apart")
    func nullAndEmpty() throws {
        let (url, schema) = try PostgresTestServer.freshSchema()
        _ = try PostgresTestServer.psql(
            """
            CREATE TABLE \(schema).t (id int, a text, b text);
            INSERT INTO \(schema).t VALUES (1, '', NULL), (2, NULL, ''), (3, '\\N', 'N');
            """, url: url)
        let rows = try readAll(source(url, query: "SELECT a, b FROM \(schema).t ORDER BY id"))
        #expect(rows == [["", nil], [nil, ""], ["\\N", "N"]])
    }

    @Test("tabs, line breaks, backslashes and control characters in text come back exactly; the record is the raw COPY line")
    func escapes() throws {
        let (url, schema) = try PostgresTestServer.freshSchema()
        _ = try PostgresTestServer.psql(
            """
            CREATE TABLE \(schema).t (id int, v text);
            INSERT INTO \(schema).t VALUES
              (1, E'a\\tb'), (2, E'line\\nbreak\\r\\n'), (3, E'back\\\\slash\\\\'), (4, E'\\\\N'),
              (5, E'\\b\\f\\x0b\\x01end'), (6, E'tab at end\\t'), (7, E'long field with one \\\\ backslash past eight bytes');
            """, url: url)
        let source = try source(url, query: "SELECT v, id FROM \(schema).t ORDER BY id")
        let chunk = try #require(try source.next())
        let rows = chunk.rows
        let values = (0..<rows.rowCount).map { rows.text(row: $0, column: 0) }
        #expect(values == [
            "a\tb", "line\nbreak\r\n", "back\\slash\\", "\\N", "\u{08}\u{0C}\u{0B}\u{01}end", "tab at end\t",
            "long field with one \\ backslash past eight bytes",
        ])
        #expect((0..<rows.rowCount).map { rows.text(row: $0, column: 1) } == (1...7).map { String($0) })
        #expect(String(decoding: rows.record(row: 0), as: UTF8.self) == "a\\tb\t1")
        #expect(String(decoding: rows.record(row: 1), as: UTF8.self) == "line\\nbreak\\r\\n\t2")
        #expect(rows.rowLine == Array(1...7))
    }

    @Test("a query source reads its rows, all columns nullable; a table's NOT NULL columns are not")
    func querySource() throws {
        let (url, schema) = try PostgresTestServer.freshSchema()
        _ = try PostgresTestServer.psql(
            """
            CREATE TABLE \(schema)."Mixed Case" (id bigint NOT NULL, name text, amount numeric(8,3) NOT NULL);
            INSERT INTO \(schema)."Mixed Case" SELECT g, 'n' || g, g / 8.0 FROM generate_series(1, 10) g;
            """, url: url)
        let table = try source(url, schema: schema, table: "Mixed Case")
        #expect(table.columns == [
            SourceColumn(name: "id", type: .bigint, nullable: false), SourceColumn(name: "name", type: .text),
            SourceColumn(name: "amount", type: .decimal(precision: 8, scale: 3), nullable: false),
        ])
        #expect(try readAll(table).count == 10)

        let query = try source(url, query: """
            SELECT id, amount * 2 AS doubled, name IS NULL AS missing
            FROM \(schema)."Mixed Case" WHERE id > 7 ORDER BY id; -- the last rows
            ;
            """)
        #expect(query.columns == [
            SourceColumn(name: "id", type: .bigint), SourceColumn(name: "doubled", type: .anyDecimal),
            SourceColumn(name: "missing", type: .boolean),
        ])
        #expect(try readAll(query) == [["8", "2.000", "f"], ["9", "2.250", "f"], ["10", "2.500", "f"]])
    }

    @Test("a query that would change the database fails with a clear error and changes nothing")
    func readOnly() throws {
        let (url, schema) = try PostgresTestServer.freshSchema()
        _ = try PostgresTestServer.psql(
            "CREATE TABLE \(schema).t (id int); INSERT INTO \(schema).t VALUES (1), (2);", url: url)

        let returning = try source(url, query: "DELETE FROM \(schema).t RETURNING id")
        let error = #expect(throws: FerryError.self) { try returning.next() }
        #expect(error?.code == .unsupported)
        #expect(error?.driver?.code == "25006")
        #expect(error?.message.contains("$.source.query") == true)
        #expect(error?.message.contains("read-only") == true)

        let plain = #expect(throws: FerryError.self) { try source(url, query: "DELETE FROM \(schema).t") }
        #expect(plain?.code == .unsupported)
        #expect(plain?.message.contains("returns no rows") == true)

        let cte = try source(url, query: "WITH d AS (DELETE FROM \(schema).t RETURNING id) SELECT * FROM d")
        #expect(throws: FerryError.self) { try cte.next() }

        let escape = #expect(throws: FerryError.self) {
            try source(url, query: "SELECT 1) TO STDOUT; COMMIT; DELETE FROM \(schema).t; COPY (SELECT 1")
        }
        #expect(escape?.code == .invalidRequest)
        let two = #expect(throws: FerryError.self) { try source(url, query: "SELECT 1; DELETE FROM \(schema).t") }
        #expect(two?.code == .invalidRequest)
        #expect(try PostgresTestServer.psql("SELECT count(*) FROM \(schema).t", url: url) == "2")
    }

    @Test("a missing table or schema is source_not_found; a bad query is an invalid request naming $.source.query")
    func notFound() throws {
        let (url, schema) = try PostgresTestServer.freshSchema()
        let missing = #expect(throws: FerryError.self) { try source(url, schema: schema, table: "nope") }
        #expect(missing?.code == .sourceNotFound)
        #expect(missing?.message.contains("\"\(schema)\".\"nope\"") == true)
        let noSchema = #expect(throws: FerryError.self) { try source(url, schema: "no_such_schema", table: "t") }
        #expect(noSchema?.code == .sourceNotFound)
        let inQuery = #expect(throws: FerryError.self) { try source(url, query: "SELECT * FROM \(schema).nope") }
        #expect(inQuery?.code == .sourceNotFound)
        let syntax = #expect(throws: FerryError.self) { try source(url, query: "SELEC 1") }
        #expect(syntax?.code == .invalidRequest)
        #expect(syntax?.message.hasPrefix("$.source.query: ") == true)
    }

    @Test("chunks hold at most batchSize rows numbered on; restart reads the same rows again, also mid-stream",
          arguments: [false, true])
    func restart(binary: Bool) throws {
        let (url, schema) = try PostgresTestServer.freshSchema()
        _ = try PostgresTestServer.psql(
            "CREATE TABLE \(schema).t AS SELECT g AS id, repeat('x', g % 7) AS pad FROM generate_series(1, 25) g", url: url)
        let source = try source(url, schema: schema, table: "t", batchSize: 10, binary: binary)
        #expect(source.readsBinary == binary)
        var sizes: [Int] = []
        var lines: [Int] = []
        var bytes = 0
        while let chunk = try source.next() {
            sizes.append(chunk.rows.rowCount)
            lines += chunk.rows.rowLine
            bytes += (0..<chunk.rows.rowCount).map { chunk.rows.record(row: $0).count + 1 }.reduce(0, +)
        }
        #expect(sizes == [10, 10, 5])
        #expect(lines == Array(1...25))
        if binary {
            // Each row's tuple: a field count, then two lengths and the values (int4 and text);
            // the header came with the first, the trailer on its own.
            let tuples = (1...25).map { 2 + 4 + 4 + 4 + $0 % 7 }.reduce(0, +)
            #expect(source.bytesRead == 19 + tuples + 2)
        } else {
            #expect(source.bytesRead == bytes)
        }
        #expect(source.totalBytes == nil)
        #expect(try source.next() == nil)

        // Rows added after the first pass are not seen: the source reads one snapshot.
        _ = try PostgresTestServer.psql("INSERT INTO \(schema).t VALUES (26, 'late')", url: url)
        try source.restart()
        #expect(source.bytesRead == 0)
        let first = try #require(try source.next())
        #expect(first.rows.rowLine == Array(1...10))
        #expect(first.rows.text(row: 0, column: 0) == "1")
        try source.restart()
        let again = try readAll(source)
        #expect(again.count == 25)
        #expect(again.first == ["1", "x"])
    }

    @Test("the password of the connection string appears in no error")
    func passwordNeverShown() throws {
        let url = try PostgresTestServer.url()
        let secret = "s3cr3t-Pa55word"
        // The right server with a wrong password, then no server at all.
        let wrong = url.replacing("ferry-test-pw", with: secret)
        let refused = #expect(throws: FerryError.self) { try source(wrong, query: "SELECT 1") }
        #expect(refused?.code == .sourceUnreadable)
        #expect(refused?.stage == .connect)
        let closedPort = "postgresql://ferry:\(secret)@127.0.0.1:1/ferry"
        let unreachable = #expect(throws: FerryError.self) { try source(closedPort, table: "t") }
        #expect(unreachable?.code == .sourceUnreadable)
        #expect(unreachable?.retryable == true)
        let conninfo = "host=127.0.0.1 port=1 user=ferry password='\(secret)' dbname=ferry"
        let viaConninfo = #expect(throws: FerryError.self) { try source(conninfo, table: "t") }
        let invalid = #expect(throws: FerryError.self) { try source("postgresql://ferry:\(secret)@127.0.0.1:1/ferry?bogus=1", table: "t") }
        #expect(invalid?.code == .invalidRequest)
        #expect(invalid?.message.contains("$.source.connection") == true)
        for error in [refused, unreachable, viaConninfo, invalid] {
            let e = try #require(error)
            #expect(!e.description.contains(secret))
            #expect(!(e.driver?.message.contains(secret) ?? false))
            #expect(!"\(e.json)".contains(secret))
        }
    }

    @Test("a failing query reports the server's error without the row's values")
    func failureMidStream() throws {
        let (url, schema) = try PostgresTestServer.freshSchema()
        _ = try PostgresTestServer.psql(
            "CREATE TABLE \(schema).t AS SELECT g AS id, 'v' || g AS v FROM generate_series(1, 5000) g", url: url)
        let source = try source(url, query: "SELECT id, (v || '-secret-value')::int AS n FROM \(schema).t", batchSize: 1000)
        let error = #expect(throws: FerryError.self) { _ = try readAll(source) }
        #expect(error?.code == .sourceUnreadable)
        #expect(error?.driver?.code == "22P02")
        #expect(error?.message.contains("secret-value") == false)
        // The transaction is aborted: the source keeps reporting the same failure.
        let again = #expect(throws: FerryError.self) { try source.next() }
        #expect(again?.driver?.code == "22P02")
        #expect(throws: FerryError.self) { try source.restart() }
    }

    @Test("domains read as their base types; a view reads like a table")
    func domainsAndViews() throws {
        let (url, schema) = try PostgresTestServer.freshSchema()
        _ = try PostgresTestServer.psql(
            """
            CREATE DOMAIN \(schema).money2 AS numeric(10,2) CHECK (VALUE >= 0);
            CREATE DOMAIN \(schema).code AS varchar(5);
            CREATE TABLE \(schema).t (price \(schema).money2 NOT NULL, code \(schema).code, n int GENERATED ALWAYS AS (1) STORED);
            INSERT INTO \(schema).t VALUES (9.5, 'ab');
            CREATE VIEW \(schema).v AS SELECT code, price FROM \(schema).t;
            """, url: url)
        let table = try source(url, schema: schema, table: "t")
        #expect(table.columns == [
            SourceColumn(name: "price", type: .decimal(precision: 10, scale: 2), nullable: false),
            SourceColumn(name: "code", type: .text), SourceColumn(name: "n", type: .bigint),
        ])
        #expect(table.columnLimits[1] == .maxCharacters(5, typeName: "varchar(5)"))
        #expect(try readAll(table) == [["9.50", "ab", "1"]])
        let view = try source(url, schema: schema, table: "v")
        #expect(view.columns.map(\.type) == [.text, .decimal(precision: 10, scale: 2)])
        #expect(try readAll(view) == [["ab", "9.50"]])
    }

    @Test("an interrupted source reads nothing more")
    func cancelBeforeReading() throws {
        let url = try PostgresTestServer.url()
        let source = try source(url, query: "SELECT 1")
        source.interrupter.interrupt()
        let error = #expect(throws: FerryError.self) { try source.next() }
        #expect(error?.code == .cancelled)
    }

    @Test("the interrupter cancels a running COPY")
    func cancel() throws {
        let url = try PostgresTestServer.url()
        let source = try source(url, query: "SELECT g, pg_sleep(0.001) FROM generate_series(1, 100000) g", batchSize: 10)
        _ = try #require(try source.next())
        source.interrupter.interrupt()
        let error = #expect(throws: FerryError.self) { _ = try readAll(source) }
        #expect(error?.code == .cancelled)
    }
}
