/// The first event of a run: what is about to happen.
public struct RunStarted: EventPayload {
    public var job: Job
    public var source: SourceEndpoint
    public var target: TargetEndpoint
    public var mode: LoadMode
    public var ferryVersion: String

    public init(job: Job, source: SourceEndpoint, target: TargetEndpoint, mode: LoadMode, ferryVersion: String) {
        self.job = job
        self.source = source
        self.target = target
        self.mode = mode
        self.ferryVersion = ferryVersion
    }

    public var eventPayload: Event.Payload { .runStarted(self) }

    public var jsonMembers: [(key: String, value: JSONValue)] {
        [("job", job.json), ("source", source.json), ("target", target.json),
         ("mode", .string(mode.rawValue)), ("ferry_version", .string(ferryVersion))]
    }
}
