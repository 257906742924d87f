package import FerryCore

/// Parquet files as load targets.
extension ParquetEndpoint: EndpointConnector {
    /// Parquet is not a source kind (`readsAsSource` is false), so the request parser never
    /// builds a Parquet source; reaching this is a bug.
    package func openSource(_ context: ConnectorContext) throws(FerryError) -> any RecordSource {
        throw FerryError(.internalError, stage: .connect, "Parquet files cannot be read as a source")
    }

    package func openSink(_ context: ConnectorContext) throws(FerryError) -> any BatchSink {
        ParquetSink(endpoint: self)
    }

    /// `file` + the absolute path.
    package func dataset(_ context: ConnectorContext) -> LineageDataset {
        .file(path, workingDirectory: context.workingDirectory)
    }
}
