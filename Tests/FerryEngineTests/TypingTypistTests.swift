import FerryCore
import FerryEngine
import Testing

@Suite("Typist")
struct TypingTypistTests {
    static let canonical: [(ColumnType, String)] = [
        (.bigint, "0"), (.bigint, "-42"), (.bigint, "9223372036854775807"), (.bigint, "-9223372036854775808"),
        (.anyDecimal, "-12.30"), (.anyDecimal, "0.5"), (.anyDecimal, "7"), (.anyDecimal, "0.000"),
        (.anyDecimal, "123456789012345678901234567890.000001"),
        (.decimal(precision: 12, scale: 2), "99999.99"),
        (.double, "0.1"), (.double, "-2.25"), (.double, "0.30000000000000004"), (.double, "1e+300"),
        (.double, "5e-324"), (.double, "1.7976931348623157e+308"), (.double, "123456789"),
        (.double, "NaN"), (.double, "Infinity"), (.double, "-Infinity"),
        (.boolean, "true"), (.boolean, "false"),
        (.date, "2024-02-29"), (.date, "0001-01-01"), (.date, "9999-12-31"), (.date, "1969-12-31"),
        (.timestamp, "2024-01-01 10:00:00"), (.timestamp, "2024-01-01 10:00:00.5"),
        (.timestamp, "1969-12-31 23:59:59.999999"), (.timestamp, "0001-01-01 00:00:00"),
        (.timestamptz, "2024-01-01 10:00:00Z"), (.timestamptz, "9999-12-31 23:59:59.000001Z"),
        (.uuid, "123e4567-e89b-42d3-a456-426614174000"),
        (.json, "{\"a\": [1, 2.50, \"x\"]}"), (.json, "[]"),
        (.text, "héllo, wörld 🙂"), (.text, ""), (.text, " padded "),
    ]

    @Test("canonical texts come back unchanged through ValueFormatter", arguments: canonical)
    func roundTrip(type: ColumnType, text: String) {
        let (out, rejects) = TypingFixtures.type([text], as: type)
        #expect(rejects.isEmpty)
        #expect(TypingFixtures.texts(out.columns[0]) == [text])
    }

    static let normalised: [(ColumnType, String, String)] = [
        (.bigint, "007", "7"), (.bigint, "+1", "1"), (.bigint, "-0", "0"), (.bigint, "-007", "-7"),
        (.anyDecimal, "+1.50", "1.50"), (.anyDecimal, "007.5", "7.5"), (.anyDecimal, ".5", "0.5"),
        (.anyDecimal, "5.", "5"), (.anyDecimal, "-0.0", "0.0"), (.anyDecimal, "-.5", "-0.5"),
        (.anyDecimal, "000", "0"), (.anyDecimal, "-00012.340", "-12.340"), (.anyDecimal, "-0", "0"),
        (.anyDecimal, "1e3", "1000"), (.anyDecimal, "12.50e1", "125.0"), (.anyDecimal, "2.5E-2", "0.025"),
        (.anyDecimal, "-1.5e-1", "-0.15"), (.anyDecimal, "0e-2", "0.00"), (.anyDecimal, "0.00120e2", "0.120"),
        (.anyDecimal, "1.5e2", "150"), (.anyDecimal, "-12.5e-3", "-0.0125"), (.anyDecimal, "+1E+2", "100"),
        (.decimal(precision: 3, scale: 3), "1.23e-1", "0.123"),
        (.double, "1e5", "100000"), (.double, "+1.5", "1.5"), (.double, ".5", "0.5"), (.double, "5.", "5"),
        (.double, "1.5E-3", "0.0015"), (.double, "-0", "-0.0"), (.double, "12345678901234567890", "1.2345678901234567e+19"),
        (.double, "inf", "Infinity"), (.double, "-INF", "-Infinity"), (.double, "+infinity", "Infinity"),
        (.double, "nan", "NaN"), (.double, "1e23", "1e+23"), (.double, "8.98846567431158e307", "8.98846567431158e+307"),
        (.boolean, "TRUE", "true"), (.boolean, "t", "true"), (.boolean, "Y", "true"), (.boolean, "yes", "true"),
        (.boolean, "On", "true"), (.boolean, "1", "true"), (.boolean, "F", "false"), (.boolean, "no", "false"),
        (.boolean, "n", "false"), (.boolean, "OFF", "false"), (.boolean, "0", "false"),
        (.timestamp, "2024-01-01T10:00:00", "2024-01-01 10:00:00"), (.timestamp, "2024-01-01t10:00:00", "2024-01-01 10:00:00"),
        (.timestamp, "2024-01-01", "2024-01-01 00:00:00"), (.timestamp, "2024-01-01 10:00:00.120", "2024-01-01 10:00:00.12"),
        (.timestamp, "2024-01-01 10:00:00.123456000", "2024-01-01 10:00:00.123456"),
        (.timestamptz, "2024-01-01T10:00:00+02:00", "2024-01-01 08:00:00Z"),
        (.timestamptz, "2024-01-01T10:00:00-0530", "2024-01-01 15:30:00Z"),
        (.timestamptz, "2024-01-01T00:30:00+01", "2023-12-31 23:30:00Z"),
        (.timestamptz, "2024-03-01T00:00:00.250+00:00", "2024-03-01 00:00:00.25Z"),
        (.timestamptz, "2024-02-28T23:00:00-01:00", "2024-02-29 00:00:00Z"),
        (.timestamptz, "2024-01-01t10:00:00z", "2024-01-01 10:00:00Z"),
        (.timestamptz, "9999-12-31T23:00:00-00:59", "9999-12-31 23:59:00Z"),
        (.uuid, "123E4567-E89B-42D3-A456-426614174ABC", "123e4567-e89b-42d3-a456-426614174abc"),
    ]

    @Test("lenient forms are stored in their canonical form with the same value", arguments: normalised)
    func normalisation(type: ColumnType, input: String, expected: String) {
        let (out, rejects) = TypingFixtures.type([input], as: type)
        #expect(rejects.isEmpty)
        #expect(TypingFixtures.texts(out.columns[0]) == [expected])
    }

    static let rejected: [(ColumnType, String, String)] = [
        (.bigint, "abc", "not a valid bigint"), (.bigint, "", "not a valid bigint"), (.bigint, "1.0", "not a valid bigint"),
        (.bigint, "1e3", "not a valid bigint"), (.bigint, " 12", "not a valid bigint"), (.bigint, "-", "not a valid bigint"),
        (.bigint, "9223372036854775808", "out of range for bigint"),
        (.bigint, "-9223372036854775809", "out of range for bigint"),
        (.bigint, "123456789012345678901234567890", "out of range for bigint"),
        (.anyDecimal, "1e1000", "out of range for decimal"), (.anyDecimal, "abc", "not a valid decimal"),
        (.decimal(precision: 5, scale: 2), "1.234e0", "has more than 2 decimal places"),
        (.decimal(precision: 5, scale: 2), "1e3", "has more than 3 digits before the decimal point, the most decimal(5,2) holds"),
        (.anyDecimal, ".", "not a valid decimal"), (.anyDecimal, "1.2.3", "not a valid decimal"),
        (.anyDecimal, "--1", "not a valid decimal"), (.anyDecimal, "NaN", "not a valid decimal"),
        (.anyDecimal, "", "not a valid decimal"),
        (.decimal(precision: 5, scale: 2), "1.234", "has more than 2 decimal places"),
        (.decimal(precision: 5, scale: 2), "1.230", "has more than 2 decimal places"),
        (.decimal(precision: 5, scale: 2), "1234.5", "has more than 3 digits before the decimal point, the most decimal(5,2) holds"),
        (.decimal(precision: 5, scale: 0), "1.5", "has more than 0 decimal places"),
        (.decimal(precision: 3, scale: nil), "1234", "has more than 3 digits before the decimal point, the most decimal(3) holds"),
        (.double, "abc", "not a valid double"), (.double, "0x10", "not a valid double"), (.double, " 1", "not a valid double"),
        (.double, "1,5", "not a valid double"), (.double, "1e", "not a valid double"), (.double, "infinit", "not a valid double"),
        (.double, "nan(123)", "not a valid double"), (.double, "", "not a valid double"),
        (.double, "1e400", "out of range for double"), (.double, "-1e400", "out of range for double"),
        (.double, "1e-400", "out of range for double"),
        (.double, "123456789012345678901234567890e300", "out of range for double"),
        (.boolean, "maybe", "not a valid boolean"), (.boolean, "2", "not a valid boolean"),
        (.boolean, "", "not a valid boolean"), (.boolean, "\u{11}", "not a valid boolean"),
        (.date, "2023-02-29", "not a valid date"), (.date, "2024-01-01T00:00:00", "not a valid date"),
        (.date, "24-01-01", "not a valid date"), (.date, "0000-12-31", "not a valid date"),
        (.timestamp, "2024-01-01T10:00:00Z", "has a UTC offset; declare timestamptz"),
        (.timestamp, "2024-01-01T10:00:00+01:00", "has a UTC offset; declare timestamptz"),
        (.timestamp, "2024-01-01 10:00:00.1234567", "has more than 6 fractional second digits (timestamp keeps microseconds)"),
        (.timestamp, "2024-01-01 10:00:00.1234567x", "not a valid timestamp"),
        (.timestamp, "2024-01-01 25:00:00", "not a valid timestamp"),
        (.timestamptz, "2024-01-01T10:00:00", "has no UTC offset"), (.timestamptz, "2024-01-01", "has no UTC offset"),
        (.timestamptz, "2024-01-01T10:00:00.0000001Z", "has more than 6 fractional second digits (timestamptz keeps microseconds)"),
        (.timestamptz, "0001-01-01T00:30:00+01:00", "out of range for timestamptz (years 1 to 9999 in UTC)"),
        (.timestamptz, "9999-12-31T23:30:00-01:00", "out of range for timestamptz (years 1 to 9999 in UTC)"),
        (.timestamptz, "2024-01-01T10:00:00+1:00", "not a valid timestamptz"),
        (.uuid, "xyz", "not a valid uuid"), (.uuid, "123e4567-e89b-42d3-a456-42661417400", "not a valid uuid"),
        (.uuid, "123e4567+e89b-42d3-a456-426614174000", "not a valid uuid"),
        (.json, "{bad", "not valid JSON"), (.json, "[1,]", "not valid JSON"), (.json, "{\"a\":1,\"a\":2}", "not valid JSON"),
        (.json, "", "not valid JSON"),
    ]

    @Test("values that do not fit are rejected with a reason that never contains the value", arguments: rejected)
    func rejects(type: ColumnType, input: String, reason: String) throws {
        let (out, rejects) = TypingFixtures.type([input], as: type)
        #expect(out.rowCount == 0 && out.columns[0].count == 0)
        let reject = try #require(rejects.first)
        #expect(reject.reason == reason)
        #expect(reject.line == 2)
        #expect(reject.column == "c")
        #expect(reject.columnIndex == 1)
        #expect(reject.record == Array(input.utf8))
        if input.count >= 3 { #expect(!reject.reason.contains(input)) }
    }

    @Test("decimal(p,s) accepts values within its precision and scale, keeping their digits")
    func decimalWithinPrecision() {
        let (out, rejects) = TypingFixtures.type(["001.50", "-999.99", "0.1", "999", ".99"], as: .decimal(precision: 5, scale: 2))
        #expect(rejects.isEmpty)
        #expect(TypingFixtures.texts(out.columns[0]) == ["1.50", "-999.99", "0.1", "999", "0.99"])
    }

    @Test("target limits reject values the target would change, naming the target")
    func limits() {
        let limits = TypingFixtures.sqliteLimits
        let (decimals, decimalRejects) = TypingFixtures.type(
            ["123456789012345", "0.000000000000001", "1234567890.123456", "-00000000000000000001"], as: .anyDecimal, limits: limits)
        #expect(TypingFixtures.texts(decimals.columns[0]) == ["123456789012345", "0.000000000000001", "-1"])
        #expect(decimalRejects.map(\.reason) == [
            "has more than 15 significant digits, which SQLite cannot store exactly; declare the column as text to keep it verbatim",
        ])
        #expect(decimalRejects.map(\.line) == [4])

        let (doubles, doubleRejects) = TypingFixtures.type(["1.5", "NaN", "-inf", "Infinity"], as: .double, limits: limits)
        #expect(TypingFixtures.texts(doubles.columns[0]) == ["1.5"])
        #expect(doubleRejects.map(\.reason) == [
            "is NaN, which SQLite cannot store", "is infinite, which SQLite cannot store", "is infinite, which SQLite cannot store",
        ])

        let postgres = ValueLimits(targetName: "PostgreSQL", allowsNULInText: false)
        let (texts, textRejects) = TypingFixtures.type(["a", "b\u{0}c", ""], as: .text, limits: postgres)
        #expect(TypingFixtures.texts(texts.columns[0]) == ["a", ""])
        #expect(textRejects.map(\.reason) == ["contains a NUL byte, which PostgreSQL cannot store in text"])
        let (anyText, none) = TypingFixtures.type(["b\u{0}c"], as: .text)
        #expect(none.isEmpty && anyText.rowCount == 1)
    }

    @Test("NULL and missing fields are NULL, and rejected in NOT NULL columns", arguments: [
        ColumnType.bigint, .anyDecimal, .double, .boolean, .date, .timestamp, .timestamptz, .uuid, .json, .text,
    ])
    func nulls(type: ColumnType) throws {
        let (out, rejects) = TypingFixtures.type([nil], as: type)
        #expect(rejects.isEmpty)
        #expect(out.columns[0].isNull == [true])

        let (strict, strictRejects) = TypingFixtures.type([nil], as: type, nullable: false)
        #expect(strict.rowCount == 0)
        #expect(strictRejects.map(\.reason) == ["NULL in a column declared NOT NULL"])
    }

    @Test("a rejected row leaves no values behind and names its leftmost failing column")
    func rowRejection() throws {
        let schema = Schema(columns: [
            Column(name: "id", type: .bigint, nullable: false, origin: .declared),
            Column(name: "name", type: .text, origin: .declared),
            Column(name: "price", type: .decimal(precision: 6, scale: 2), origin: .declared),
            Column(name: "day", type: .date, origin: .declared),
            Column(name: "code", type: .uuid, origin: .declared),
            Column(name: "extra", type: .double, origin: .declared),
        ])
        // The source has the columns in another order and lacks `extra`.
        let typist = Typist(schema: schema, fieldIndex: [4, 0, 1, 2, 3, nil], limits: .none)
        let uuid = "123e4567-e89b-42d3-a456-426614174000"
        let batch = TypingFixtures.batch([
            ["ann", "1.50", "2024-01-01", uuid, "1"],
            ["bob", "1.555", "2023-02-29", uuid, "2"], // price fails first, day too
            ["cy", "2", "2024-01-02", "no-uuid", "x"], // code and id fail: id is leftmost
            ["dee", nil, nil, nil, "4"],
            ["eve", "3"], // short row: id is missing
        ], firstLine: 10)
        var out = TypedBatch(schema: schema)
        var rejects: [RejectedRecord] = []
        typist.type(batch, into: &out, rejects: &rejects)

        #expect(out.lines == [10, 13])
        #expect(out.columns.allSatisfy { $0.count == 2 })
        #expect(TypingFixtures.texts(out.columns[0]) == ["1", "4"])
        #expect(TypingFixtures.texts(out.columns[1]) == ["ann", "dee"])
        #expect(TypingFixtures.texts(out.columns[2]) == ["1.50", nil])
        #expect(TypingFixtures.texts(out.columns[3]) == ["2024-01-01", nil])
        #expect(TypingFixtures.texts(out.columns[4]) == [uuid, nil])
        #expect(TypingFixtures.texts(out.columns[5]) == [nil, nil])

        #expect(rejects.map(\.line) == [11, 12, 14])
        #expect(rejects.map(\.column) == ["price", "id", "id"])
        #expect(rejects.map(\.columnIndex) == [2, 5, 5])
        #expect(rejects.map(\.reason) == ["has more than 2 decimal places", "not a valid bigint", "NULL in a column declared NOT NULL"])
        #expect(rejects[0].record == Array("bob,1.555,2023-02-29,\(uuid),2".utf8))
        #expect(rejects[2].record == Array("eve,3".utf8))
    }

    @Test("typing appends to a batch that already has rows and keeps them intact")
    func appendsAcrossBatches() {
        let schema = Schema(columns: [
            Column(name: "n", type: .bigint, origin: .inferred),
            Column(name: "s", type: .text, origin: .inferred),
            Column(name: "d", type: .double, origin: .inferred),
        ])
        let typist = Typist(schema: schema, fieldIndex: [0, 1, 2], limits: .none)
        var out = TypedBatch(schema: schema)
        var rejects: [RejectedRecord] = []
        typist.type(TypingFixtures.batch([["1", "first", "0.5"], ["x", "gone", "1"]], firstLine: 2), into: &out, rejects: &rejects)
        typist.type(TypingFixtures.batch([["2", "keep", "y"], ["3", "second", "2.5"], ["z", "gone too", "3"]], firstLine: 4),
                    into: &out, rejects: &rejects)
        #expect(out.lines == [2, 5])
        #expect(TypingFixtures.texts(out.columns[0]) == ["1", "3"])
        #expect(TypingFixtures.texts(out.columns[1]) == ["first", "second"])
        #expect(TypingFixtures.texts(out.columns[2]) == ["0.5", "2.5"])
        #expect(rejects.map(\.line) == [3, 4, 6])
        #expect(rejects.map(\.column) == ["n", "d", "n"])
    }

    @Test("an empty batch adds nothing")
    func emptyBatch() {
        let (out, rejects) = TypingFixtures.type([], as: .bigint)
        #expect(out.rowCount == 0 && out.columns[0].count == 0 && rejects.isEmpty)
    }

    @Test("a column the source lacks is NULL, and every row is rejected when it is NOT NULL")
    func absentColumn() {
        let schema = Schema(columns: [
            Column(name: "a", type: .text, origin: .declared),
            Column(name: "b", type: .bigint, nullable: false, origin: .target),
        ])
        var out = TypedBatch(schema: schema)
        var rejects: [RejectedRecord] = []
        Typist(schema: schema, fieldIndex: [0, nil], limits: .none)
            .type(TypingFixtures.column(["x", "y"]), into: &out, rejects: &rejects)
        #expect(out.rowCount == 0)
        #expect(rejects.map(\.reason) == ["NULL in a column declared NOT NULL", "NULL in a column declared NOT NULL"])
        #expect(rejects.map(\.columnIndex) == [nil, nil])
    }

    @Test("dates around leap days and the calendar's ends type to the right day numbers")
    func dayNumbers() {
        let (out, rejects) = TypingFixtures.type(["1970-01-01", "1969-12-31", "2000-03-01", "2024-02-29", "1600-02-29"], as: .date)
        #expect(rejects.isEmpty)
        #expect(out.columns[0].ints == [0, -1, 11017, 19782, -135_081])
    }
}

@Suite("Typing against target column limits")
struct TypingLimitTests {
    private func type(_ column: Column, _ values: [String?]) -> (accepted: [String?], reasons: [String]) {
        var batch = RawBatch()
        for (i, v) in values.enumerated() {
            let start = batch.storage.count
            if let v {
                batch.storage.append(contentsOf: v.utf8)
                batch.appendField(start: start, length: batch.storage.count - start)
            } else {
                batch.appendField(start: start, length: -1)
            }
            batch.endRow(line: i + 1, recordStart: start, recordEnd: batch.storage.count)
        }
        let schema = Schema(columns: [column])
        var out = TypedBatch(schema: schema)
        var rejects: [RejectedRecord] = []
        Typist(schema: schema, fieldIndex: [0], limits: .none).type(batch, into: &out, rejects: &rejects)
        let accepted = (0..<out.rowCount).map { out.columns[0].isNull[$0] ? nil : ValueFormatter.text(out.columns[0], row: $0) }
        return (accepted, rejects.map(\.reason))
    }

    @Test("an int4 column rejects bigint values outside its range")
    func int4() {
        let c = Column(name: "n", type: .bigint, origin: .target, limit: .integerRange(min: -2147483648, max: 2147483647, typeName: "integer"))
        let r = type(c, ["2147483647", "2147483648", "-2147483649", nil])
        #expect(r.accepted == ["2147483647", nil])
        #expect(r.reasons == Array(repeating: "out of range for the target column's type integer", count: 2))
    }

    @Test("a varchar(3) column counts characters, not bytes")
    func varchar() {
        let c = Column(name: "s", type: .text, origin: .target, limit: .maxCharacters(3, typeName: "character varying(3)"))
        let r = type(c, ["abc", "żółw", "日本語", "abcd"])
        #expect(r.accepted == ["abc", "日本語"])
        #expect(r.reasons == Array(repeating: "longer than 3 characters, the most the target column's character varying(3) holds", count: 2))
    }

    @Test("a real column rejects doubles beyond single precision's range")
    func float4() {
        let c = Column(name: "f", type: .double, origin: .target, limit: .singlePrecision)
        let r = type(c, ["1.5", "1e39"])
        #expect(r.accepted == ["1.5"])
        #expect(r.reasons == ["out of range for the target column's type real"])
    }
}
