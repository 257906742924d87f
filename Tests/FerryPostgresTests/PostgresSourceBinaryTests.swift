import FerryCore
@testable import FerryPostgres
import FerryTestSupport
import Testing

/// `PostgresSource` reading binary COPY gives exactly what it reads from text COPY: the same field
/// texts and the same records, for every type it decodes, edge values included.
@Suite("PostgreSQL source binary COPY")
struct PostgresSourceBinaryTests {
    func source(_ url: String, query: String, binary: Bool) throws -> PostgresSource {
        try PostgresSource(endpoint: PostgresEndpoint(connection: Secret(url), query: query), batchSize: 7, binary: binary)
    }

    /// Every row as (field texts, record), reading to the end.
    func readAll(_ source: PostgresSource) throws -> [([String?], [UInt8])] {
        var out: [([String?], [UInt8])] = []
        while let chunk = try source.next() {
            let rows = chunk.rows
            for r in 0 ..< rows.rowCount {
                out.append(((0 ..< rows.fieldCount(row: r)).map { rows.text(row: r, column: $0) }, Array(rows.record(row: r))))
            }
        }
        return out
    }

    /// Reads `query` both ways and expects the same rows; returns them.
    @discardableResult
    func expectSame(_ url: String, _ query: String) throws -> [([String?], [UInt8])] {
        let binary = try source(url, query: query, binary: true)
        let text = try source(url, query: query, binary: false)
        #expect(binary.readsBinary)
        #expect(!text.readsBinary)
        let fromBinary = try readAll(binary)
        let fromText = try readAll(text)
        #expect(fromBinary.count == fromText.count)
        for (b, t) in zip(fromBinary, fromText) {
            #expect(b.0 == t.0)
            #expect(String(decoding: b.1, as: UTF8.self) == String(decoding: t.1, as: UTF8.self))
        }
        return fromText
    }

    /// (type, values): each column gets its values down the rows, NULL after they run out.
    static let columns: [(String, [String])] = [
        ("smallint", ["-32768", "32767", "0", "-1"]),
        ("integer", ["-2147483648", "2147483647", "7"]),
        ("bigint", ["-9223372036854775808", "9223372036854775807", "0", "1000000"]),
        ("double precision", ["0.1", "1e15", "123456789012345", "1e-5", "0.0001", "5e-324", "1.7976931348623157e308",
                              "'-0'", "'NaN'", "'Infinity'", "'-Infinity'", "0.30000000000000004", "1e22", "100",
                              "-1.5e-300", "2.5"]),
        ("numeric", ["0", "-0.5", "12345678901234567890.000100", "0.00000001", "0.00000000000000000001", "10000",
                     "9999.9999", "'NaN'", "'Infinity'", "'-Infinity'", "1e100", "1.5000000", "-10000.0001", "0.0"]),
        ("numeric(12,2)", ["99999.99", "-0.01", "0", "1234567890.10"]),
        ("boolean", ["true", "false"]),
        ("date", ["'4713-01-01 BC'", "'0001-12-31 BC'", "'0001-01-01'", "'1999-12-31'", "'2000-01-01'", "'2000-03-01'",
                  "'9999-12-31'", "'10000-01-01'", "'5874897-12-31'", "'infinity'", "'-infinity'", "'1970-01-01'",
                  "'1900-02-28'", "'2024-02-29'"]),
        ("timestamp", ["'4713-01-01 00:00:00 BC'", "'0044-03-15 12:00:00.5 BC'", "'1999-12-31 23:59:59.999999'",
                       "'2000-01-01 00:00:00'", "'1969-12-31 23:59:59.000001'", "'294276-12-31 23:59:59.999999'",
                       "'infinity'", "'-infinity'", "'2024-02-29 12:34:56.1'", "'1900-01-01 00:00:00.010'"]),
        ("timestamptz", ["'2019-05-02 18:24:40.238+02'", "'0001-01-01 00:00:00+00'", "'0001-01-01 00:00:00+00 BC'",
                         "'1999-12-31 23:59:59.999999-08'", "'infinity'", "'-infinity'", "'2000-01-01 00:00:00.5+00'",
                         "'12345-06-07 08:09:10+00'"]),
        ("uuid", ["'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'", "'00000000-0000-0000-0000-000000000000'",
                  "'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF'"]),
        ("json", ["'{\"a\": \"x\\\\ty\", \"b\": [1, 2.50]}'", "'[1,\n2]'", "'\"back\\\\\\\\slash\"'", "'null'"]),
        ("jsonb", ["'{\"b\": 1, \"a\": \"x\\\\ny\"}'", "'[]'", "'\"tab\\\\there\"'", "'{\"k\": \"\\\\\\\\\"}'"]),
        ("text", ["E'a\\tb'", "E'line\\nbreak\\r\\n'", "E'back\\\\slash\\\\'", "E'\\\\N'", "E'\\b\\f\\x0b\\x01end'",
                  "''", "'Zoë Łukasz 東京 🙂'", "E'long field with one \\\\ backslash past eight bytes\\t'"]),
        ("varchar(5)", ["'abc'", "''", "E'a\\tb'"]),
        ("char(3)", ["'ab'", "'abc'"]),
    ]

    /// Table `t` of `schema`: `n`, a column `c<i>` per entry of `columns` with its values down
    /// the rows (NULL after they run out, all NULL in the last row), and a domain column `d`;
    /// returns the number of rows but the last.
    static func createEdgeTable(_ url: String, _ schema: String) throws -> Int {
        _ = try PostgresTestServer.psql(
            """
            CREATE DOMAIN \(schema).positive AS integer CHECK (VALUE > 0);
            CREATE TABLE \(schema).t (n int, \(columns.indices.map { "c\($0) \(columns[$0].0)" }.joined(separator: ", ")),
                                      d \(schema).positive);
            """, url: url)
        let rows = columns.map(\.1.count).max() ?? 0
        var inserts: [String] = []
        for r in 0 ... rows {
            let values = columns.map { r < $0.1.count ? $0.1[r] : "NULL" }
            inserts.append("(\(r), \(values.joined(separator: ", ")), \(r + 1))")
        }
        _ = try PostgresTestServer.psql("INSERT INTO \(schema).t VALUES \(inserts.joined(separator: ",\n"));", url: url)
        return rows
    }

    @Test("binary and text COPY give the same fields and records for every type with a binary decoding")
    func sameAsText() throws {
        let (url, schema) = try PostgresTestServer.freshSchema()
        let rows = try Self.createEdgeTable(url, schema)
        let read = try expectSame(url, "SELECT * FROM \(schema).t ORDER BY n")
        #expect(read.count == rows + 1)
        // Spot checks that the values are PostgreSQL's texts, not merely equal both ways.
        #expect(read[0].0[8] == "4713-01-01 BC")
        #expect(read[1].0[4] == "1e+15")
        #expect(read[3].0[4] == "1e-05")
        #expect(read.last?.0.dropFirst().dropLast().allSatisfy { $0 == nil } == true)
    }

    @Test("random doubles read back as the same doubles both ways, nearly always with the same digits")
    func randomDoubles() throws {
        let (url, schema) = try PostgresTestServer.freshSchema()
        var generator = SystemRandomNumberGenerator()
        var values: [String] = []
        while values.count < 3000 {
            let d = Double(bitPattern: generator.next())
            let f = Float(bitPattern: UInt32(truncatingIfNeeded: generator.next()))
            guard d.isNormal, f.isNormal else { continue }
            values.append("(\(values.count), '\(d)', '\(Double(f))')")
        }
        _ = try PostgresTestServer.psql(
            """
            CREATE TABLE \(schema).f (n int, d float8, r float8);
            INSERT INTO \(schema).f VALUES \(values.joined(separator: ", "));
            """, url: url)
        let query = "SELECT d, r, d / 3, r * 2 FROM \(schema).f ORDER BY n"
        let binary = try readAll(source(url, query: query, binary: true))
        let text = try readAll(source(url, query: query, binary: false))
        #expect(binary.count == 3000 && text.count == 3000)
        var differing = 0
        for (b, t) in zip(binary, text) {
            for (x, y) in zip(b.0, t.0) where x != y {
                differing += 1
                #expect(Double(x ?? "").map(\.bitPattern) == Double(y ?? "").map(\.bitPattern), "\(x ?? "nil") vs \(y ?? "nil")")
            }
        }
        // Boundary cases (mostly doubles made from floats, past 2^53) are the only differences.
        #expect(differing < 12_000 / 10)
    }

    @Test("a real column reads the text format: its digits must be PostgreSQL's own")
    func realColumn() throws {
        let (url, _) = try PostgresTestServer.freshSchema()
        let source = try source(url, query: "SELECT 1 AS a, real '-7.8750403e+09' AS r", binary: true)
        #expect(!source.readsBinary)
        #expect(try readAll(source).map(\.0) == [["1", "-7.8750403e+09"]])
    }

    @Test("a query with a type without binary decoding reads the text format")
    func fallback() throws {
        let (url, _) = try PostgresTestServer.freshSchema()
        let source = try source(url, query: "SELECT 1 AS a, interval '1 day' AS b", binary: true)
        #expect(!source.readsBinary)
        #expect(try readAll(source).map(\.0) == [["1", "1 day"]])
    }

    @Test("an empty result reads no rows")
    func empty() throws {
        let (url, _) = try PostgresTestServer.freshSchema()
        let source = try source(url, query: "SELECT 1 AS a WHERE false", binary: true)
        #expect(source.readsBinary)
        #expect(try source.next() == nil)
        #expect(source.bytesRead == 21)
    }
}

/// The binary COPY decoder on messages built by hand.
@Suite("PostgreSQL source binary rows")
struct PostgresSourceBinaryRowsTests {
    static let header: [UInt8] = [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]

    static func int16(_ v: Int16) -> [UInt8] { withUnsafeBytes(of: v.bigEndian, Array.init) }
    static func int32(_ v: Int32) -> [UInt8] { withUnsafeBytes(of: v.bigEndian, Array.init) }

    /// A tuple of an int4 and a text (nil: NULL).
    static func tuple(_ n: Int32?, _ s: String?) -> [UInt8] {
        var out = int16(2)
        if let n { out += int32(4) + int32(n) } else { out += int32(-1) }
        if let s { out += int32(Int32(s.utf8.count)) + Array(s.utf8) } else { out += int32(-1) }
        return out
    }

    func feed(_ messages: [[UInt8]]) throws(PostgresBinaryRows.Problem) -> RawBatch {
        guard var rows = PostgresBinaryRows(baseTypes: [PostgresTypeMapping.OID.int4, PostgresTypeMapping.OID.text]) else {
            throw .header
        }
        var batch = RawBatch()
        var line = 0
        for message in messages {
            // A buffer of exactly the message's bytes, as `PQgetCopyData` hands it over.
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(message.count, 1), alignment: 1)
            defer { buffer.deallocate() }
            buffer.copyBytes(from: message)
            try rows.append(UnsafeRawBufferPointer(rebasing: buffer[0 ..< message.count]), line: &line, to: &batch)
        }
        #expect(rows.ended)
        return batch
    }

    @Test("tuples become the text COPY line: NULL as \\N, escapes in the record, the plain value as the field")
    func rows() throws {
        let batch = try feed([Self.header + Self.tuple(-7, "a\tb\\"), Self.tuple(nil, ""), Self.tuple(42, nil), Self.int16(-1)])
        #expect(batch.rowCount == 3)
        #expect(batch.rowLine == [1, 2, 3])
        #expect(batch.text(row: 0, column: 0) == "-7")
        #expect(batch.text(row: 0, column: 1) == "a\tb\\")
        #expect(String(decoding: batch.record(row: 0), as: UTF8.self) == "-7\ta\\tb\\\\")
        #expect(batch.text(row: 1, column: 0) == nil)
        #expect(batch.text(row: 1, column: 1) == "")
        #expect(String(decoding: batch.record(row: 1), as: UTF8.self) == "\\N\t")
        #expect(String(decoding: batch.record(row: 2), as: UTF8.self) == "42\t\\N")
    }

    @Test("a damaged header, OIDs, a wrong field count, a cut tuple, a bad value or data after the end are problems")
    func problems() {
        #expect(throws: PostgresBinaryRows.Problem.header) { try feed([[0x50, 0x47] + Array(repeating: 0, count: 17)]) }
        // Flag bit 16: tuples with OIDs, which would shift every field.
        #expect(throws: PostgresBinaryRows.Problem.header) {
            try feed([Array(Self.header[0 ..< 11]) + Self.int32(1 << 16) + Self.int32(0) + Self.tuple(1, "x")])
        }
        #expect(throws: PostgresBinaryRows.Problem.fieldCount(found: 1)) { try feed([Self.header + Self.int16(1) + Self.int32(-1)]) }
        #expect(throws: PostgresBinaryRows.Problem.truncated) { try feed([Self.header + Array(Self.tuple(1, "abc").dropLast())]) }
        #expect(throws: PostgresBinaryRows.Problem.value(column: 0)) {
            try feed([Self.header + Self.int16(2) + Self.int32(3) + [0, 0, 1] + Self.int32(-1)])
        }
        #expect(throws: PostgresBinaryRows.Problem.truncated) { try feed([Self.header + Self.int16(-1) + Self.tuple(1, "x")]) }
    }
}
