import FerryTestSupport
import FerryCore
@testable import FerrySQLite
import Testing

@Suite("SQLite type mapping and value conversion")
struct SQLiteTypeMappingTests {
    @Test("declared types map back to Ferry types by name, then by SQLite's affinity rules", arguments: [
        ("INTEGER", ColumnType.bigint), ("int", .bigint), ("BIGINT", .bigint), ("SMALLINT", .bigint), ("UNSIGNED BIG INT", .bigint),
        ("REAL", .double), ("DOUBLE", .double), ("double precision", .double), ("FLOAT", .double),
        ("NUMERIC", .anyDecimal), ("DECIMAL", .anyDecimal), ("DECIMAL(12,2)", .decimal(precision: 12, scale: 2)),
        ("numeric( 10 , 3 )", .decimal(precision: 10, scale: 3)), ("DECIMAL(10)", .decimal(precision: 10, scale: 0)),
        ("DECIMAL(2,5)", .anyDecimal), ("BOOLEAN", .boolean), ("BOOL", .boolean), ("DATE", .date),
        ("TIMESTAMP", .timestamp), ("DATETIME", .timestamp), ("TIMESTAMPTZ", .timestamptz), ("UUID", .uuid), ("JSON", .json),
        ("TEXT", .text), ("VARCHAR(20)", .text), ("CHARACTER(4)", .text), ("CLOB", .text), ("BLOB", .text), ("", .text), ("MONEY", .text),
    ])
    func reverseMapping(declared: String, expected: ColumnType) {
        #expect(SQLiteTypeMapping.columnType(declared: declared) == expected)
    }

    @Test("every Ferry type maps to a declared type that maps back to it", arguments: [
        ColumnType.bigint, .anyDecimal, .decimal(precision: 18, scale: 4), .double, .boolean, .date, .timestamp, .timestamptz, .uuid, .json, .text,
    ])
    func forwardMapping(type: ColumnType) {
        #expect(SQLiteTypeMapping.columnType(declared: SQLiteTypeMapping.declaredType(for: type)) == type)
    }

    @Test("canonical decimals bind as INTEGER when integral and in range, else as the nearest REAL", arguments: [
        ("0", SQLiteDecimal.integer(0)), ("-0", .integer(0)), ("7", .integer(7)), ("-12", .integer(-12)), ("12.00", .integer(12)),
        ("100", .integer(100)), ("9223372036854775807", .integer(.max)), ("-9223372036854775808", .integer(.min)),
        ("9223372036854775808", .real(9223372036854775808.0)), ("12.30", .real(12.3)), ("-0.5", .real(-0.5)),
        ("0.000123", .real(0.000123)), ("99999999999999.9", .real(99999999999999.9)), ("100.05", .real(100.05)),
        ("123456789012345.6789", .real(123456789012345.6789)), ("1.5000000000000000000000", .real(1.5)),
    ])
    func decimalBinding(text: String, expected: SQLiteDecimal) {
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBufferPointer { b in b.baseAddress.flatMap { SQLiteDecimal.parse($0, count: b.count) } } == expected)
    }

    @Test("non-canonical decimal texts are refused", arguments: ["", "-", ".5", "1.", "1e5", "1,5", " 1", "--1", "1.2.3", "0x10"])
    func decimalRefused(text: String) {
        let bytes = Array(text.utf8) + [0]
        #expect(bytes.withUnsafeBufferPointer { b in b.baseAddress.flatMap { SQLiteDecimal.parse($0, count: b.count - 1) } } == nil)
    }

    @Test("doubles print without an exponent in decimal columns", arguments: [
        ("1e+20", "100000000000000000000"), ("-1.5e-07", "-0.00000015"), ("1.2345e+16", "12345000000000000"),
        ("12.5", "12.5"), ("7", "7"), ("1.25e+2", "125"), ("3.5e-1", "0.35"),
    ])
    func plainDecimal(text: String, expected: String) {
        #expect(SQLiteRowRenderer.plainDecimal(text) == expected)
    }

    @Test("identifiers are double-quoted with inner quotes doubled")
    func quoting() {
        #expect(SQLiteSQL.quoted("t") == "\"t\"")
        #expect(SQLiteSQL.quoted(#"a "b" c"#) == #""a ""b"" c""#)
        #expect(SQLiteSQL.quoted("列") == "\"列\"")
    }

    @Test("the linked SQLite library reports its version")
    func version() {
        let parts = SQLiteLibrary.version.split(separator: ".")
        #expect(parts.count == 3)
        #expect(parts.first == "3")
    }
}
