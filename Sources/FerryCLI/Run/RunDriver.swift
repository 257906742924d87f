import FerryChecks
import FerryCore
import FerryEngine
import FerryLineage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs one request and ends it the one way every run ends: a final result event on stdout,
/// one human line on stderr, and a documented exit code.
struct RunDriver {
    var log: Log
    /// Write the contract's events to stdout (always for `ferry run`; `ferry load --json`).
    var jsonEvents: Bool
    /// The cancellation shared by several runs in one process (`ferry dbt`), whose caller
    /// installed the signal trap once; nil: this run makes its own and installs the trap.
    var cancellation: Cancellation? = nil
    /// `ferry load --report FILE`: where the checks report goes (`CheckReport`).
    var reportPath: String? = nil

    /// Runs `request` (read from `requestFile`, when it came from one); returns the exit status.
    func run(_ request: LoadRequest, requestFile: String? = nil) -> ExitStatus {
        var request = request
        let cancellation = self.cancellation ?? Cancellation()
        if self.cancellation == nil { SignalTrap.install(cancellation) }
        let runID = RunID()
        let configuration = LineageSetup.configuration(request.lineage)
        // OPENLINEAGE_NAMESPACE names the job's namespace when the request leaves the default.
        if request.job.namespace == Job.defaultNamespace, let namespace = configuration.namespace {
            request.job.namespace = namespace
        }
        let lineageFile: String? = if case let .file(path)? = configuration.transport, configuration.enabled { path } else { nil }
        let outputs = OutputPaths(request: request, rejectPath: LoadRun.rejectPath(for: request), lineageFile: lineageFile, requestFile: requestFile)
        if case let issues = outputs.problems, !issues.isEmpty {
            return fail(FerryError(InvalidRequest(issues: issues)))
        }
        let checks: CheckSuite?
        do throws(FerryError) { checks = try CheckStages.suite(for: request) } catch { return fail(error) }
        let context = Connectors.context(request, runID: runID)
        let source: any EndpointConnector, target: any EndpointConnector
        do throws(FerryError) {
            source = try Connectors.connector(request.source.configuration)
            target = try Connectors.connector(request.target.configuration)
        } catch {
            return fail(error)
        }
        let lineage = LineageSetup(
            request: request, runID: runID, configuration: configuration,
            input: source.dataset(context), output: target.dataset(context), workingDirectory: context.workingDirectory)
        let emitter = makeEmitter(runID: runID, lineage: lineage.reporter)
        let ending = RunEnding()
        let started = Clock.monotonicSeconds()
        cancellation.onOverdue { [jsonEvents, request] in
            // A cancelled run blocked where no interrupter reaches (open() of a FIFO, a server
            // that never answers): nothing was committed, so the run ends here as cancelled.
            guard ending.claim() else { return }
            var error = cancellation.error
            error.message = "the run was cancelled (\(cancellation.why)) and did not stop within \(SignalTrap.graceSeconds) s, so ferry ended it; nothing was committed and the target is as it was"
            var result = RunResult(
                status: .failed, job: request.job, mode: request.mode, rowsRead: 0, rowsWritten: 0, rowsRejected: 0, bytesRead: 0,
                durationSeconds: Clock.monotonicSeconds() - started, source: request.source, target: request.target,
                rejectFile: nil, error: error)
            result.lineage = lineage.runLineage
            _ = lineage.reporter?.finish(result, bytesWritten: nil)
            emitter.emit(result)
            if !jsonEvents { StandardStream.out.write(Summary.render(result)) }
            _exit(ExitStatus.interrupted.rawValue)
        }
        defer { cancellation.onOverdue(nil) }
        var engine = LoadRun(request: request, emitter: emitter, cancellation: cancellation, ferryVersion: FerryVersion.current)
        checks?.emitter = emitter
        checks?.job = request.job
        // `--report` profiles the typed rows after the checks (`ProfileStage`); so do lineage's
        // quality metrics of a run with checks (without the report's insights when no report).
        let profiling = reportPath != nil || (checks != nil && lineage.reporter != nil)
            ? ProfileStage(probes: reportPath == nil ? [] : FormatProbes.all, insights: reportPath != nil) : nil
        engine.stages = (checks.map { [$0 as any BatchStage] } ?? []) + (profiling.map { [$0 as any BatchStage] } ?? [])
        var filesSink: (any ReportsWrittenFiles)?
        if let staging = target as? any ChunkStagingEndpoint {
            engine.openStagingSink = { (table: String?) throws(FerryError) in try staging.openStagingSink(context, table: table) }
        }
        engine.shaper = request.transform.map { ShapeStage(spec: $0, key: request.key, runID: runID.description, loadedAtMillis: Clock.unixMillis()) }
        engine.shaper = TransformStages.dedupe(request.transform, around: engine.shaper)
        var result = engine.run(
            openSource: { () throws(FerryError) in try SourceOpening.open(request, source: source, target: target, context: context) },
            openSink: { () throws(FerryError) in
                let sink = try target.openSink(context)
                filesSink = sink as? any ReportsWrittenFiles
                checks?.lookupProvider = sink as? any TargetLookupProvider
                return sink
            },
            openRejects: Connectors.rejects(path:))
        result.lineage = lineage.runLineage
        let outputFiles = result.status == .completed ? lineage.outputFiles(filesSink?.writtenFiles, into: &result) : nil
        var problems = lineage.configuration.problems
        if let reporter = lineage.reporter {
            problems += reporter.finish(result, bytesWritten: result.status == .completed ? target.storedBytes : nil,
                                        outputFiles: outputFiles, quality: checks?.dataQuality(profile: profiling))
        }
        for problem in problems {
            emitter.emit(Warning(code: "lineage_not_delivered", message: problem))
        }
        if let reportPath, let problem = CheckReport(result: result, checks: checks, profile: profiling?.result).write(to: reportPath) {
            emitter.emit(Warning(code: "report_not_written", message: problem))
        }
        return finish(result, emitter: emitter, ending: ending)
    }

    /// Ends a run that could not start (its request was invalid or unreadable).
    func fail(_ error: FerryError) -> ExitStatus {
        finish(.notStarted(error), emitter: makeEmitter(runID: RunID(), lineage: nil), ending: RunEnding())
    }

    private func makeEmitter(runID: RunID, lineage: LineageReporter?) -> EventEmitter {
        var sinks: [any EventSink] = [HumanEventLog(log: log, logsCompletion: jsonEvents)]
        if jsonEvents { sinks.insert(StdoutEvents(), at: 0) }
        if let lineage { sinks.append(lineage) }
        return EventEmitter(runID: runID, sinks: sinks)
    }

    private func finish(_ result: RunResult, emitter: EventEmitter, ending: RunEnding) -> ExitStatus {
        guard ending.claim() else {
            // The overdue handler is ending the process with its own result event.
            while true { pause() }
        }
        emitter.emit(result)
        if !jsonEvents { StandardStream.out.write(Summary.render(result)) }
        return ExitStatus(result.error)
    }
}
