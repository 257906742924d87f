import FerryCore
import FerryEngine

/// Runs one request and ends it the one way every run ends: a final result event on stdout,
/// one human line on stderr, and a documented exit code.
struct RunDriver {
    var log: Log
    /// Write the contract's events to stdout (always for `ferry run`; `ferry load --json`).
    var jsonEvents: Bool

    /// Runs `request`; returns the exit status.
    func run(_ request: LoadRequest) -> ExitStatus {
        let cancellation = Cancellation()
        SignalTrap.install(cancellation)
        let emitter = makeEmitter()
        let engine = LoadRun(request: request, emitter: emitter, cancellation: cancellation, ferryVersion: FerryVersion.current)
        let result = engine.run(
            openSource: { () throws(FerryError) in try Connectors.source(request.source, options: request.options) },
            openSink: { () throws(FerryError) in try Connectors.sink(request.target, options: request.options, runID: emitter.runID) },
            openRejects: Connectors.rejects(path:))
        return finish(result, emitter: emitter)
    }

    /// Ends a run that could not start (its request was invalid or unreadable).
    func fail(_ error: FerryError) -> ExitStatus {
        finish(.notStarted(error), emitter: makeEmitter())
    }

    private func makeEmitter() -> EventEmitter {
        var sinks: [any EventSink] = [HumanEventLog(log: log, logsCompletion: jsonEvents)]
        if jsonEvents { sinks.insert(StdoutEvents(), at: 0) }
        return EventEmitter(sinks: sinks)
    }

    private func finish(_ result: RunResult, emitter: EventEmitter) -> ExitStatus {
        emitter.emit(result)
        if !jsonEvents { StandardStream.out.write(Summary.render(result)) }
        return ExitStatus(result.error)
    }
}
