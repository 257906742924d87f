package import FerryCore

/// Files as sources (CSV, TSV, JSON Lines, gzip) and as export targets.
extension FileEndpoint: EndpointConnector {
    package func openSource(_ context: ConnectorContext) throws(FerryError) -> any RecordSource {
        try FileSources.open(self, options: context.options)
    }

    package func openSink(_ context: ConnectorContext) throws(FerryError) -> any BatchSink {
        FileTargetWriter(endpoint: self, options: context.options)
    }

    /// `file` + the absolute path.
    package func dataset(_ context: ConnectorContext) -> LineageDataset {
        .file(path, workingDirectory: context.workingDirectory)
    }

    /// The size of a regular file at `path` (not of standard input or output, `-`).
    package var storedBytes: Int? {
        path == "-" ? nil : FileSystem.regularFileSize(path)
    }
}
