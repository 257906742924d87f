import FerryTestSupport
import FerryCore
@testable import FerrySQLite
import Testing

@Suite("SQLite round trips through sink and source")
struct SQLiteRoundTripTests {
    /// Reads every row of `endpoint` through the source, as texts (nil = NULL).
    func readAll(_ source: SQLiteSource) throws -> [[String?]] {
        var out: [[String?]] = []
        while let chunk = try source.next() {
            for row in 0..<chunk.rows.rowCount {
                out.append((0..<chunk.rows.fieldCount(row: row)).map { chunk.rows.text(row: row, column: $0) })
            }
        }
        return out
    }

    @Test("every column type survives sink then source; decimals lose trailing zeros, booleans read as true/false")
    func everyType() throws {
        let db = SQLiteTestDatabase()
        let schema = testSchema([
            ("big", .bigint), ("dec", .anyDecimal), ("money", .decimal(precision: 12, scale: 2)), ("dbl", .double),
            ("flag", .boolean), ("day", .date), ("at", .timestamp), ("instant", .timestamptz),
            ("id", .uuid), ("doc", .json), ("note", .text),
        ])
        let day = Int64(CivilDate.days(year: 2024, month: 3, day: 5))
        let micros = day * 86_400_000_000 + (10 * 3600 + 11 * 60 + 12) * 1_000_000 + 500_000
        let oldDay = Int64(CivilDate.days(year: 1900, month: 1, day: 1))
        let rows: [[TestValue?]] = [
            [.int(.max), .text("12.30"), .text("1.50"), .double(0.1), .int(1), .int(day), .int(micros), .int(micros - 7_200_000_000),
             .text("0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b"), .text(#"{"a":[1,2.50,"x"]}"#), .text("héllo, \"world\"\nline 2")],
            [.int(.min), .text("-0.000000000000123"), .text("-7"), .double(-1.5e300), .int(0), .int(oldDay), .int(-1), .int(0),
             .text("00000000-0000-0000-0000-000000000000"), .text("[]"), .text("")],
            [.int(0), .text("123456789012345"), .text("0.01"), .double(1e-5), nil, nil, nil, nil, nil, nil, .text("12345")],
            [nil, .text("99999999999999.9"), nil, nil, .int(1), .int(day), .int(day * 86_400_000_000), .int(123_456),
             .text("ffffffff-ffff-ffff-ffff-ffffffffffff"), .text(#"{"k":null}"#), .text("  padded  ")],
        ]
        try load(db.sink("all types"), schema, mode: .create, [testBatch(schema, rows)])

        let source = try SQLiteSource(endpoint: SQLiteEndpoint(path: db.path, table: "all types"), batchSize: 3)
        #expect(source.columns.map(\.name) == schema.names)
        #expect(source.columns.map(\.type) == schema.columns.map(\.type))
        let read = try readAll(source)
        #expect(read == [
            ["9223372036854775807", "12.3", "1.5", "0.1", "true", "2024-03-05", "2024-03-05 10:11:12.5", "2024-03-05 08:11:12.5Z",
             "0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b", #"{"a":[1,2.50,"x"]}"#, "héllo, \"world\"\nline 2"],
            ["-9223372036854775808", "-0.000000000000123", "-7", "-1.5e+300", "false", "1900-01-01", "1969-12-31 23:59:59.999999", "1970-01-01 00:00:00Z",
             "00000000-0000-0000-0000-000000000000", "[]", ""],
            ["0", "123456789012345", "0.01", "1e-05", nil, nil, nil, nil, nil, nil, "12345"],
            [nil, "99999999999999.9", nil, nil, "true", "2024-03-05", "2024-03-05 00:00:00", "1970-01-01 00:00:00.123456Z",
             "ffffffff-ffff-ffff-ffff-ffffffffffff", #"{"k":null}"#, "  padded  "],
        ])
        // The storage classes behind those texts.
        #expect(try db.rows(#"SELECT typeof(big), typeof(dec), typeof(money), typeof(flag), typeof(day), typeof(at), typeof(id), typeof(doc), typeof(note) FROM "all types" LIMIT 1"#) == [
            ["integer", "real", "real", "integer", "text", "text", "text", "text", "text"],
        ])
        #expect(try db.rows(#"SELECT typeof(money), typeof(note) FROM "all types" WHERE rowid = 2"#) == [["integer", "text"]])
    }

    @Test("decimal columns compare as numbers in SQL, timestamps as text in time order")
    func numericComparisons() throws {
        let db = SQLiteTestDatabase()
        let schema = testSchema([("amount", .decimal(precision: 10, scale: 2)), ("at", .timestamp)])
        let base = Int64(CivilDate.days(year: 2024, month: 1, day: 1)) * 86_400_000_000
        try load(db.sink("t"), schema, mode: .create, [testBatch(schema, [
            [.text("99.00"), .int(base + 9_000_000)], [.text("100.50"), .int(base + 10_000_000)], [.text("1000"), .int(base + 86_400_000_000)],
        ])])
        #expect(try db.rows("SELECT amount FROM t WHERE amount > 100 ORDER BY amount") == [["100.5"], ["1000"]])
        #expect(try db.value("SELECT sum(amount) FROM t") == "1199.5")
        #expect(try db.rows("SELECT at FROM t WHERE at > '2024-01-01 00:00:09.5' ORDER BY at") == [["2024-01-01 00:00:10"], ["2024-01-02 00:00:00"]])
    }

    @Test("identifiers with quotes, spaces, keywords and Unicode are taken verbatim")
    func identifiers() throws {
        let db = SQLiteTestDatabase()
        let table = #"my "quoted" täble; DROP TABLE x"#
        let schema = testSchema([("col one", .bigint), (#"say "hi""#, .text), ("select", .double), ("ünïcødé 列", .boolean)])
        try db.execute("CREATE TABLE x (a)")
        for mode in [LoadMode.create, .append, .truncate, .replace] {
            try load(db.sink(table), schema, mode: mode, [testBatch(schema, [[.int(1), .text("a"), .double(2.5), .int(1)]])])
        }
        try db.execute("CREATE UNIQUE INDEX u ON \(SQLiteSQL.quoted(table)) (\(SQLiteSQL.quoted(#"say "hi""#)), \(SQLiteSQL.quoted("col one")))")
        try load(db.sink(table), schema, mode: .upsert, key: ["col one", #"say "hi""#], [testBatch(schema, [[.int(1), .text("a"), .double(3.5), .int(0)]])])
        try load(db.sink(table), schema, mode: .update, key: ["ünïcødé 列"], [testBatch(schema, [[.int(1), .text("a"), .double(4.5), .int(0)]])])
        let columns = try #require(try db.sink(table).existingColumns())
        #expect(columns.map(\.name) == schema.names)
        let source = try SQLiteSource(endpoint: SQLiteEndpoint(path: db.path, table: table), batchSize: 10)
        #expect(try readAll(source) == [["1", "a", "4.5", "false"]])
        #expect(try db.rows("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") == [[table], ["x"]])
    }
}
