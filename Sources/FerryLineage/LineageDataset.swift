/// A dataset as OpenLineage names it (Docs/lineage.md, "Dataset names"): PostgreSQL tables as
/// `postgres://host:port` + `database.schema.table`, files as `file` + their absolute path,
/// SQLite tables as `file` + `<absolute database path>#<table>`.
public struct LineageDataset: Sendable, Equatable {
    public var namespace: String
    public var name: String
    /// The data source's URI for the `dataSource` facet (`postgres://host:port/db`,
    /// `file:///path`).
    public var sourceURI: String
    /// Whether the dataset is one file (its statistics then count one file).
    public var isFile: Bool

    public init(namespace: String, name: String, sourceURI: String, isFile: Bool) {
        self.namespace = namespace
        self.name = name
        self.sourceURI = sourceURI
        self.isFile = isFile
    }
}

/// A column of a dataset, for the `schema` facet.
public struct LineageField: Sendable, Equatable {
    public var name: String
    public var type: String

    public init(name: String, type: String) {
        self.name = name
        self.type = type
    }
}
