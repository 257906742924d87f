import FerryCore
@testable import FerryPostgres
import FerryTestSupport
import Testing

/// The binary numeric encoder, byte by byte and against the server.
@Suite("PostgreSQL binary numeric")
struct PostgresNumericTests {
    /// The field `appendField` writes for `text`, as (ndigits, weight, sign, dscale, digits), or
    /// nil when it refuses the text.
    static func encode(_ text: String) -> (ndigits: Int, weight: Int, sign: Int, dscale: Int, digits: [Int])? {
        let buffer = CopyBuffer(capacity: 64)
        let bytes = Array(text.utf8)
        let ok = bytes.withUnsafeBufferPointer { p in
            PostgresNumeric.appendField(p.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: p.count, to: buffer)
        }
        guard ok else {
            #expect(buffer.count == 0, "a refused value must write nothing")
            return nil
        }
        let raw = Array(buffer.bytes)
        func int16(_ at: Int) -> Int { Int(Int16(bitPattern: UInt16(raw[at]) << 8 | UInt16(raw[at + 1]))) }
        let length = Int(raw[0]) << 24 | Int(raw[1]) << 16 | Int(raw[2]) << 8 | Int(raw[3])
        #expect(length == raw.count - 4)
        let ndigits = Int(UInt16(raw[4]) << 8 | UInt16(raw[5]))
        return (ndigits, int16(6), Int(UInt16(raw[8]) << 8 | UInt16(raw[9])), Int(UInt16(raw[10]) << 8 | UInt16(raw[11])),
                (0..<ndigits).map { int16(12 + 2 * $0) })
    }

    @Test("canonical decimals become base-10000 digits with weight, sign and scale", arguments: [
        ("0", 0, 0, 0, [Int]()),
        ("0.00", 0, 0, 2, []),
        ("-0.00", 0, 0, 2, []),
        ("7", 0, 0, 0, [7]),
        ("12.30", 0, 0, 2, [12, 3000]),
        ("-0.0001", -1, 0x4000, 4, [1]),
        ("0.00000001", -2, 0, 8, [1]),
        ("100000000", 2, 0, 0, [1]),
        ("10000.5", 1, 0, 1, [1, 0, 5000]),
        ("-123456789.987654321", 2, 0x4000, 9, [1, 2345, 6789, 9876, 5432, 1000]),
        ("9999", 0, 0, 0, [9999]),
        ("0.1", -1, 0, 1, [1000]),
    ])
    func layout(text: String, weight: Int, sign: Int, dscale: Int, digits: [Int]) throws {
        let field = try #require(Self.encode(text))
        #expect(field.weight == weight)
        #expect(field.sign == sign)
        #expect(field.dscale == dscale)
        #expect(field.digits == digits)
        #expect(field.ndigits == digits.count)
    }

    @Test("text that is not a canonical decimal is refused", arguments: ["", "-", ".5", "5.", "1e5", "1,5", "+1", "--1", "1.2.3", " 1", "NaN"])
    func refused(text: String) {
        #expect(Self.encode(text) == nil)
    }

    @Test("scales beyond PostgreSQL's 16383 digits are refused")
    func hugeScale() {
        #expect(Self.encode("0." + String(repeating: "1", count: 16383)) != nil)
        #expect(Self.encode("0." + String(repeating: "1", count: 16384)) == nil)
    }

    @Test("edge-case decimals round-trip through binary COPY exactly as PostgreSQL prints them")
    func serverRoundTrip() throws {
        let db = try PostgresTestSchema()
        var values = [
            "0", "0.0", "-0.5", "0.0001", "-0.0001", "0.00000001", "1", "-1", "9999", "10000", "10001", "99999999",
            "100000000", "12.30", "-12.30", "3.14159265358979323846264338327950288419716939937510",
            "123456789012345678901234567890.000000000000000000001", "0." + String(repeating: "0", count: 40) + "1",
            String(repeating: "9", count: 1000), "-" + String(repeating: "9", count: 500) + "." + String(repeating: "9", count: 500),
            "1" + String(repeating: "0", count: 2000), "0.5000", "500.0050",
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let intDigits = Int.random(in: 0...30, using: &generator)
            let fracDigits = Int.random(in: 0...30, using: &generator)
            var text = Bool.random(using: &generator) ? "-" : ""
            text += intDigits == 0 ? "0" : String(Int.random(in: 1...9, using: &generator)) + String((1..<intDigits).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
            if fracDigits > 0 { text += "." + String((0..<fracDigits).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) }) }
            if text.allSatisfy({ $0 == "-" || $0 == "0" || $0 == "." }) { text = text.replacingOccurrences(of: "-", with: "") }
            values.append(text)
        }
        try db.psql("CREATE TABLE n (i bigint, v numeric)")
        let schema = testSchema([("i", .bigint), ("v", .anyDecimal)])
        let sink = try db.sink("n")
        let rows: [[TestValue?]] = values.enumerated().map { [.int(Int64($0.offset)), .text($0.element)] }
        try load(sink, schema, mode: .append, [testBatch(schema, rows)])
        let expected = values.map { $0.hasPrefix("-") && $0.allSatisfy({ $0 == "-" || $0 == "0" || $0 == "." }) ? String($0.dropFirst()) : $0 }
        #expect(try db.values("v", from: "n", orderBy: "i") == expected.map { Optional($0) })
    }

    @Test("a decimal too precise for a numeric(p,s) column fails with the column's name and no value")
    func typmodOverflow() throws {
        let db = try PostgresTestSchema()
        try db.psql("CREATE TABLE m (v numeric(5,2))")
        let schema = testSchema([("v", .decimal(precision: 5, scale: 2))])
        let sink = try db.sink("m")
        let error = try #require(ferryError { try load(sink, schema, mode: .append, [testBatch(schema, [[.text("98765.43")]], firstLine: 7)]) })
        #expect(error.code == .targetWrite)
        #expect(error.driver?.code == "22003")
        #expect(!error.message.contains("98765"))
        #expect(error.message.contains("source line 7"), "\(error.message)")
        #expect(try db.value("SELECT count(*) FROM m") == "0")
    }
}
