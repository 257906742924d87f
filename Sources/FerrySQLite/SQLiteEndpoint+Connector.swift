package import FerryCore

/// SQLite databases as sources (a table or a read-only query) and as targets (every mode).
extension SQLiteEndpoint: EndpointConnector {
    package func openSource(_ context: ConnectorContext) throws(FerryError) -> any RecordSource {
        try SQLiteSource(endpoint: self, batchSize: context.options.batchSize)
    }

    package func openSink(_ context: ConnectorContext) throws(FerryError) -> any BatchSink {
        try SQLiteSink(endpoint: self, runID: context.runID)
    }

    /// A SQLite table is a file dataset: `file` + `<absolute database path>#<table>`; a query
    /// source is `<absolute database path>#query_<hash>` (`QueryDatasetName`).
    package func dataset(_ context: ConnectorContext) -> LineageDataset {
        let absolute = LineageDataset.absolutePath(path, workingDirectory: context.workingDirectory)
        return LineageDataset(
            namespace: "file", name: absolute + "#" + (table ?? QueryDatasetName.name(query ?? "")),
            sourceURI: "file://" + LineageDataset.uriPath(absolute), isFile: false)
    }
}
