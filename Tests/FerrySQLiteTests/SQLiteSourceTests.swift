import FerryTestSupport
import FerryCore
@testable import FerrySQLite
import Testing

@Suite("SQLite source")
struct SQLiteSourceTests {
    func seeded() throws -> SQLiteTestDatabase {
        let db = SQLiteTestDatabase()
        try db.execute("""
            CREATE TABLE t (id INTEGER NOT NULL, note TEXT, amount NUMERIC, flag BOOLEAN, raw BLOB, r REAL);
            INSERT INTO t VALUES (1, 'plain', 10, 1, x'00ff10', 0.5);
            INSERT INTO t VALUES (2, 'a,b "c"', 2.25, 0, NULL, 1e20);
            INSERT INTO t VALUES (3, '', NULL, 2, x'', NULL);
            INSERT INTO t VALUES (4, NULL, 1e20, NULL, NULL, -0.0);
            INSERT INTO t VALUES (5, 'line
            break', -3, 'yes', NULL, 3);
            """)
        return db
    }

    func source(_ db: SQLiteTestDatabase, table: String? = nil, query: String? = nil, batchSize: Int = 100) throws -> SQLiteSource {
        try SQLiteSource(endpoint: SQLiteEndpoint(path: db.path, table: table, query: query), batchSize: batchSize)
    }

    @Test("a table reads as canonical field texts with types and NOT NULL from its declaration")
    func table() throws {
        let db = try seeded()
        let source = try source(db, table: "t")
        #expect(source.columns == [
            SourceColumn(name: "id", type: .bigint, nullable: false), SourceColumn(name: "note", type: .text),
            SourceColumn(name: "amount", type: .anyDecimal), SourceColumn(name: "flag", type: .boolean),
            SourceColumn(name: "raw", type: .text), SourceColumn(name: "r", type: .double),
        ])
        let chunk = try #require(try source.next())
        let rows = chunk.rows
        #expect(rows.rowCount == 5)
        #expect(rows.rowLine == [1, 2, 3, 4, 5])
        let texts = (0..<5).map { row in (0..<6).map { rows.text(row: row, column: $0) } }
        #expect(texts == [
            ["1", "plain", "10", "true", "\\x00ff10", "0.5"],
            ["2", "a,b \"c\"", "2.25", "false", nil, "1e+20"],
            ["3", "", nil, "2", "\\x", nil],
            ["4", nil, "100000000000000000000", nil, nil, "0"],
            ["5", "line\nbreak", "-3", "yes", nil, "3"],
        ])
        #expect(try source.next() == nil)
        #expect(source.bytesRead == rows.storage.count)
        #expect(source.totalBytes == nil)
    }

    @Test("each row's record is a CSV rendering of it")
    func records() throws {
        let db = try seeded()
        let rows = try #require(try source(db, table: "t").next()).rows
        let records = (0..<rows.rowCount).map { String(decoding: rows.record(row: $0), as: UTF8.self) }
        #expect(records == [
            "1,plain,10,true,\\x00ff10,0.5",
            "2,\"a,b \"\"c\"\"\",2.25,false,,1e+20",
            "3,\"\",,2,\\x,",
            "4,,100000000000000000000,,,0",
            "5,\"line\nbreak\",-3,yes,,3",
        ])
    }

    @Test("chunks hold at most batchSize rows, numbered on; restart reads from the first row again")
    func chunksAndRestart() throws {
        let db = try seeded()
        let source = try source(db, table: "t", batchSize: 2)
        var sizes: [Int] = []
        var lines: [Int] = []
        while let chunk = try source.next() {
            sizes.append(chunk.rows.rowCount)
            lines += chunk.rows.rowLine
        }
        #expect(sizes == [2, 2, 1])
        #expect(lines == [1, 2, 3, 4, 5])
        try source.restart()
        let again = try #require(try source.next())
        #expect(again.rows.rowLine == [1, 2])
        #expect(again.rows.text(row: 0, column: 1) == "plain")
    }

    @Test("a query reports declared types for table columns and none for expressions")
    func queryColumns() throws {
        let db = try seeded()
        let source = try source(db, query: "SELECT id, amount * 2 AS doubled, upper(note) AS shout FROM t WHERE id <= 2 ORDER BY id  -- trailing comment\n;")
        #expect(source.columns == [
            SourceColumn(name: "id", type: .bigint), SourceColumn(name: "doubled", type: nil), SourceColumn(name: "shout", type: nil),
        ])
        let rows = try #require(try source.next()).rows
        #expect((0..<2).map { rows.text(row: $0, column: 1) } == ["20", "4.5"])
    }

    @Test("a query that could write, holds several statements or returns nothing is refused", arguments: [
        "DELETE FROM t", "INSERT INTO t (id) VALUES (9)", "SELECT 1; SELECT 2", "SELECT 1; DELETE FROM t",
        "SELECT 1;; ; DELETE FROM t", "SELECT 1; -- c\n; DELETE FROM t",
        "CREATE TABLE u (a)", "PRAGMA user_version = 3", "BEGIN",
    ])
    func refusesWritingQueries(query: String) throws {
        let db = try seeded()
        let error = ferryError { _ = try source(db, query: query) }
        #expect(error?.code == .unsupported)
        #expect(error?.stage == .validate)
        #expect(try db.value("SELECT count(*) FROM t") == "5")
        #expect(try db.value("PRAGMA user_version") == "0")
    }

    @Test("a query that does not compile is an invalid request carrying SQLite's message")
    func badQuery() throws {
        let db = try seeded()
        for query in ["SELEC * FROM t", "SELECT * FROM missing", "  -- nothing\n"] {
            let error = ferryError { _ = try source(db, query: query) }
            #expect(error?.code == .invalidRequest, "\(query)")
            #expect(error?.stage == .validate)
        }
        let error = ferryError { _ = try source(db, query: "SELECT * FROM missing") }
        #expect(error?.driver?.code == "SQLITE_ERROR")
        #expect(error?.message.contains("no such table: missing") == true)
    }

    @Test("a missing table or file is source_not_found, and no file is created")
    func missing() throws {
        let db = try seeded()
        #expect(ferryError { _ = try source(db, table: "nope") }?.code == .sourceNotFound)
        let absent = SQLiteTestDatabase(name: "absent.db")
        #expect(ferryError { _ = try source(absent, table: "t") }?.code == .sourceNotFound)
        #expect(!absent.exists)
    }

    @Test("a view reads like a table")
    func view() throws {
        let db = try seeded()
        try db.execute("CREATE VIEW v AS SELECT id, note FROM t WHERE id > 3")
        let source = try source(db, table: "v")
        #expect(source.columns.map(\.type) == [.bigint, .text])
        let rows = try #require(try source.next()).rows
        #expect(rows.rowCount == 2)
    }

    @Test("the source opens the database read-only")
    func readOnly() throws {
        let db = try seeded()
        let source = try source(db, table: "t")
        let error = ferryError {
            try source.connection.execute("DELETE FROM t", stage: .extract, "test")
        }
        #expect(error?.driver?.code == "SQLITE_READONLY")
        #expect(try db.value("SELECT count(*) FROM t") == "5")
    }
}
