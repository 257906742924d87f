/// The first event of a run: what is about to happen.
package struct RunStarted: EventPayload {
    package var job: Job
    package var source: SourceEndpoint
    package var target: TargetEndpoint
    package var mode: LoadMode
    package var ferryVersion: String

    package init(job: Job, source: SourceEndpoint, target: TargetEndpoint, mode: LoadMode, ferryVersion: String) {
        self.job = job
        self.source = source
        self.target = target
        self.mode = mode
        self.ferryVersion = ferryVersion
    }

    package var eventPayload: Event.Payload { .runStarted(self) }

    package var jsonMembers: [(key: String, value: JSONValue)] {
        [("job", job.json), ("source", source.json), ("target", target.json),
         ("mode", .string(mode.rawValue)), ("ferry_version", .string(ferryVersion))]
    }
}
