#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The fuzz targets of `scripts/fuzz.sh`; one runs per process, chosen by `FERRY_FUZZ_TARGET`.
enum FuzzTarget: String, CaseIterable, Sendable {
    /// `DelimitedReader` over CSV.
    case csv
    /// `DelimitedReader` over TSV (PostgreSQL text format).
    case tsv
    /// `JSONLinesReader`.
    case jsonl
    /// gzip input (`DecodedInput`, `GzipStream`): raw, whole multi-member, and truncated.
    case gzip
    /// `LoadRequest.parse`: the JSON parser and the request reader.
    case request
    /// Connection-string redaction (libpq conninfo and URIs, URLs, ODBC strings).
    case redaction
    /// `ParquetSource`: footer, page headers, decoders and decompression.
    case parquet

    /// The target of this process; an unknown or missing name is a usage error, not a finding.
    static let selected: FuzzTarget = {
        let name = getenv("FERRY_FUZZ_TARGET").map { String(cString: $0) } ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            FuzzFinding.usage("set FERRY_FUZZ_TARGET to one of \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return target
    }()

    /// Runs one input.
    func run(_ bytes: [UInt8]) {
        switch self {
        case .csv: ReaderFuzz.run(bytes, format: .csv)
        case .tsv: ReaderFuzz.run(bytes, format: .tsv)
        case .jsonl: ReaderFuzz.run(bytes, format: .jsonl)
        case .gzip: GzipFuzz.run(bytes)
        case .request: RequestFuzz.run(bytes)
        case .redaction: RedactionFuzz.run(bytes)
        case .parquet: ParquetFuzz.run(bytes)
        }
    }
}
