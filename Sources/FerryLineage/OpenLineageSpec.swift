/// The OpenLineage schema versions Ferry emits: the core 2-0-2 and each facet's own version
/// (checked against the official schema files by the Python tests).
enum OpenLineageSpec {
    static let runEventSchemaURL = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"

    /// Ferry's producer URI, in every event and facet.
    static let producer = "https://github.com/ferry-data/ferry"

    /// `_schemaURL` of a facet: its schema file and the definition inside it.
    static func facetSchemaURL(_ facet: String, version: String) -> String {
        "https://openlineage.io/spec/facets/\(version)/\(facet).json#/$defs/\(facet)"
    }

    static let processingEngine = facetSchemaURL("ProcessingEngineRunFacet", version: "1-1-1")
    static let parent = facetSchemaURL("ParentRunFacet", version: "1-2-0")
    static let errorMessage = facetSchemaURL("ErrorMessageRunFacet", version: "1-0-1")
    static let jobType = facetSchemaURL("JobTypeJobFacet", version: "2-0-4")
    static let schema = facetSchemaURL("SchemaDatasetFacet", version: "1-2-0")
    static let dataSource = facetSchemaURL("DatasourceDatasetFacet", version: "1-0-1")
    static let inputStatistics = facetSchemaURL("InputStatisticsInputDatasetFacet", version: "1-0-0")
    static let outputStatistics = facetSchemaURL("OutputStatisticsOutputDatasetFacet", version: "1-0-2")
    static let dataQualityAssertions = facetSchemaURL("DataQualityAssertionsDatasetFacet", version: "1-1-0")
    static let dataQualityMetrics = facetSchemaURL("DataQualityMetricsInputDatasetFacet", version: "1-0-3")
}
