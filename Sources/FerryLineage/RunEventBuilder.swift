package import FerryCore

/// Builds a run's OpenLineage RunEvents (2-0-2): the same run id, job and datasets in each, with
/// the facets each kind of event carries.
package struct RunEventBuilder: Sendable {
    /// The states a run reports.
    package enum EventType: String, Sendable {
        case start = "START", complete = "COMPLETE", fail = "FAIL", abort = "ABORT"
    }

    /// What a run read and wrote, for the final event.
    package struct Statistics: Sendable, Equatable {
        package var rowsRead: Int
        package var bytesRead: Int
        package var rowsWritten: Int
        /// Bytes written, when known (file targets).
        package var bytesWritten: Int?
        /// The files written, when the target reports them: then each is an output dataset.
        package var outputFiles: [OutputFile]?
        /// What the run's checks found (input facets `dataQualityAssertions`, `dataQualityMetrics`).
        package var quality: DataQuality?

        package init(rowsRead: Int, bytesRead: Int, rowsWritten: Int, bytesWritten: Int? = nil, outputFiles: [OutputFile]? = nil,
                     quality: DataQuality? = nil) {
            self.quality = quality
            self.rowsRead = rowsRead
            self.bytesRead = bytesRead
            self.rowsWritten = rowsWritten
            self.bytesWritten = bytesWritten
            self.outputFiles = outputFiles
        }
    }

    /// One file a load wrote, as an output dataset with its statistics.
    package struct OutputFile: Sendable, Equatable {
        package var dataset: LineageDataset
        package var rows: Int
        /// The file's size, when known.
        package var bytes: Int?

        package init(dataset: LineageDataset, rows: Int, bytes: Int?) {
            (self.dataset, self.rows, self.bytes) = (dataset, rows, bytes)
        }
    }

    package var runID: RunID
    package var job: Job
    /// `LOAD` into a database, `EXPORT` to a file.
    package var jobType: String
    package var ferryVersion: String
    package var parent: LineageRunReference?
    package var root: LineageRunReference?
    package var input: LineageDataset
    package var output: LineageDataset

    package init(
        runID: RunID, job: Job, jobType: String, ferryVersion: String, parent: LineageRunReference?, root: LineageRunReference?,
        input: LineageDataset, output: LineageDataset
    ) {
        self.runID = runID
        self.job = job
        self.jobType = jobType
        self.ferryVersion = ferryVersion
        self.parent = parent
        self.root = root
        self.input = input
        self.output = output
    }

    /// One RunEvent. `fields` (the resolved columns) go into both datasets' `schema` facets;
    /// `statistics` into the input's and output's statistics facets; `errorMessage` (already
    /// free of secrets and values) into the FAIL or ABORT event's `errorMessage` facet.
    package func event(
        _ type: EventType, timeMillis: Int64, fields: [LineageField]?, statistics: Statistics? = nil, errorMessage: String? = nil
    ) -> JSONValue {
        var runFacets: [(key: String, value: JSONValue)] = [
            ("processing_engine", facet(OpenLineageSpec.processingEngine, [
                ("version", .string(ferryVersion)), ("name", .string("ferry")), ("openlineageAdapterVersion", .string(ferryVersion)),
            ])),
        ]
        if let parent {
            var members: [(key: String, value: JSONValue)] = [
                ("run", .object([("runId", .string(parent.runID))])),
                ("job", .object([("namespace", .string(parent.jobNamespace)), ("name", .string(parent.jobName))])),
            ]
            if let root {
                members.append(("root", .object([
                    ("run", .object([("runId", .string(root.runID))])),
                    ("job", .object([("namespace", .string(root.jobNamespace)), ("name", .string(root.jobName))])),
                ])))
            }
            runFacets.append(("parent", facet(OpenLineageSpec.parent, members)))
        }
        if let errorMessage, type == .fail || type == .abort {
            runFacets.append(("errorMessage", facet(OpenLineageSpec.errorMessage, [
                ("message", .string(errorMessage)), ("programmingLanguage", .string("Swift")),
            ])))
        }
        let jobFacets: [(key: String, value: JSONValue)] = [
            ("jobType", facet(OpenLineageSpec.jobType, [
                ("processingType", .string("BATCH")), ("integration", .string("FERRY")), ("jobType", .string(jobType)),
            ])),
        ]

        var inputDataset = dataset(input, fields: fields)
        var outputDatasets: [JSONValue]
        if let statistics {
            var inputStats: [(key: String, value: JSONValue)] = [("rowCount", .int(statistics.rowsRead)), ("size", .int(statistics.bytesRead))]
            if input.isFile { inputStats.append(("fileCount", .int(1))) }
            let quality = statistics.quality?.facets(facet) ?? []
            inputDataset.append(("inputFacets", .object([("inputStatistics", facet(OpenLineageSpec.inputStatistics, inputStats))] + quality)))
            let files = statistics.outputFiles ?? [OutputFile(dataset: output, rows: statistics.rowsWritten, bytes: statistics.bytesWritten)]
            outputDatasets = files.map { file in
                var outputStats: [(key: String, value: JSONValue)] = [("rowCount", .int(file.rows))]
                if let bytes = file.bytes { outputStats.append(("size", .int(bytes))) }
                if file.dataset.isFile { outputStats.append(("fileCount", .int(1))) }
                var outputDataset = dataset(file.dataset, fields: fields)
                outputDataset.append(("outputFacets", .object([("outputStatistics", facet(OpenLineageSpec.outputStatistics, outputStats))])))
                return .object(outputDataset)
            }
        } else {
            outputDatasets = [.object(dataset(output, fields: fields))]
        }

        return .object([
            ("eventTime", .string(Clock.iso8601(millis: timeMillis))),
            ("producer", .string(OpenLineageSpec.producer)),
            ("schemaURL", .string(OpenLineageSpec.runEventSchemaURL)),
            ("eventType", .string(type.rawValue)),
            ("run", .object([("runId", .string(runID.description)), ("facets", .object(runFacets))])),
            ("job", .object([("namespace", .string(job.namespace)), ("name", .string(job.name)), ("facets", .object(jobFacets))])),
            ("inputs", .array([.object(inputDataset)])),
            ("outputs", .array(outputDatasets)),
        ])
    }

    private func dataset(_ d: LineageDataset, fields: [LineageField]?) -> [(key: String, value: JSONValue)] {
        var facets: [(key: String, value: JSONValue)] = [
            ("dataSource", facet(OpenLineageSpec.dataSource, [("name", .string(d.namespace)), ("uri", .string(d.sourceURI))])),
        ]
        if let fields {
            facets.append(("schema", facet(OpenLineageSpec.schema, [
                ("fields", .array(fields.enumerated().map { i, f in
                    .object([("name", .string(f.name)), ("type", .string(f.type)), ("ordinal_position", .int(i + 1))])
                })),
            ])))
        }
        return [("namespace", .string(d.namespace)), ("name", .string(d.name)), ("facets", .object(facets))]
    }

    private func facet(_ schemaURL: String, _ members: [(key: String, value: JSONValue)]) -> JSONValue {
        .object([("_producer", .string(OpenLineageSpec.producer)), ("_schemaURL", .string(schemaURL))] + members)
    }
}
