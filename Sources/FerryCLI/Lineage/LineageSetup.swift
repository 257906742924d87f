import FerryCore
import FerryLineage
import FoundationEssentials

/// Composes a run's OpenLineage reporting: the configuration from the request and environment,
/// the datasets as the endpoints' connectors name them, and the sender for the transport.
struct LineageSetup {
    let configuration: LineageConfiguration
    let input: LineageDataset
    let output: LineageDataset
    /// Where relative output paths are, for absolute dataset names.
    let workingDirectory: String
    /// Nil when lineage is disabled or no transport is configured.
    let reporter: LineageReporter?

    /// The request's lineage settings over the process environment.
    static func configuration(
        _ settings: LineageSettings?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> LineageConfiguration {
        LineageConfiguration.resolve(settings, environment: environment) { path in
            try? String(contentsOfFile: path, encoding: .utf8)
        }
    }

    /// `input` and `output`: the datasets as the endpoints' connectors name them.
    init(
        request: LoadRequest, runID: RunID, configuration: LineageConfiguration, input: LineageDataset, output: LineageDataset,
        workingDirectory: String
    ) {
        self.configuration = configuration
        self.workingDirectory = workingDirectory
        self.input = input
        self.output = output
        guard configuration.enabled, let transport = configuration.transport else {
            reporter = nil
            return
        }
        let jobType = request.target.isExport ? "EXPORT" : "LOAD"
        let builder = RunEventBuilder(
            runID: runID, job: request.job, jobType: jobType, ferryVersion: FerryVersion.current,
            parent: configuration.parent, root: configuration.root, input: input, output: output)
        let (sender, timeout): (any LineageSender, Double) = switch transport {
        case let .http(http): (HTTPLineageSender(transport: http, ferryVersion: FerryVersion.current), http.timeoutSeconds)
        case let .file(path): (FileLineageSender(path: path), HTTPLineageTransport.defaultTimeoutSeconds)
        case .console: (ConsoleLineageSender(), HTTPLineageTransport.defaultTimeoutSeconds)
        }
        reporter = LineageReporter(builder: builder, sender: sender, timeoutSeconds: timeout)
    }

    /// The files a completed load wrote (a target that reports them): the result's `output`, and
    /// one output dataset per file in its lineage; the same for the OpenLineage events.
    func outputFiles(_ files: [WrittenFile]?, into result: inout RunResult) -> [RunEventBuilder.OutputFile]? {
        guard let files else { return nil }
        let datasets = files.map { RunEventBuilder.OutputFile(dataset: .file($0.path, workingDirectory: workingDirectory), rows: $0.rows, bytes: $0.bytes) }
        result.output = OutputStatistics(files: files)
        result.lineage?.outputs = datasets.map(\.dataset)
        return datasets
    }

    /// The datasets for the result event.
    var runLineage: RunLineage {
        RunLineage(
            inputs: [input], outputs: [output],
            parent: configuration.enabled ? configuration.parent : nil)
    }
}
