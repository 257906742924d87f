import FerryCore
@testable import FerryEngine
import Testing

/// Evaluates `text` over columns given as texts typed by the loader's Typist; results as
/// canonical texts (nil for NULL) and the rows' error reasons.
func evaluate(_ text: String, _ columns: [(String, ColumnType, [String?])]) throws -> (values: [String?], errors: [Int: String]) {
    let schema = Schema(columns: columns.map { Column(name: $0.0, type: $0.1, origin: .declared) })
    let rows = columns.first?.2.count ?? 1
    var raw = RawBatch()
    for r in 0..<rows {
        for c in columns {
            if let v = c.2[r] {
                let start = raw.storage.count
                raw.storage.append(contentsOf: v.utf8)
                raw.appendField(start: start, length: v.utf8.count)
            } else {
                raw.appendField(start: 0, length: -1)
            }
        }
        raw.endRow(line: r + 1, recordStart: 0, recordEnd: 0)
    }
    var batch = TypedBatch(schema: schema, capacity: rows)
    var rejects: [RejectedRecord] = []
    Typist(schema: schema, fieldIndex: Array(columns.indices), limits: .none).type(raw, into: &batch, rejects: &rejects)
    try #require(rejects.isEmpty)
    if columns.isEmpty { batch.lines = [1] }
    let typed = try ExprChecker(schema: schema).check(try ExprParser.parse(text))
    var ev = ExprEvaluator(batch: batch)
    let v = ev.eval(typed)
    #expect(v.count == rows && v.type == typed.type)
    return ((0..<rows).map { v.isNull[$0] ? nil : ValueFormatter.text(v, row: $0) }, ev.errors)
}

/// One constant expression's value.
func value(_ text: String) throws -> String? { try evaluate(text, []).values[0] }

@Suite("Expression evaluator")
struct ExprEvaluatorTests {
    @Test("every function and operator on constants", arguments: [
        ("1 + 2 * 3", "7"), ("7 / 2", "3"), ("-7 / 2", "-3"), ("7 % 3", "1"), ("7.0 / 2", "3.5"), ("2 * 1.5", "3"),
        ("-(3)", "-3"), ("1 < 2", "true"), ("'a' < 'b'", "true"), ("'abc' = 'abc'", "true"), ("2 >= 2.5", "false"),
        ("1 <> 1", "false"), ("TRUE AND NOT FALSE", "true"),
        ("coalesce(NULL, 2, 3)", "2"), ("coalesce(NULL, 1.5, 2)", "1.5"), ("nullif(1, 1)", nil), ("nullif(1, 2)", "1"),
        ("trim('  a b  ')", "a b"), ("ltrim('  a ')", "a "), ("rtrim('  a ')", "  a"),
        ("lower('AbC')", "abc"), ("upper('straße')", "STRASSE"), ("lower('ÀB')", "àb"),
        ("length('héllo')", "5"), ("substr('héllo', 2, 3)", "éll"), ("substr('hello', 0, 2)", "h"), ("substr('hello', 3)", "llo"),
        ("replace('a-b-c', '-', '+')", "a+b+c"), ("replace('abc', '', 'x')", "abc"),
        ("concat('a', NULL, 1, TRUE)", "a1true"), ("'a' || NULL", nil), ("'a' || 1", "a1"),
        ("starts_with('hello', 'he')", "true"), ("ends_with('hello', 'lo')", "true"), ("contains('hello', 'ell')", "true"),
        ("'hello' LIKE 'h_l%'", "true"), ("'hello' LIKE 'h%x'", "false"), ("'50%' LIKE '50\\%'", "true"), ("'hello' NOT LIKE '%ll%'", "false"),
        ("abs(-3)", "3"), ("abs(-2.5)", "2.5"), ("round(2.5)", "3"), ("round(-2.5)", "-3"), ("floor(-1.5)", "-2"), ("ceil(1.2)", "2"),
        ("CASE WHEN 1 > 2 THEN 'a' WHEN 2 > 1 THEN 'b' ELSE 'c' END", "b"), ("CASE WHEN FALSE THEN 1 END", nil),
        ("CASE WHEN NULL THEN 1 ELSE 2 END", "2"),
        ("CAST('12' AS bigint)", "12"), ("CAST(3.5 AS bigint)", "4"), ("CAST(2.5 AS bigint)", "2"), ("CAST(7 AS text)", "7"),
        ("CAST('2024-02-29' AS date)", "2024-02-29"), ("CAST('2024-02-29 10:11:12' AS timestamp)", "2024-02-29 10:11:12"),
        ("CAST(CAST('2024-02-29 10:11:12' AS timestamp) AS date)", "2024-02-29"), ("CAST(1 AS boolean)", "true"),
        ("CAST('12.50' AS decimal(5,2))", "12.50"), ("CAST(TRUE AS bigint)", "1"),
        ("year(CAST('2024-02-29' AS date))", "2024"), ("month(CAST('2024-02-29' AS date))", "2"),
        ("day(CAST('2024-02-29' AS date))", "29"), ("dow(CAST('2024-02-29' AS date))", "4"), ("doy(CAST('2024-12-31' AS date))", "366"),
        ("hour(CAST('2024-02-29 10:11:12' AS timestamp))", "10"), ("minute(CAST('2024-02-29 10:11:12' AS timestamp))", "11"),
        ("second(CAST('2024-02-29 10:11:12' AS timestamp))", "12"), ("date_part('year', CAST('1969-12-31 23:00:00' AS timestamp))", "1969"),
        ("date_trunc('month', CAST('2024-02-29' AS date))", "2024-02-01"), ("date_trunc('year', CAST('2024-02-29' AS date))", "2024-01-01"),
        ("date_trunc('week', CAST('2024-02-29' AS date))", "2024-02-26"),
        ("date_trunc('hour', CAST('1969-12-31 23:59:59.5' AS timestamp))", "1969-12-31 23:00:00"),
        ("CAST('2024-03-01' AS date) - CAST('2024-02-01' AS date)", "29"), ("CAST('2024-02-28' AS date) + 2", "2024-03-01"),
        ("CAST('2024-02-28' AS date) >= '2024-01-01'", "true"),
        ("hash('a')", "089be907b544fdc9"), ("hash(NULL)", "af63d34c8601dd41"), ("hash(1, 'x')", "d50e2ff169abbd04"),
    ])
    func constants(_ text: String, _ expected: String?) throws {
        #expect(try value(text) == expected)
    }

    @Test("NULL follows SQL: it propagates through operators and functions, and AND/OR use three-valued logic", arguments: [
        ("NULL + 1", nil), ("NULL = NULL", nil), ("NULL IS NULL", "true"), ("1 IS NOT NULL", "true"),
        ("NULL AND FALSE", "false"), ("NULL AND TRUE", nil), ("NULL OR TRUE", "true"), ("NULL OR FALSE", nil), ("NOT NULL", nil),
        ("lower(NULL)", nil), ("length(NULL)", nil), ("NULL LIKE 'a'", nil), ("year(NULL)", nil), ("CAST(NULL AS bigint)", nil),
    ] as [(String, String?)])
    func nulls(_ text: String, _ expected: String?) throws {
        #expect(try value(text) == expected)
    }

    @Test("column-wise over a batch: values, NULLs and per-row errors")
    func columns() throws {
        let cols: [(String, ColumnType, [String?])] = [
            ("a", .bigint, ["6", "1", nil, "9223372036854775807"]),
            ("b", .bigint, ["3", "0", "2", "1"]),
            ("s", .text, [" x ", "y", nil, "z"]),
        ]
        let div = try evaluate("a / b", cols)
        #expect(div.values == ["2", nil, nil, "9223372036854775807"])
        #expect(div.errors == [1: "division by zero"])
        let sum = try evaluate("a + b", cols)
        #expect(sum.values == ["9", "1", nil, nil] && sum.errors == [3: "bigint overflow"])
        #expect(try evaluate("upper(trim(s)) || b", cols).values == ["X3", "Y0", nil, "Z1"])
        #expect(try evaluate("coalesce(a, -1) > 1 OR s IS NULL", cols).values == ["true", "false", "true", "true"])
        let bad = try evaluate("CAST(s AS bigint)", cols)
        #expect(bad.values == [nil, nil, nil, nil] && bad.errors.keys.sorted() == [0, 1, 3])
        #expect(bad.errors[1]?.hasPrefix("cannot cast text to bigint") == true)
    }

    @Test("type errors name the position", arguments: [
        ("a + s", ExprError(position: 3, "\"+\" needs numbers, not text")),
        ("nope + 1", ExprError(position: 1, "no column \"nope\" in the input")),
        ("lenght(s)", ExprError(position: 1, "no function lenght; did you mean length?")),
        ("lower(a)", ExprError(position: 7, "lower needs text here, not bigint; cast it with CAST(... AS text)")),
        ("a = 'x'", ExprError(position: 3, "\"=\" cannot compare values that mix bigint and text")),
        ("a AND TRUE", ExprError(position: 1, "expected a boolean, found bigint")),
        ("substr(s)", ExprError(position: 1, "substr takes 2 to 3 arguments, not 1")),
        ("date_trunc('fortnight', d)", ExprError(position: 12, "date_trunc needs one of 'year', 'month', 'week', 'day', 'hour', 'minute', 'second' as its first argument")),
        ("CAST(d AS bigint)", ExprError(position: 1, "cannot cast date to bigint")),
        ("year(s)", ExprError(position: 6, "year needs a date or timestamp, not text")),
        ("CASE WHEN a > 1 THEN s ELSE d END", ExprError(position: 1, "CASE branches mix text and date")),
    ])
    func typeErrors(_ text: String, _ error: ExprError) throws {
        let schema = Schema(columns: [Column(name: "a", type: .bigint, origin: .declared), Column(name: "s", type: .text, origin: .declared),
                                      Column(name: "d", type: .date, origin: .declared)])
        #expect(throws: error) { try ExprChecker(schema: schema).check(try ExprParser.parse(text)) }
    }
}
