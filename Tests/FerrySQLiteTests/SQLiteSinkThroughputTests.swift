#if canImport(Glibc)
import FerryTestSupport
import Glibc
#endif
import FerryCore
@testable import FerrySQLite
import Testing

/// Measures load speed; run with `FERRY_BENCH=1 swift test -c release -Xswiftc -enable-testing
/// --filter SQLiteSinkThroughputTests` (numbers in Docs/connectors/sqlite.md).
@Suite("SQLite sink throughput", .serialized, .enabled(if: getenv("FERRY_BENCH") != nil, "a benchmark: set FERRY_BENCH=1 and use a release build"))
struct SQLiteSinkThroughputTests {
    static let totalRows = 1_000_000
    static let batchRows = 10_000

    /// Ten columns of the common types: ids, amounts, names, flags, dates, timestamps, uuids.
    static let schema = testSchema([
        ("id", .bigint), ("amount", .decimal(precision: 12, scale: 2)), ("price", .double), ("name", .text), ("active", .boolean),
        ("born", .date), ("seen", .timestamp), ("key", .uuid), ("city", .text), ("visits", .bigint),
    ])

    static func batch(_ index: Int) -> TypedBatch {
        var batch = TypedBatch(schema: schema, capacity: batchRows)
        let cities = ["Lisbon", "Oslo", "Kyoto", "Quito", "Accra"]
        for i in 0..<batchRows {
            let n = index * batchRows + i
            batch.columns[0].append(int: Int64(n))
            batch.columns[1].append(text: "\(n % 100000).\(n % 100)")
            batch.columns[2].append(double: Double(n) * 0.25)
            batch.columns[3].append(text: "customer number \(n)")
            batch.columns[4].append(int: Int64(n & 1))
            batch.columns[5].append(int: Int64(n % 20000))
            batch.columns[6].append(int: Int64(n) * 1_000_003)
            batch.columns[7].append(text: "0190a3c4-5b6d-7e8f-9a0b-\(String(100_000_000_000 + n))")
            if n % 10 == 0 { batch.columns[8].appendNull() } else { batch.columns[8].append(text: cities[n % 5]) }
            batch.columns[9].append(int: Int64(n % 1000))
            batch.lines.append(n + 2)
        }
        return batch
    }

    static func peakRSSMegabytes() -> Int {
        var usage = rusage()
        getrusage(0, &usage)  // RUSAGE_SELF is 0 on Linux and Darwin; Glibc imports it as an enum
        // ru_maxrss is in KiB on Linux.
        return Int(usage.ru_maxrss) / 1024
    }

    @Test("one million rows of ten typed columns load through the public sink")
    func publicSink() throws {
        // A few distinct batches, cycled: memory stays what a streaming load holds.
        let batches = (0..<4).map(Self.batch)
        let db = SQLiteTestDatabase()
        let started = ContinuousClock.now
        let sink = try db.sink("bench")
        try sink.begin(schema: Self.schema, mode: .create, key: [])
        var written = 0
        for index in 0..<(Self.totalRows / Self.batchRows) { written += try sink.write(batches[index % batches.count]) }
        try sink.commit()
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("SQLite sink: \(written) rows in \(seconds) s = \(Int(Double(written) / seconds)) rows/s; peak RSS \(Self.peakRSSMegabytes()) MB")
        #expect(written == Self.totalRows)
        #expect(try db.value("SELECT count(*) FROM bench") == String(Self.totalRows))
    }

    @Test("rows per INSERT statement", arguments: [1, 8, 16, 32, 64, 128])
    func groupSizes(rows: Int) throws {
        let batches = (0..<4).map(Self.batch)
        let db = SQLiteTestDatabase()
        let connection = try SQLiteConnection(path: db.path, role: .target, mode: .readWriteCreatingFile)
        try connection.execute("PRAGMA cache_size = -32768", stage: .load, "bench")
        let started = ContinuousClock.now
        try connection.execute("BEGIN IMMEDIATE", stage: .load, "bench")
        try connection.execute(SQLiteSQL.createTable("bench", schema: Self.schema, primaryKey: []), stage: .load, "bench")
        let writer = try SQLiteBatchWriter(connection: connection, table: "bench", schema: Self.schema, kind: .insert(conflictKey: []), groupRows: rows)
        var written = 0
        for index in 0..<(Self.totalRows / Self.batchRows) { written += try writer.write(batches[index % batches.count]) }
        try connection.execute("COMMIT", stage: .commit, "bench")
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("SQLite group \(rows): \(Int(Double(written) / seconds)) rows/s")
        #expect(written == Self.totalRows)
    }
}
