package import FerryCore
import FerryFiles

/// Parquet files as load sources and targets.
extension ParquetEndpoint: EndpointConnector {
    package func openSource(_ context: ConnectorContext) throws(FerryError) -> any RecordSource {
        try ParquetSource(endpoint: self, batchSize: context.options.batchSize)
    }

    package func openSink(_ context: ConnectorContext) throws(FerryError) -> any BatchSink {
        ParquetSink(endpoint: self, encodeThreads: min(2, context.processors))
    }

    /// `file` + the absolute path.
    package func dataset(_ context: ConnectorContext) -> LineageDataset {
        .file(path, workingDirectory: context.workingDirectory)
    }

    /// The size of the file, when it is a regular one.
    package var storedBytes: Int? {
        FileSystem.regularFileSize(path)
    }
}
