import Synchronization

/// Stamps payloads with the run id, a gapless sequence number and the time, and hands them on.
package final class EventEmitter: Sendable {
    package let runID: RunID
    private let sinks: [any EventSink]
    private let seq = Mutex(0)

    package init(runID: RunID = RunID(), sinks: [any EventSink]) {
        self.runID = runID
        self.sinks = sinks
    }

    /// Emits one event to every sink, in order; thread-safe.
    package func emit(_ payload: some EventPayload) {
        seq.withLock { n in
            n += 1
            let event = Event(runID: runID, seq: n, time: Clock.unixMillis(), payload: payload.eventPayload)
            for sink in sinks { sink.receive(event) }
        }
    }
}
