import FerryTestSupport
import FerryCore
@testable import FerryPostgres
import Foundation
import Testing

/// Reads a whole table with `PostgresSource` and reports rows/s and MB/s of COPY data (one core
/// parsing, the server formatting rows on another).
///
/// Runs only when `FERRY_PG_EXPORT_BENCH_TABLE` names a table; the server is `FERRY_TEST_PG_URL`.
/// `bench/postgres_export.sh` loads a gen_csv.py file, times `psql \copy (select …) to file`
/// beside this, and prints both. Measure a release build.
@Suite("PostgreSQL source throughput")
struct PostgresSourceThroughputTests {
    static let environment = ProcessInfo.processInfo.environment
    static let table = environment["FERRY_PG_EXPORT_BENCH_TABLE"]

    @Test("a gen_csv table reads to the end; prints rows/s",
          .enabled(if: table != nil && environment["FERRY_TEST_PG_URL"] != nil,
                   "set FERRY_PG_EXPORT_BENCH_TABLE and FERRY_TEST_PG_URL to measure (bench/postgres_export.sh does)"))
    func throughput() throws {
        let table = try #require(Self.table)
        let url = try #require(Self.environment["FERRY_TEST_PG_URL"])
        let repeats = Int(Self.environment["FERRY_PG_EXPORT_BENCH_REPEAT"] ?? "") ?? 3
        var times: [Double] = []
        var rows = 0
        var bytes = 0
        for _ in 0..<repeats {
            let start = ContinuousClock.now
            let source = try PostgresSource(endpoint: PostgresEndpoint(connection: Secret(url), table: table), batchSize: 10_000)
            rows = 0
            while let chunk = try source.next() {
                rows += chunk.rows.rowCount
            }
            bytes = source.bytesRead
            source.close()
            let elapsed = ContinuousClock.now - start
            times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
        let median = times.sorted()[times.count / 2]
        print("PostgresSource: \(rows) rows, \(bytes) bytes of COPY data, median of \(repeats): "
            + "\(String(format: "%.3f", median)) s, \(String(format: "%.0f", Double(rows) / median)) rows/s, "
            + "\(String(format: "%.0f", Double(bytes) / median / 1e6)) MB/s")
        #expect(rows > 0)
    }
}
