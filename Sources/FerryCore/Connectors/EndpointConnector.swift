/// The connector side of an endpoint kind: opens its sources and sinks and names its datasets.
///
/// A kind's connector module conforms its configuration type (`extension SQLiteEndpoint:
/// EndpointConnector` in FerrySQLite), so the composition root finds the connector of any
/// registered kind without a list of its own (`Connectors` in FerryCLI; a test checks that every
/// kind of `EndpointKinds.all` has one).
package protocol EndpointConnector: EndpointConfiguration {
    /// Opens the endpoint as a source (stage `connect` or `extract` errors).
    func openSource(_ context: ConnectorContext) throws(FerryError) -> any RecordSource
    /// Opens the endpoint as a load target.
    func openSink(_ context: ConnectorContext) throws(FerryError) -> any BatchSink
    /// The OpenLineage dataset the endpoint is (Docs/lineage.md, "Dataset names"). Never
    /// contains a secret.
    func dataset(_ context: ConnectorContext) -> LineageDataset
    /// The size in bytes of the file the endpoint names, when it names a regular file (for
    /// choosing parallelism and for lineage statistics); nil otherwise.
    var storedBytes: Int? { get }
    /// The completed loads of file sources into the endpoint's table that its load ledger
    /// records, for skipping files loaded before (`IfLoaded`); none for endpoints without a ledger.
    func loadedFiles(_ context: ConnectorContext) throws(FerryError) -> [LoadedFile]
}

extension EndpointConnector {
    package var storedBytes: Int? { nil }
    package func loadedFiles(_ context: ConnectorContext) throws(FerryError) -> [LoadedFile] { [] }
}

/// What a connector may need to know to open an endpoint, beyond its configuration: the load's
/// options and run, the other side of the load, and the process environment (read once, by the
/// composition root).
package struct ConnectorContext: Sendable {
    package var options: LoadOptions
    package var runID: RunID
    /// The size of the load's input in bytes, when known (a regular file source).
    package var inputBytes: Int?
    /// The process environment, for settings a connector reads (`FERRY_ODBC_LIBRARY`).
    package var environment: [String: String]
    /// Online processors.
    package var processors: Int
    /// The working directory, for absolute dataset names of relative paths.
    package var workingDirectory: String

    package init(
        options: LoadOptions, runID: RunID, inputBytes: Int? = nil, environment: [String: String] = [:], processors: Int = 1,
        workingDirectory: String = "/"
    ) {
        self.options = options
        self.runID = runID
        self.inputBytes = inputBytes
        self.environment = environment
        self.processors = processors
        self.workingDirectory = workingDirectory
    }
}
