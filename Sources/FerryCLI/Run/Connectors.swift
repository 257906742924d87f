public import FerryCore
import FerryFiles
import FerryODBC
import FerryPostgres
import FerrySQLite
import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The composition root's list of connectors: the one place that maps endpoints to concrete
/// sources and sinks. The engine only sees `RecordSource` and `BatchSink`.
enum Connectors {
    static func source(_ endpoint: SourceEndpoint, options: LoadOptions) throws(FerryError) -> any RecordSource {
        switch endpoint {
        case let .file(f): return try FileSources.open(f, options: options)
        case let .sqlite(s): return try SQLiteSource(endpoint: s, batchSize: options.batchSize)
        case let .postgres(p): return try PostgresSource(endpoint: p, batchSize: options.batchSize)
        case let .odbc(o): return try ODBCSource(endpoint: o, batchSize: options.batchSize, library: odbcLibrary())
        }
    }

    static func sink(_ endpoint: TargetEndpoint, source: SourceEndpoint, options: LoadOptions, runID: RunID) throws(FerryError) -> any BatchSink {
        switch endpoint {
        case let .file(f): return FileTargetWriter(endpoint: f, options: options)
        case let .sqlite(s): return try SQLiteSink(endpoint: s, runID: runID)
        case let .postgres(p):
            let sink = try PostgresSink(endpoint: p, runID: runID)
            sink.copyStreams = p.copyStreams ?? CopyStreamsPolicy.automatic(inputBytes: inputBytes(source), cores: cores)
            return sink
        case let .odbc(o): return try ODBCSink(endpoint: o, runID: runID, library: odbcLibrary())
        }
    }

    /// Where the ODBC driver manager is: `FERRY_ODBC_LIBRARY` from the process environment, or
    /// unixODBC's `libodbc.so.2`. Opened only when an ODBC endpoint (or `ferry version`) needs it.
    static func odbcLibrary(environment: [String: String] = ProcessInfo.processInfo.environment) -> ODBCLibraryLocation {
        ODBCLibraryLocation(environment: environment)
    }

    /// The size of a file source, when it is a regular file.
    private static func inputBytes(_ source: SourceEndpoint) -> Int? {
        guard case let .file(f) = source, f.path != "-" else { return nil }
        var info = stat()
        guard stat(f.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(info.st_size)
    }

    /// Online processors.
    private static var cores: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    static func rejects(path: String) -> any RejectSink { RejectFileWriter(path: path) }
}

extension RejectFileWriter: RejectSink {}
