import FerryCore
import FerryEngine
import Testing

@Suite("Schema inference")
struct TypingInferenceTests {
    static let singleValues: [(String, ColumnType)] = [
        // bigint: -?(0|[1-9][0-9]*) within Int64
        ("0", .bigint), ("42", .bigint), ("-5", .bigint),
        ("9223372036854775807", .bigint), ("-9223372036854775808", .bigint),
        ("007", .text), ("+1", .text), ("00501", .text), ("-0", .text), (" 1", .text), ("1 ", .text),
        ("1_000", .text), ("1,000", .text), ("--1", .text), ("-", .text), ("0x1F", .text),
        // decimal: fraction or too large for Int64
        ("1.50", .anyDecimal), ("0.0", .anyDecimal), ("-0.5", .anyDecimal), ("123.000", .anyDecimal),
        ("9223372036854775808", .anyDecimal), ("-9223372036854775809", .anyDecimal),
        ("123456789012345678901234567890", .anyDecimal),
        (".5", .text), ("5.", .text), ("-0.0", .text), ("-0.00", .text), ("01.5", .text), ("+1.5", .text),
        ("1.2.3", .text), ("00.5", .text),
        // decimal with an exponent: exact decimals whose plain form has at most 1000 digits
        ("1e5", .anyDecimal), ("1.5E-3", .anyDecimal), ("-2.5e+10", .anyDecimal), ("0e0", .anyDecimal),
        ("12.50e1", .anyDecimal), ("1.23456789012345e3", .anyDecimal), ("1.234567890123456e3", .anyDecimal),
        ("1e400", .anyDecimal), ("1e-400", .anyDecimal), ("1e-310", .anyDecimal), ("1e999", .anyDecimal),
        ("1e-999", .anyDecimal), ("-0e5", .text),
        // beyond 1000 digits: double when a double holds it exactly, else text
        ("1e1000", .text), ("1e-1000", .text), ("1.5e-1000", .text),
        ("1e", .text), ("1e+", .text), ("01e5", .text), ("+1e5", .text), (".5e1", .text),
        // double: NaN, ±Infinity
        ("NaN", .double), ("Infinity", .double), ("-Infinity", .double),
        ("nan", .text), ("inf", .text), ("-inf", .text), ("+Infinity", .text), ("INFINITY", .text),
        // boolean: true/false in any case only
        ("true", .boolean), ("FALSE", .boolean), ("TrUe", .boolean),
        ("t", .text), ("f", .text), ("yes", .text), ("no", .text), ("on", .text), ("truth", .text),
        // date
        ("2024-02-29", .date), ("2000-02-29", .date), ("0001-01-01", .date), ("9999-12-31", .date),
        ("2023-02-29", .text), ("1900-02-29", .text), ("2024-04-31", .text), ("2024-13-01", .text),
        ("2024-00-10", .text), ("2024-01-00", .text), ("0000-01-01", .text), ("2024-1-01", .text),
        ("2024/01/01", .text), ("20240101", .bigint),
        // timestamp
        ("2024-01-01T10:00:00", .timestamp), ("2024-01-01 10:00:00", .timestamp),
        ("2024-01-01 10:00:00.1", .timestamp), ("2024-01-01 10:00:00.123456", .timestamp),
        ("2024-01-01 10:00:00.1234567", .text), ("2024-01-01 10:00:00.", .text),
        ("2024-01-01T24:00:00", .text), ("2024-01-01T23:60:00", .text), ("2024-01-01T23:59:60", .text),
        ("2024-01-01T10:00", .text), ("2024-01-01t10:00:00", .text), ("2024-01-01_10:00:00", .text),
        // timestamptz
        ("2024-01-01T10:00:00Z", .timestamptz), ("2024-01-01T10:00:00+05:30", .timestamptz),
        ("2024-01-01T10:00:00-0800", .timestamptz), ("2024-01-01T10:00:00+09", .timestamptz),
        ("2024-01-01T10:00:00.250-03:00", .timestamptz),
        ("2024-01-01T10:00:00z", .text), ("2024-01-01T10:00:00+5", .text), ("2024-01-01T10:00:00+05:3", .text),
        ("2024-01-01T10:00:00+24:00", .text), ("2024-01-01T10:00:00 +01:00", .text), ("2024-01-01Z", .text),
        // uuid
        ("123e4567-e89b-42d3-a456-426614174000", .uuid), ("123E4567-E89B-42D3-A456-426614174000", .uuid),
        ("123e4567-e89b-42d3-a456-42661417400g", .text), ("123e4567e89b-42d3-a456-4266141740000", .text),
        ("{123e4567-e89b-42d3-a456-426614174000}", .text),
        // json: starts with { or [ and parses fully
        ("{\"a\":1}", .json), ("[1,2]", .json), ("[]", .json), ("{}", .json),
        ("{bad", .text), ("[1,]", .text), ("{\"a\":1} x", .text), (" {\"a\":1}", .text), ("\"s\"", .text),
        // anything else
        ("", .text), ("hello", .text), ("Ünïcödé", .text),
    ]

    @Test("a column of one value gets the type that value round-trips through", arguments: singleValues)
    func singleValue(value: String, expected: ColumnType) {
        #expect(TypingFixtures.inferredType([value]) == expected)
    }

    static let mixes: [([String?], ColumnType)] = [
        (["1", "2", "3"], .bigint),
        (["1", "2.5"], .anyDecimal),
        (["1", "99999999999999999999"], .anyDecimal),
        (["1", "1e3"], .anyDecimal),
        (["12.50", "1e3", "2.5E-2"], .anyDecimal),
        (["1.5", "2e0", "NaN"], .double),
        (["1e20", "NaN"], .double),
        (["123456789012345", "1e3"], .anyDecimal),
        (["1234567890123456", "1e3"], .anyDecimal),
        (["1234567890123456", "1e3", "NaN"], .text),
        (["0.1234567890123456", "-Infinity"], .text),
        (["1", "007"], .text),
        (["1", "true"], .text),
        (["true", "1"], .text),
        (["true", "false", "TRUE"], .boolean),
        (["2024-01-01", "2024-01-01T00:00:00"], .text),
        (["2024-01-01T00:00:00", "2024-01-01T00:00:00Z"], .text),
        (["2024-01-01T00:00:00Z", "2024-06-01T00:00:00+02:00"], .timestamptz),
        (["2024-01-01", "42"], .text),
        (["123e4567-e89b-42d3-a456-426614174000", "hello"], .text),
        (["{\"a\":1}", "[2]"], .json),
        (["{\"a\":1}", "1"], .text),
        ([nil, "5", nil], .bigint),
        ([nil, nil], .text),
        (["5", ""], .text),
    ]

    @Test("a column's type is the join of its values' shapes", arguments: mixes)
    func mix(values: [String?], expected: ColumnType) {
        #expect(TypingFixtures.inferredType(values) == expected)
    }

    static let sqliteFits: [([String], ColumnType)] = [
        // More digits than SQLite keeps: text, unless exponents say double and every value is one.
        (["6.02e23", "1"], .double),
        (["6.02e23", "0.5"], .double),
        (["1e3", "0.1234567890123456"], .text),
        (["99999999999999999999"], .text),
        (["12.50", "1e3"], .anyDecimal),
    ]

    @Test("on a target keeping 15 digits, exponent columns of exact doubles are double", arguments: sqliteFits)
    func sqliteFit(values: [String], expected: ColumnType) {
        var inference = SchemaInference(columnCount: 1)
        _ = inference.observe(TypingFixtures.column(values), limit: nil)
        inference.fit(TypingFixtures.sqliteLimits)
        #expect(inference.type(ofColumn: 0) == expected)
    }

    @Test("a column with no values at all is text")
    func emptyColumn() {
        let inference = SchemaInference(columnCount: 2)
        #expect(inference.type(ofColumn: 1) == .text)
        #expect(!inference.sawNull(inColumn: 1))
        #expect(inference.rowsObserved == 0)
    }

    @Test("NULLs and missing trailing fields are seen as NULL and do not change the type")
    func nulls() {
        var inference = SchemaInference(columnCount: 3)
        let batch = TypingFixtures.batch([["1", "a", "2024-01-01"], ["2", nil], ["3", "b", "2024-01-02"]])
        #expect(inference.observe(batch, limit: nil) == 3)
        #expect(inference.type(ofColumn: 0) == .bigint)
        #expect(!inference.sawNull(inColumn: 0))
        #expect(inference.sawNull(inColumn: 1))
        #expect(inference.sawNull(inColumn: 2))
        #expect(inference.type(ofColumn: 2) == .date)
    }

    @Test("the limit counts rows across batches and later rows do not change the type")
    func limit() {
        var inference = SchemaInference(columnCount: 1)
        #expect(inference.observe(TypingFixtures.column(["1", "2", "3"]), limit: 5) == 3)
        #expect(inference.observe(TypingFixtures.column(["4", "5", "x", "y"]), limit: 5) == 2)
        #expect(inference.observe(TypingFixtures.column(["z"]), limit: 5) == 0)
        #expect(inference.rowsObserved == 5)
        #expect(inference.type(ofColumn: 0) == .bigint)
        #expect(inference.observe(TypingFixtures.column(["z"]), limit: nil) == 1)
        #expect(inference.type(ofColumn: 0) == .text)
    }

    @Test("widening adds columns that were NULL in the rows already observed")
    func widen() {
        var inference = SchemaInference(columnCount: 1)
        _ = inference.observe(TypingFixtures.batch([["1"], ["2"]]), limit: nil)
        inference.widen(to: 3)
        inference.widen(to: 2)
        _ = inference.observe(TypingFixtures.batch([["3", "true", "2.5"]]), limit: nil)
        #expect(inference.type(ofColumn: 0) == .bigint)
        #expect(inference.type(ofColumn: 1) == .boolean)
        #expect(inference.type(ofColumn: 2) == .anyDecimal)
        #expect(!inference.sawNull(inColumn: 0))
        #expect(inference.sawNull(inColumn: 1))

        var fresh = SchemaInference(columnCount: 0)
        fresh.widen(to: 1)
        _ = fresh.observe(TypingFixtures.column(["x"]), limit: nil)
        #expect(!fresh.sawNull(inColumn: 0))
    }

    @Test("every value inference accepts types under the inferred type without a reject, unchanged in value",
          arguments: singleValues.filter { $0.1 != .text })
    func inferredTypesAlwaysType(value: String, type: ColumnType) throws {
        let (out, rejects) = TypingFixtures.type([value], as: type)
        #expect(rejects.isEmpty)
        let text = try #require(TypingFixtures.texts(out.columns[0]).first ?? nil)
        switch type {
        case .double:
            // Exponent forms print in their shortest form; the value itself is unchanged.
            #expect(Double(text).map { $0.bitPattern } == Double(value).map { $0.bitPattern }
                || (value == "NaN" && text == "NaN"))
        case .decimal where value.lowercased().contains("e"):
            // An exponent is written out: the same digits, the point moved (`12.50e1` → `125.0`).
            let (mantissa, exponent) = try #require(Self.split(value))
            #expect(Self.plain(mantissa, exponent) == text)
        case .boolean, .uuid:
            #expect(text == value.lowercased())
        case .timestamp:
            #expect(text == String(value.map { $0 == "T" ? " " : $0 }))
        case .timestamptz:
            #expect(text.hasSuffix("Z"))
        default:
            #expect(text == value)
        }
    }

    /// `12.50e1` → (`12.50`, 1).
    static func split(_ value: String) -> (String, Int)? {
        guard let e = value.firstIndex(where: { $0 == "e" || $0 == "E" }), let x = Int(value[value.index(after: e)...]) else { return nil }
        return (String(value[..<e]), x)
    }

    /// The plain decimal text of `mantissa × 10^exponent`, computed on strings (an independent
    /// oracle for `DecimalExponent`): digits without the point, point moved, zeros padded.
    static func plain(_ mantissa: String, _ exponent: Int) -> String {
        let negative = mantissa.hasPrefix("-")
        let body = negative ? String(mantissa.dropFirst()) : mantissa
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        var digits = String(parts[0]) + fraction
        var point = parts[0].count + exponent
        let scale = max(0, fraction.count - exponent)
        if point <= 0 {
            digits = String(repeating: "0", count: 1 - point) + digits
            point = 1
        }
        if digits.count < point + scale { digits += String(repeating: "0", count: point + scale - digits.count) }
        var whole = String(digits.prefix(point))
        while whole.count > 1, whole.hasPrefix("0") { whole.removeFirst() }
        let frac = String(digits.dropFirst(point).prefix(scale))
        let text = scale > 0 ? whole + "." + frac : whole
        let isZero = text.allSatisfy { $0 == "0" || $0 == "." }
        return (negative && !isZero ? "-" : "") + text
    }
}
