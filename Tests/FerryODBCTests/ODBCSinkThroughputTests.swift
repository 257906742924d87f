#if canImport(Glibc)
import Glibc
#endif
import FerryCore
@testable import FerryODBC
import FerryTestSupport
import Foundation
import Testing

/// Measures loads into PostgreSQL through psqlODBC — the sink's default (multi-row INSERTs of
/// column-wise bound parameters, one per `SQLExecute` with psqlODBC), parameter arrays of
/// multi-row and of one-row INSERTs — against row-by-row execution (`SQL_ATTR_PARAMSET_SIZE` 1,
/// one row per statement) through the same driver, on the rows of a
/// `../shared/bench/gen_csv.py` file parsed into typed batches before the clock starts (the sink
/// alone is timed, `begin` to `commit`). Run by `bench/odbc_load.py`, or:
///
///     FERRY_BENCH=1 FERRY_TEST_PG_URL=… swift test -c release -Xswiftc -enable-testing --filter ODBCSinkThroughputTests
///
/// Settings (environment): `FERRY_ODBC_BENCH_CSV` (default `bench/data/orders_1000000.csv`),
/// `FERRY_ODBC_BENCH_ROWS` (rows loaded with arrays, default 200000),
/// `FERRY_ODBC_BENCH_ROW_BY_ROW_ROWS` (default 20000), `FERRY_ODBC_BENCH_REPEAT` (default 3),
/// `FERRY_ODBC_BENCH_ROWS_PER_STATEMENT` (rows per INSERT of the default case; default: the dialect's),
/// `FERRY_ODBC_BENCH_ATTRIBUTES` (psqlODBC attributes appended to the connection string). Prints one `ODBC bench:` line per case.
@Suite("ODBC sink throughput", .serialized, .enabled(if: getenv("FERRY_BENCH") != nil, "a benchmark: set FERRY_BENCH=1 and use a release build"))
struct ODBCSinkThroughputTests {
    static let ddl = """
        CREATE TABLE orders (
          id bigint NOT NULL, customer text NOT NULL, comment text, qty integer NOT NULL, amount numeric(12,2) NOT NULL,
          active boolean NOT NULL, order_date date NOT NULL, created_at timestamptz NOT NULL, parent_id bigint, name text NOT NULL)
        """

    static let schema = Schema(columns: [
        Column(name: "id", type: .bigint, nullable: false, origin: .target),
        Column(name: "customer", type: .text, nullable: false, origin: .target),
        Column(name: "comment", type: .text, origin: .target),
        Column(name: "qty", type: .bigint, nullable: false, origin: .target),
        Column(name: "amount", type: .decimal(precision: 12, scale: 2), nullable: false, origin: .target),
        Column(name: "active", type: .boolean, nullable: false, origin: .target),
        Column(name: "order_date", type: .date, nullable: false, origin: .target),
        Column(name: "created_at", type: .timestamptz, nullable: false, origin: .target),
        Column(name: "parent_id", type: .bigint, origin: .target),
        Column(name: "name", type: .text, nullable: false, origin: .target),
    ])

    static func setting(_ name: String, _ fallback: Int) -> Int {
        getenv(name).flatMap { Int(String(cString: $0)) } ?? fallback
    }

    @Test("orders rows into PostgreSQL through psqlODBC: parameter arrays against row by row")
    func arraysAgainstRowByRow() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let csv = getenv("FERRY_ODBC_BENCH_CSV").map { String(cString: $0) } ?? root.appendingPathComponent("bench/data/orders_1000000.csv").path
        let arrayRows = Self.setting("FERRY_ODBC_BENCH_ROWS", 200_000)
        let singleRows = Self.setting("FERRY_ODBC_BENCH_ROW_BY_ROW_ROWS", 20_000)
        let repeats = Self.setting("FERRY_ODBC_BENCH_REPEAT", 3)
        let batches = try GenCSV.batches(path: csv, rows: max(arrayRows, singleRows), schema: Self.schema, batchRows: 10_000)
        let db = try ODBCPostgresDatabase(extra: getenv("FERRY_ODBC_BENCH_ATTRIBUTES").map { String(cString: $0) } ?? "")
        var results: [(String, Int, Double)] = []
        let perStatement = getenv("FERRY_ODBC_BENCH_ROWS_PER_STATEMENT").flatMap { Int(String(cString: $0)) }
        // (label, rows per SQLExecute, rows per INSERT, rows): nil is the sink's default.
        let cases: [(String, Int?, Int?, Int)] = [
            ("default: multi-row INSERTs, one per SQLExecute", nil, perStatement, arrayRows),
            ("parameter arrays: PARAMSET_SIZE 15 of 64-row INSERTs", 960, 64, arrayRows),
            ("parameter arrays: PARAMSET_SIZE 1000 of one-row INSERTs", 1000, 1, arrayRows),
            ("row by row", 1, 1, singleRows),
        ]
        for (label, perExecution, perStatement, rows) in cases {
            var times: [Double] = []
            for _ in 0..<repeats {
                try db.psql("DROP TABLE IF EXISTS orders; " + Self.ddl)
                let sink = try db.sink("orders")
                sink.rowsPerExecution = perExecution
                sink.rowsPerStatement = perStatement
                let started = ContinuousClock.now
                try sink.begin(schema: Self.schema, mode: .append, key: [])
                var written = 0
                for batch in Self.prefix(batches, rows: rows) { written += try sink.write(batch) }
                _ = try sink.finish()
                try sink.commit()
                let elapsed = ContinuousClock.now - started
                times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
                #expect(written == rows)
            }
            #expect(try db.psql("SELECT count(*) FROM orders") == String(rows))
            let median = times.sorted()[times.count / 2]
            results.append((label, rows, median))
            print("ODBC bench: \(label): \(rows) rows, median \(String(format: "%.3f", median)) s = \(Int(Double(rows) / median)) rows/s (runs: \(times.map { String(format: "%.3f", $0) }.joined(separator: ", ")))")
        }
        if let single = results.last {
            for result in results.dropLast() {
                let ratio = (Double(result.1) / result.2) / (Double(single.1) / single.2)
                print("ODBC bench: ratio \(result.0) / row by row: \(String(format: "%.1f", ratio))x")
            }
        }
    }

    /// The first `rows` rows of `batches`, cutting the last batch.
    static func prefix(_ batches: [TypedBatch], rows: Int) -> [TypedBatch] {
        var out: [TypedBatch] = []
        var left = rows
        for batch in batches where left > 0 {
            if batch.rowCount <= left {
                out.append(batch)
                left -= batch.rowCount
            } else {
                var cut = TypedBatch(schema: schema, capacity: left)
                for row in 0..<left { GenCSV.copyRow(row, from: batch, into: &cut) }
                out.append(cut)
                left = 0
            }
        }
        return out
    }
}

/// Reads `gen_csv.py`'s CSV (RFC 4180, `""` for empty text, an unquoted empty field for NULL)
/// into typed batches of the orders schema. Test-only: the benchmark times the sink, not this.
enum GenCSV {
    static func batches(path: String, rows: Int, schema: Schema, batchRows: Int) throws -> [TypedBatch] {
        guard let bytes = TemporaryDirectory.read(path: path) else {
            throw PostgresTestServerError("\(path) is missing: make it with ../shared/bench/gen_csv.py --rows 1000000 --seed 42 -o \(path)")
        }
        var batches: [TypedBatch] = []
        var batch = TypedBatch(schema: schema, capacity: batchRows)
        var fields: [(text: String, quoted: Bool)] = []
        var field: [UInt8] = []
        var quoted = false
        var inQuotes = false
        var line = 1
        var header = true
        var i = 0
        var count = 0
        func endRecord() {
            defer { fields.removeAll(keepingCapacity: true) }
            if header { header = false; return }
            append(fields, line: line, to: &batch)
            count += 1
            if batch.rowCount == batchRows {
                batches.append(batch)
                batch = TypedBatch(schema: schema, capacity: batchRows)
            }
        }
        while i < bytes.count, count < rows {
            let byte = bytes[i]
            if inQuotes {
                if byte == 0x22 {
                    if i + 1 < bytes.count, bytes[i + 1] == 0x22 { field.append(0x22); i += 1 } else { inQuotes = false }
                } else {
                    field.append(byte)
                }
            } else if byte == 0x22 {
                inQuotes = true
                quoted = true
            } else if byte == 0x2C || byte == 0x0A {
                fields.append((String(decoding: field, as: UTF8.self), quoted))
                field.removeAll(keepingCapacity: true)
                quoted = false
                if byte == 0x0A {
                    endRecord()
                    line += 1
                }
            } else if byte != 0x0D {
                field.append(byte)
            }
            i += 1
        }
        if batch.rowCount > 0 { batches.append(batch) }
        return batches
    }

    private static func append(_ f: [(text: String, quoted: Bool)], line: Int, to batch: inout TypedBatch) {
        func int(_ text: String) -> Int64 { Int64(text) ?? 0 }
        batch.columns[0].append(int: int(f[0].text))
        batch.columns[1].append(text: f[1].text)
        if f[2].text.isEmpty && !f[2].quoted { batch.columns[2].appendNull() } else { batch.columns[2].append(text: f[2].text) }
        batch.columns[3].append(int: int(f[3].text))
        batch.columns[4].append(text: f[4].text)
        batch.columns[5].append(int: f[5].text == "true" ? 1 : 0)
        batch.columns[6].append(int: days(f[6].text))
        batch.columns[7].append(int: instant(f[7].text))
        if f[8].text.isEmpty { batch.columns[8].appendNull() } else { batch.columns[8].append(int: int(f[8].text)) }
        batch.columns[9].append(text: f[9].text)
        batch.lines.append(line)
    }

    /// `YYYY-MM-DD` as days since 1970-01-01.
    private static func days(_ text: String) -> Int64 {
        let p = text.split(separator: "-").compactMap { Int($0) }
        return p.count == 3 ? Int64(CivilDate.days(year: p[0], month: p[1], day: p[2])) : 0
    }

    /// `YYYY-MM-DDTHH:MM:SS.fff±HH:MM` as microseconds since 1970 UTC.
    private static func instant(_ text: String) -> Int64 {
        let u = Array(text.utf8)
        guard u.count == 29 else { return 0 }
        func n(_ a: Int, _ b: Int) -> Int64 { Int64(String(decoding: u[a..<b], as: UTF8.self)) ?? 0 }
        let local = days(String(decoding: u[0..<10], as: UTF8.self)) * 86_400_000_000
            + n(11, 13) * 3_600_000_000 + n(14, 16) * 60_000_000 + n(17, 19) * 1_000_000 + n(20, 23) * 1000
        let offset = (n(24, 26) * 3600 + n(27, 29) * 60) * 1_000_000
        return u[23] == 0x2B ? local - offset : local + offset
    }

    static func copyRow(_ row: Int, from batch: TypedBatch, into out: inout TypedBatch) {
        for (index, column) in batch.columns.enumerated() {
            if column.isNull[row] { out.columns[index].appendNull(); continue }
            switch column.type.storage {
            case .int64: out.columns[index].append(int: column.ints[row])
            case .float64: out.columns[index].append(double: column.doubles[row])
            case .bytes: out.columns[index].append(text: column.text(at: row) ?? "")
            }
        }
        out.lines.append(batch.lines[row])
    }
}
