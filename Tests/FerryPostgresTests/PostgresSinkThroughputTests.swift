#if canImport(Glibc)
import Glibc
#endif
import FerryCore
@testable import FerryPostgres
import FerryTestSupport
import Foundation
import Testing

/// Measures load speed on 1M rows shaped like `bench/data/orders_*.csv` (`gen_csv.py`): run with
/// `FERRY_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter PostgresSinkThroughputTests`
/// (numbers in Docs/connectors/postgres.md).
@Suite("PostgreSQL sink throughput", .serialized, .enabled(if: getenv("FERRY_BENCH") != nil, "a benchmark: set FERRY_BENCH=1 and use a release build"))
struct PostgresSinkThroughputTests {
    static let totalRows = 1_000_000
    static let batchRows = 10_000

    /// gen_csv.py's TABLE_DDL.
    static let ddl = """
        CREATE TABLE orders (
          id bigint NOT NULL, customer text NOT NULL, comment text, qty integer NOT NULL, amount numeric(12,2) NOT NULL,
          active boolean NOT NULL, order_date date NOT NULL, created_at timestamptz NOT NULL, parent_id bigint, name text NOT NULL)
        """

    static let schema = Schema(columns: [
        Column(name: "id", type: .bigint, nullable: false, origin: .target),
        Column(name: "customer", type: .text, nullable: false, origin: .target),
        Column(name: "comment", type: .text, origin: .target),
        Column(name: "qty", type: .bigint, nullable: false, origin: .target, limit: .integerRange(min: -2_147_483_648, max: 2_147_483_647, typeName: "integer")),
        Column(name: "amount", type: .decimal(precision: 12, scale: 2), nullable: false, origin: .target),
        Column(name: "active", type: .boolean, nullable: false, origin: .target),
        Column(name: "order_date", type: .date, nullable: false, origin: .target),
        Column(name: "created_at", type: .timestamptz, nullable: false, origin: .target),
        Column(name: "parent_id", type: .bigint, origin: .target),
        Column(name: "name", type: .text, nullable: false, origin: .target),
    ])

    static let words = ["wrap", "gift", "refund", "delivery", "at", "standard", "order", "invoice", "arrival", "express",
                        "returned", "before", "box", "requested", "item", "front", "address", "please, call", "\"fragile\""]
    static let names = ["Анастасия González", "François Lefèvre", "William Смирнова", "Susan العلي", "Mary Nguyễn", "李 Kowalski",
                        "Zoë Müller", "Γιώργος Smith", "James 😀 Brown", "Patricia Østergård"]

    /// Batch `index` of the cycle; values vary like the generator's.
    static func batch(_ index: Int) -> TypedBatch {
        var batch = TypedBatch(schema: schema, capacity: batchRows)
        var rng = SplitMix(seed: UInt64(index + 1))
        let firstDay = Int64(CivilDate.days(year: 2019, month: 1, day: 1))
        let hex = Array("0123456789abcdef")
        for i in 0..<batchRows {
            let n = Int64(index * batchRows + i + 1)
            batch.columns[0].append(int: n)
            var uuid = ""
            for p in 0..<32 {
                if [8, 12, 16, 20].contains(p) { uuid.append("-") }
                uuid.append(hex[Int(rng.next() % 16)])
            }
            batch.columns[1].append(text: uuid)
            if rng.next() % 200 == 0 {
                batch.columns[2].append(text: "")
            } else {
                let count = 3 + Int(rng.next() % 8)
                batch.columns[2].append(text: (0..<count).map { _ in words[Int(rng.next() % UInt64(words.count))] }.joined(separator: " "))
            }
            batch.columns[3].append(int: rng.next() % 10 == 0 ? Int64(rng.next() % 100_000) : Int64(rng.next() % 40))
            batch.columns[4].append(text: "\(rng.next() % 100_000).\(String(rng.next() % 100).leftPadded(2))")
            batch.columns[5].append(int: Int64(rng.next() % 2))
            let day = firstDay + Int64(rng.next() % 2557)
            batch.columns[6].append(int: day)
            batch.columns[7].append(int: day * 86_400_000_000 + Int64(rng.next() % 86_400_000) * 1000)
            if rng.next() % 10 < 3 { batch.columns[8].appendNull() } else { batch.columns[8].append(int: Int64(rng.next() % UInt64(n)) + 1) }
            batch.columns[9].append(text: names[Int(rng.next() % UInt64(names.count))])
            batch.lines.append(Int(n) + 1)
        }
        return batch
    }

    static func peakRSSMegabytes() -> Int {
        var usage = rusage()
        getrusage(0, &usage)  // RUSAGE_SELF
        return Int(usage.ru_maxrss) / 1024
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// One timed load of every row into a fresh `orders` table.
    static func run(_ db: PostgresTestSchema, _ batches: [TypedBatch], format: CopyFormat, mode: LoadMode = .append) throws -> Double {
        try db.psql("DROP TABLE IF EXISTS orders; " + ddl)
        let started = ContinuousClock.now
        let sink = try db.sink("orders", format: format)
        try sink.begin(schema: schema, mode: mode, key: mode.needsKey ? ["id"] : [])
        #expect(sink.activeFormat == format)
        var written = 0
        for index in 0..<(totalRows / batchRows) { written += try sink.write(batches[index % batches.count]) }
        try sink.commit()
        let elapsed = seconds(ContinuousClock.now - started)
        #expect(written == totalRows)
        return elapsed
    }

    @Test("one million orders rows: binary and text COPY, three runs each")
    func formats() throws {
        let db = try PostgresTestSchema()
        let batches = (0..<8).map(Self.batch)
        var results: [CopyFormat: [Double]] = [:]
        for _ in 0..<3 {
            for format in [CopyFormat.binary, .text] {
                results[format, default: []].append(try Self.run(db, batches, format: format))
            }
        }
        #expect(try db.value("SELECT count(*) FROM orders") == String(Self.totalRows))
        for format in [CopyFormat.binary, .text] {
            let times = (results[format] ?? []).sorted()
            let median = times[times.count / 2]
            print("PostgreSQL sink \(format.rawValue) COPY: median \(String(format: "%.2f", median)) s = \(Int(Double(Self.totalRows) / median)) rows/s (runs: \(times.map { String(format: "%.2f", $0) }.joined(separator: ", ")))")
        }
        print("peak RSS \(Self.peakRSSMegabytes()) MB")
    }

    @Test("one million rows through upsert and replace")
    func stagingModes() throws {
        let db = try PostgresTestSchema()
        let batches = (0..<8).map(Self.batch)
        // Distinct keys for upsert: the batches above repeat ids across the cycle, which upsert
        // folds together, so this measures the merge on 80k distinct keys plus the staging COPY.
        for mode in [LoadMode.replace, .upsert] {
            try db.psql("DROP TABLE IF EXISTS orders; " + Self.ddl + "; ALTER TABLE orders ADD PRIMARY KEY (id)")
            let started = ContinuousClock.now
            let sink = try db.sink("orders")
            try sink.begin(schema: Self.schema, mode: mode, key: mode.needsKey ? ["id"] : [])
            for index in 0..<(Self.totalRows / Self.batchRows) { _ = try sink.write(batches[index % batches.count]) }
            try sink.commit()
            let elapsed = Self.seconds(ContinuousClock.now - started)
            print("PostgreSQL sink \(mode.rawValue): \(String(format: "%.2f", elapsed)) s = \(Int(Double(Self.totalRows) / elapsed)) rows/s")
        }
    }

    @Test("psql \\copy of the 1M-row CSV, for reference", .enabled(if: FileManager.default.fileExists(atPath: PostgresSinkThroughputTests.csv)))
    func psqlCopy() throws {
        let db = try PostgresTestSchema()
        var times: [Double] = []
        for _ in 0..<3 {
            try db.psql("DROP TABLE IF EXISTS orders; " + Self.ddl)
            let started = ContinuousClock.now
            try db.psql("\\copy orders FROM '\(Self.csv)' (FORMAT csv, HEADER true)")
            times.append(Self.seconds(ContinuousClock.now - started))
        }
        let median = times.sorted()[1]
        print("psql \\copy csv: median \(String(format: "%.2f", median)) s = \(Int(Double(Self.totalRows) / median)) rows/s")
    }

    static let csv = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("bench/data/orders_1000000.csv").path
}

/// A small deterministic generator (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
