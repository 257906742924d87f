package import FerryCore

/// PostgreSQL as a source (binary COPY out of a table or query) and as a target (COPY in, every
/// mode, parallel streams for large inputs).
extension PostgresEndpoint: EndpointConnector {
    package func openSource(_ context: ConnectorContext) throws(FerryError) -> any RecordSource {
        try PostgresSource(endpoint: self, batchSize: context.options.batchSize)
    }

    /// COPY streams: the request's `copy_streams`, else chosen from the input's size and the
    /// machine's processors (Docs/connectors/postgres.md, "Parallel COPY").
    package func openSink(_ context: ConnectorContext) throws(FerryError) -> any BatchSink {
        let sink = try PostgresSink(endpoint: self, runID: context.runID)
        sink.copyStreams = copyStreams ?? CopyStreamsPolicy.automatic(inputBytes: context.inputBytes, cores: context.processors)
        return sink
    }

    /// `postgres://host:port` + `database.schema.table` (schema `public` when the request names
    /// none: the search_path's usual first schema), as libpq would resolve the connection; a query
    /// source is `database.query_<hash>` (`QueryDatasetName`).
    package func dataset(_ context: ConnectorContext) -> LineageDataset {
        let (host, port, database) = PostgresDefaults.address(of: self)
        let namespace = "postgres://\(host):\(port)"
        let object = table.map { "\(schema ?? "public").\($0)" } ?? QueryDatasetName.name(query ?? "")
        return LineageDataset(namespace: namespace, name: "\(database).\(object)", sourceURI: "\(namespace)/\(database)", isFile: false)
    }
}
