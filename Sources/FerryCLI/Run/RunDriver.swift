import FerryCore
import FerryEngine
import FerryLineage

/// Runs one request and ends it the one way every run ends: a final result event on stdout,
/// one human line on stderr, and a documented exit code.
struct RunDriver {
    var log: Log
    /// Write the contract's events to stdout (always for `ferry run`; `ferry load --json`).
    var jsonEvents: Bool
    /// The cancellation shared by several runs in one process (`ferry dbt`), whose caller
    /// installed the signal trap once; nil: this run makes its own and installs the trap.
    var cancellation: Cancellation? = nil

    /// Runs `request`; returns the exit status.
    func run(_ request: LoadRequest) -> ExitStatus {
        var request = request
        let cancellation = self.cancellation ?? Cancellation()
        if self.cancellation == nil { SignalTrap.install(cancellation) }
        let runID = RunID()
        let configuration = LineageSetup.configuration(request.lineage)
        // OPENLINEAGE_NAMESPACE names the job's namespace when the request leaves the default.
        if request.job.namespace == Job.defaultNamespace, let namespace = configuration.namespace {
            request.job.namespace = namespace
        }
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
            input: source.dataset(context), output: target.dataset(context))
        let emitter = makeEmitter(runID: runID, lineage: lineage.reporter)
        let engine = LoadRun(request: request, emitter: emitter, cancellation: cancellation, ferryVersion: FerryVersion.current)
        var result = engine.run(
            openSource: { () throws(FerryError) in try source.openSource(context) },
            openSink: { () throws(FerryError) in try target.openSink(context) },
            openRejects: Connectors.rejects(path:))
        result.lineage = lineage.runLineage
        var problems = lineage.configuration.problems
        if let reporter = lineage.reporter {
            problems += reporter.finish(result, bytesWritten: result.status == .completed ? target.storedBytes : nil)
        }
        for problem in problems {
            emitter.emit(Warning(code: "lineage_not_delivered", message: problem))
        }
        return finish(result, emitter: emitter)
    }

    /// Ends a run that could not start (its request was invalid or unreadable).
    func fail(_ error: FerryError) -> ExitStatus {
        finish(.notStarted(error), emitter: makeEmitter(runID: RunID(), lineage: nil))
    }

    private func makeEmitter(runID: RunID, lineage: LineageReporter?) -> EventEmitter {
        var sinks: [any EventSink] = [HumanEventLog(log: log, logsCompletion: jsonEvents)]
        if jsonEvents { sinks.insert(StdoutEvents(), at: 0) }
        if let lineage { sinks.append(lineage) }
        return EventEmitter(runID: runID, sinks: sinks)
    }

    private func finish(_ result: RunResult, emitter: EventEmitter) -> ExitStatus {
        emitter.emit(result)
        if !jsonEvents { StandardStream.out.write(Summary.render(result)) }
        return ExitStatus(result.error)
    }
}
