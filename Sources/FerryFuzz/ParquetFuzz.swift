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

    /// Both passes over the file (`ReaderFuzz.passes`).
    private static func read(_ path: String, batchSize: Int) -> [ReadOutcome] {
        do throws(FerryError) {
            let source = try ParquetSource(endpoint: .source(path: path), batchSize: batchSize)
            return ReaderFuzz.passes(source, fewerAllowed: false)
        } catch {
            return [ReadOutcome(error: error.code.rawValue)]
        }
    }
}
