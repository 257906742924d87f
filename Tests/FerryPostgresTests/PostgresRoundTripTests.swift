import FerryCore
@testable import FerryPostgres
import FerryTestSupport
import Testing

/// Values written by the sink, read back with `psql` as PostgreSQL prints them.
@Suite("PostgreSQL round trips")
struct PostgresRoundTripTests {
    static func days(_ y: Int, _ m: Int, _ d: Int) -> Int64 { Int64(CivilDate.days(year: y, month: m, day: d)) }

    static func micros(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, _ us: Int = 0) -> Int64 {
        days(y, m, d) * 86_400_000_000 + Int64(h * 3600 + mi * 60 + s) * 1_000_000 + Int64(us)
    }

    /// Column, PostgreSQL type, three values in, three values PostgreSQL prints (nil = NULL).
    static let columns: [(name: String, type: String, values: [TestValue?], printed: [String?])] = [
        ("c_int2", "smallint", [.int(-32768), .int(0), .int(32767)], ["-32768", "0", "32767"]),
        ("c_int4", "integer", [.int(-2_147_483_648), .int(7), .int(2_147_483_647)], ["-2147483648", "7", "2147483647"]),
        ("c_int8", "bigint", [.int(.min), .int(0), .int(.max)], ["-9223372036854775808", "0", "9223372036854775807"]),
        ("c_float4", "real", [.double(1.5), .double(-0.25), .double(.nan)], ["1.5", "-0.25", "NaN"]),
        ("c_float8", "double precision", [.double(0.1), .double(-1e-300), .double(.infinity)], ["0.1", "-1e-300", "Infinity"]),
        ("c_numeric", "numeric", [.text("-12.30"), .text("0.0001"), .text("123456789012345678901234567890.123456789")],
         ["-12.30", "0.0001", "123456789012345678901234567890.123456789"]),
        ("c_money", "numeric(12,2)", [.text("12.30"), .text("-0.01"), .text("9999999999.99")], ["12.30", "-0.01", "9999999999.99"]),
        ("c_bool", "boolean", [.int(1), .int(0), nil], ["true", "false", nil]),
        ("c_date", "date", [.int(days(2024, 2, 29)), .int(days(1, 1, 1)), .int(days(9999, 12, 31))], ["2024-02-29", "0001-01-01", "9999-12-31"]),
        ("c_ts", "timestamp", [.int(micros(2024, 2, 29, 23, 59, 59, 500_000)), .int(0), .int(micros(1, 1, 1, 0, 0, 0))],
         ["2024-02-29 23:59:59.5", "1970-01-01 00:00:00", "0001-01-01 00:00:00"]),
        ("c_tstz", "timestamptz", [.int(micros(2024, 2, 29, 21, 59, 59, 123_456)), .int(micros(1999, 12, 31, 23, 0, 0)), nil],
         ["2024-02-29 21:59:59.123456+00", "1999-12-31 23:00:00+00", nil]),
        ("c_uuid", "uuid", [.text("6f1d2c9e-6a9b-4c1e-9a58-0d7a2e4b1f01"), nil, .text("00000000-0000-0000-0000-000000000000")],
         ["6f1d2c9e-6a9b-4c1e-9a58-0d7a2e4b1f01", nil, "00000000-0000-0000-0000-000000000000"]),
        ("c_json", "json", [.text(#"{"a":[1,2,{"b":null}]}"#), .text("[]"), nil], [#"{"a":[1,2,{"b":null}]}"#, "[]", nil]),
        ("c_jsonb", "jsonb", [.text(#"{"b":1,"a":[true]}"#), .text(#""x\ty""#), nil], [#"{"a": [true], "b": 1}"#, #""x\ty""#, nil]),
        ("c_text", "text", [.text("Zoë, \"quoted\"\nnew line\ttab\\back\r"), .text(""), .text("\\N")],
         ["Zoë, \"quoted\"\nnew line\ttab\\back\r", "", "\\N"]),
        ("c_varchar", "varchar(10)", [.text("short"), .text("ten chars!"), nil], ["short", "ten chars!", nil]),
        ("c_char", "char(5)", [.text("ab"), .text("abcde"), nil], ["ab", "abcde", nil]),  // ::text drops char's padding
    ]

    @Test("every type round-trips through COPY in both formats", arguments: [CopyFormat.binary, .text])
    func everyType(format: CopyFormat) throws {
        let db = try PostgresTestSchema()
        let definitions = Self.columns.map { "\($0.name) \($0.type)" }.joined(separator: ", ")
        try db.psql("CREATE TABLE types (k bigint, \(definitions))")
        let sink = try db.sink("types", format: format)
        let existing = try #require(try sink.existingColumns())
        let schema = Schema(columns: existing)
        let rows: [[TestValue?]] = (0..<3).map { i in [.int(Int64(i))] + Self.columns.map { $0.values[i] } }
        let written = try load(sink, schema, mode: .append, [testBatch(schema, rows)])
        #expect(written == 3)
        for column in Self.columns {
            #expect(try db.values(column.name, from: "types", orderBy: "k") == column.printed, "\(column.name)")
        }
        #expect(try db.values("octet_length(c_char)", from: "types", orderBy: "k") == ["5", "5", nil])
    }

    @Test("existing column types map to Ferry types with their limits")
    func typeMapping() throws {
        let db = try PostgresTestSchema()
        try db.psql("""
            CREATE TYPE mood AS ENUM ('ok', 'sad');
            CREATE DOMAIN short_code AS varchar(4);
            CREATE TABLE mapped (a smallint NOT NULL, b integer, c bigint, d real, e double precision, f numeric(12,2),
              g numeric, h boolean, i date, j timestamp, k timestamptz, l uuid, m json, n jsonb, o text, p varchar(20),
              q char(3), r mood, s inet, t int[], u short_code, v numeric(5,-2), w bigint GENERATED ALWAYS AS (c * 2) STORED);
            ALTER TABLE mapped DROP COLUMN e;
            """)
        let columns = try #require(try db.sink("mapped").existingColumns())
        let byName = Dictionary(uniqueKeysWithValues: columns.map { ($0.name, $0) })
        #expect(columns.map(\.name) == ["a", "b", "c", "d", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v"])
        #expect(byName["a"]?.type == .bigint && byName["a"]?.limit == .integerRange(min: -32768, max: 32767, typeName: "smallint"))
        #expect(byName["a"]?.nullable == false && byName["b"]?.nullable == true)
        #expect(byName["b"]?.limit == .integerRange(min: -2_147_483_648, max: 2_147_483_647, typeName: "integer"))
        #expect(byName["c"]?.type == .bigint && byName["c"]?.limit == nil)
        #expect(byName["d"]?.type == .double && byName["d"]?.limit == .singlePrecision)
        #expect(byName["f"]?.type == .decimal(precision: 12, scale: 2))
        #expect(byName["g"]?.type == .anyDecimal)
        #expect([byName["h"], byName["i"], byName["j"], byName["k"], byName["l"], byName["m"], byName["n"]].map { $0?.type }
            == [.boolean, .date, .timestamp, .timestamptz, .uuid, .json, .json])
        #expect(byName["o"]?.type == .text && byName["o"]?.limit == nil)
        #expect(byName["p"]?.limit == .maxCharacters(20, typeName: "varchar(20)"))
        #expect(byName["q"]?.limit == .maxCharacters(3, typeName: "char(3)"))
        #expect([byName["r"], byName["s"], byName["t"]].map { $0?.type } == [.text, .text, .text])
        #expect(byName["u"]?.type == .text && byName["u"]?.limit == .maxCharacters(4, typeName: "varchar(4)"))
        #expect(byName["v"]?.type == .anyDecimal)
        #expect(columns.allSatisfy { $0.origin == .target })
    }

    @Test("columns of types without a binary encoding switch the load to text COPY")
    func textFallback() throws {
        let db = try PostgresTestSchema()
        try db.psql("""
            CREATE TYPE mood AS ENUM ('ok', 'sad');
            CREATE TABLE fallback (id bigint, m mood, addr inet, tags text[], note text, at timestamptz);
            """)
        let sink = try db.sink("fallback")
        let schema = Schema(columns: try #require(try sink.existingColumns()))
        try sink.begin(schema: schema, mode: .append, key: [])
        #expect(sink.activeFormat == .text)
        _ = try sink.write(testBatch(schema, [
            [.int(1), .text("sad"), .text("192.168.0.1/32"), .text(#"{a,"b c"}"#), .text("tab\there\\"), .int(Self.micros(2024, 1, 2, 3, 4, 5, 6))],
            [.int(2), nil, nil, nil, nil, nil],
        ]))
        try sink.commit()
        #expect(try db.values("m", from: "fallback", orderBy: "id") == ["sad", nil])
        #expect(try db.values("addr", from: "fallback", orderBy: "id") == ["192.168.0.1/32", nil])
        #expect(try db.values("tags[2]", from: "fallback", orderBy: "id") == ["b c", nil])
        #expect(try db.values("note", from: "fallback", orderBy: "id") == ["tab\there\\", nil])
        #expect(try db.value("SELECT at = '2024-01-02 03:04:05.000006Z' FROM fallback WHERE id = 1") == "t")
    }

    @Test("a created table uses Ferry's PostgreSQL types")
    func createdTypes() throws {
        let db = try PostgresTestSchema()
        let schema = testSchema([
            ("a", .bigint), ("b", .decimal(precision: 12, scale: 2)), ("c", .anyDecimal), ("d", .double), ("e", .boolean),
            ("f", .date), ("g", .timestamp), ("h", .timestamptz), ("i", .uuid), ("j", .json), ("k", .text),
        ], notNull: ["a"])
        try load(try db.sink("made"), schema, mode: .create, [])
        let types = try db.psql("""
            SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod) || CASE WHEN attnotnull THEN ' not null' ELSE '' END, ', ' ORDER BY attnum)
            FROM pg_attribute WHERE attrelid = 'made'::regclass AND attnum > 0
            """)
        #expect(types == "a bigint not null, b numeric(12,2), c numeric, d double precision, e boolean, f date, g timestamp without time zone, h timestamp with time zone, i uuid, j json, k text")
    }
}
