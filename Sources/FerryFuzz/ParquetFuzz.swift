import FerryCore
@testable import FerryParquet

/// The Parquet reader: reads the input as a Parquet file to its end, in chunks of 1000 rows and
/// of 3 rows, then again after `restart()`. Fails on a crash or hang (libFuzzer), on a broken
/// batch (`ReadOutcome.add`), and when the reads differ: chunking must not change the rows, nor
/// which error ends the read.
enum ParquetFuzz {
    static func run(_ bytes: [UInt8]) {
        let path = FuzzInputFile.store(bytes)
        let big = read(path, batchSize: 1000)
        let small = read(path, batchSize: 3)
        ReaderFuzz.compare(big, small, what: "Parquet read in chunks of 1000 and of 3 rows")
    }

    /// Both passes over the file.
    private static func read(_ path: String, batchSize: Int) -> [ReadOutcome] {
        let source: ParquetSource
        do throws(FerryError) {
            source = try ParquetSource(endpoint: .source(path: path), batchSize: batchSize)
        } catch {
            return [ReadOutcome(error: error.code.rawValue)]
        }
        var first = pass(source)
        guard first.error == nil else { return [first] }
        do throws(FerryError) {
            try source.restart()
        } catch {
            first.error = "restart: \(error.code.rawValue)"
            return [first]
        }
        let second = pass(source)
        if second != first { FuzzFinding.fail("the pass after restart() differs from the first: \(first) vs \(second)") }
        return [first, second]
    }

    private static func pass(_ source: ParquetSource) -> ReadOutcome {
        var outcome = ReadOutcome()
        do throws(FerryError) {
            while let chunk = try source.next() {
                outcome.add(chunk, columnCount: source.columns.count, fewerAllowed: false)
            }
        } catch {
            outcome.error = error.code.rawValue
        }
        outcome.columns = source.columns.map(\.name)
        return outcome
    }
}
