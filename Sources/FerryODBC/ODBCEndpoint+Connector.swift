package import FerryCore

/// Any database with an ODBC driver, through unixODBC (opened on first use), as a source and as
/// a target.
extension ODBCEndpoint: EndpointConnector {
    package func openSource(_ context: ConnectorContext) throws(FerryError) -> any RecordSource {
        try ODBCSource(endpoint: self, batchSize: context.options.batchSize, library: ODBCLibraryLocation(environment: context.environment))
    }

    package func openSink(_ context: ConnectorContext) throws(FerryError) -> any BatchSink {
        try ODBCSink(endpoint: self, runID: context.runID, library: ODBCLibraryLocation(environment: context.environment))
    }

    /// `odbc://{data source}` + `[{database}.]{schema}.{table}`: the data source is the DSN, or the
    /// connection string's `Server`[:`Port`]; no attribute that may hold a secret is used.
    package func dataset(_ context: ConnectorContext) -> LineageDataset {
        let attributes = ODBCConnectionString.attributes(connection.reveal())
        func value(_ names: String...) -> String? {
            // Shown in lineage: a URL in a value keeps no password (`Database=postgresql://u:pw@h`).
            names.lazy.compactMap { name in attributes.first { $0.key.lowercased() == name }?.value }.first
                .map(ConnectionString.shownValue)
        }
        let source: String
        if let server = value("server", "servername", "host") {
            source = server + (value("port").map { ":" + $0 } ?? "")
        } else {
            source = value("dsn") ?? "default"
        }
        let namespace = "odbc://" + source
        let parts = [value("database", "dbname"), schema, table ?? QueryDatasetName.name(query ?? "")].compactMap { $0 }
        return LineageDataset(namespace: namespace, name: parts.joined(separator: "."), sourceURI: namespace, isFile: false)
    }
}
