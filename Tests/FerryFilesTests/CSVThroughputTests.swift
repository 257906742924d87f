import FerryCore
import FerryFiles
import Foundation
import Testing

/// Reads a `bench/gen_csv.py` file with the CSV reader and reports MB/s (file bytes per second of
/// wall time, one core: read, UTF-8 check, scan, copy into batches).
///
/// Runs only when `FERRY_FILES_BENCH_CSV` names such a file; measure a release build:
/// `FERRY_FILES_BENCH_CSV=bench/data/orders_1000000.csv swift test -c release --filter CSVThroughput`
@Suite("CSV throughput")
struct CSVThroughputTests {
    static let path = ProcessInfo.processInfo.environment["FERRY_FILES_BENCH_CSV"]

    @Test("a gen_csv file parses without rejects; prints MB/s",
          .enabled(if: path != nil, "set FERRY_FILES_BENCH_CSV to a gen_csv.py file to measure"))
    func throughput() throws {
        let path = try #require(Self.path)
        let format: FileFormat = path.hasSuffix(".tsv") ? .tsv : .csv
        var best = Double.infinity
        var rows = 0
        var bytes = 0
        for _ in 0..<3 {
            let start = ContinuousClock.now
            let reader = try FileSources.open(FileEndpoint(path: path, format: format), options: LoadOptions())
            rows = 0
            var rejects = 0
            while let chunk = try reader.next() {
                rows += chunk.rows.rowCount
                rejects += chunk.rejected.count
            }
            let elapsed = ContinuousClock.now - start
            bytes = reader.totalBytes ?? 0
            best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            #expect(rejects == 0)
            #expect(reader.columns.count == 10)
        }
        print("\(format.rawValue) reader: \(rows) rows, \(bytes) bytes, best of 3: "
            + "\(String(format: "%.3f", best)) s, \(String(format: "%.0f", Double(bytes) / best / 1e6)) MB/s")
        #expect(rows > 0)
    }
}
