import FerryCore

/// The errors of a Parquet file the reader cannot read: a malformed file is `source_unreadable`
/// with the reason, a flat file using something Ferry does not read is `unsupported`.
enum ParquetFormatError {
    /// `path` is not a readable Parquet file, because of `reason`.
    static func failure(_ path: String, _ reason: String) -> FerryError {
        FerryError(.sourceUnreadable, stage: .extract, "\(path) is not a readable Parquet file: \(reason)")
    }

    /// `path` uses something the reader does not support.
    static func unsupported(_ path: String, _ what: String) -> FerryError {
        FerryError(.unsupported, stage: .extract, "\(path): not supported: \(what)")
    }

    /// The error of a compact-protocol failure while reading `what`.
    static func thrift(_ path: String, _ failure: ThriftCompactReader.Failure, reading what: String) -> FerryError {
        switch failure {
        case .truncated: return Self.failure(path, "\(what) ends early")
        case let .malformed(reason): return Self.failure(path, "\(what): \(reason)")
        }
    }
}
