import FerryCore
@testable import FerryFiles

/// The CSV, TSV and JSON Lines targets: reads the input as a file the way a load does (open, read
/// every chunk to the end, restart for the second pass, freeze the columns, read again) twice:
/// with the default 1 MiB chunks and with tiny ones that cut records at every byte. Fails on a
/// crash or hang (libFuzzer), on a broken batch (`ReadOutcome.add`), and when the two reads differ
/// in any column, field, reject or error code. JSON Lines is read a third time with its fast path
/// off, and must read the same.
enum ReaderFuzz {
    static func run(_ bytes: [UInt8], format: FileFormat) {
        guard bytes.count >= 2 else { return }
        let setup = ReaderSetup(format: format, control: bytes[0], dialect: bytes[1])
        let path = FuzzInputFile.store(Array(bytes[2...]))
        let endpoint = FileEndpoint(path: path, format: format, compression: setup.compression)
        let whole = read(endpoint, setup.options, chunkSize: DelimitedReader.defaultChunkSize)
        let cut = read(endpoint, setup.options, chunkSize: setup.chunkSize)
        compare(whole, cut, what: "\(format.rawValue) read in 1 MiB chunks and in \(setup.chunkSize)-byte chunks")
        if format == .jsonl {
            // The fast path (JSONLinesScanner) against the general path (JSONParser on every line).
            let general = read(endpoint, setup.options, chunkSize: DelimitedReader.defaultChunkSize, fastPath: false)
            compare(whole, general, what: "jsonl read with and without the fast path")
        }
    }

    /// Both passes of a load over `endpoint`.
    static func read(_ endpoint: FileEndpoint, _ options: LoadOptions, chunkSize: Int, fastPath: Bool = true) -> [ReadOutcome] {
        let source: any RecordSource
        do throws(FerryError) {
            switch endpoint.format {
            case .csv, .tsv: source = try DelimitedReader(endpoint: endpoint, options: options, chunkSize: chunkSize)
            case .jsonl: source = try JSONLinesReader(endpoint: endpoint, options: options, chunkSize: chunkSize, fastPath: fastPath)
            }
        } catch {
            return [ReadOutcome(error: error.code.rawValue)]
        }
        return passes(source, fewerAllowed: endpoint.format == .jsonl)
    }

    /// Both passes of a load over an open source: to the end, then after `restart()` with the
    /// columns frozen; the second must equal the first unless rows may have fewer fields (JSON
    /// Lines, whose columns grow during the first pass).
    static func passes(_ source: any RecordSource, fewerAllowed: Bool) -> [ReadOutcome] {
        var first = pass(source, fewerAllowed: fewerAllowed)
        guard first.error == nil else { return [first] }
        do throws(FerryError) {
            try source.restart()
        } catch {
            first.error = "restart: \(error.code.rawValue)"
            return [first]
        }
        source.fixColumns(source.columns.map(\.name))
        let second = pass(source, fewerAllowed: fewerAllowed)
        if !fewerAllowed, second != first {
            FuzzFinding.fail("the pass after restart() differs from the first: \(first) vs \(second)")
        }
        return [first, second]
    }

    /// Reads chunks to the end of the input or the first error.
    private static func pass(_ source: any RecordSource, fewerAllowed: Bool) -> ReadOutcome {
        var outcome = ReadOutcome()
        do throws(FerryError) {
            while let chunk = try source.next() {
                outcome.add(chunk, columnCount: source.columns.count, fewerAllowed: fewerAllowed)
            }
        } catch {
            outcome.error = error.code.rawValue
        }
        outcome.columns = source.columns.map(\.name)
        return outcome
    }

    /// Two reads agree when they are equal, or when both end with an error: a read cut short
    /// reports its error at the chunk that meets the bad byte, earlier (even while reading the
    /// header) with bigger chunks, and of two problems (a bad header, a corrupt gzip trailer) the
    /// one met first; so only the rows before it, one read's a prefix of the other's, must agree.
    static func compare(_ a: [ReadOutcome], _ b: [ReadOutcome], what: String) {
        guard a != b else { return }
        if a.count == b.count, let x = a.last, let y = b.last, let error = x.error, y.error != nil,
           zip(a.dropLast(), b.dropLast()).allSatisfy({ $0 == $1 }) {
            let (short, long) = x.rows.count <= y.rows.count ? (x, y) : (y, x)
            if long.rows.starts(with: short.rows) { return }
            FuzzFinding.fail("\(what) both fail (\(error), \(y.error ?? "")), but the rows before differ: \(x.rows.prefix(20)) vs \(y.rows.prefix(20))")
        }
        for (index, (x, y)) in zip(a, b).enumerated() where x != y {
            let part = x.columns != y.columns ? "columns \(x.columns) vs \(y.columns)"
                : x.error != y.error ? "error \(x.error ?? "none") vs \(y.error ?? "none")"
                : x.rows != y.rows ? "rows \(x.rows.prefix(20)) vs \(y.rows.prefix(20))"
                : "rejects \(x.rejects.prefix(5)) vs \(y.rejects.prefix(5))"
            FuzzFinding.fail("\(what) differ in pass \(index + 1): \(part)")
        }
        FuzzFinding.fail("\(what) differ in the number of passes: \(a.count) vs \(b.count)")
    }
}
