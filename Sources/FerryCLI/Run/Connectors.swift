public import FerryCore
import FerryFiles
import FerryPostgres
import FerrySQLite

/// The composition root's list of connectors: the one place that maps endpoints to concrete
/// sources and sinks. The engine only sees `RecordSource` and `BatchSink`.
enum Connectors {
    static func source(_ endpoint: SourceEndpoint, options: LoadOptions) throws(FerryError) -> any RecordSource {
        switch endpoint {
        case let .file(f): return try FileSources.open(f, options: options)
        case let .sqlite(s): return try SQLiteSource(endpoint: s, batchSize: options.batchSize)
        case let .postgres(p): return try PostgresSource(endpoint: p, batchSize: options.batchSize)
        }
    }

    static func sink(_ endpoint: TargetEndpoint, options: LoadOptions, runID: RunID) throws(FerryError) -> any BatchSink {
        switch endpoint {
        case let .file(f): return FileTargetWriter(endpoint: f, options: options)
        case let .sqlite(s): return try SQLiteSink(endpoint: s, runID: runID)
        case let .postgres(p): return try PostgresSink(endpoint: p, runID: runID)
        }
    }

    static func rejects(path: String) -> any RejectSink { RejectFileWriter(path: path) }
}

extension RejectFileWriter: RejectSink {}
