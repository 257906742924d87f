/// The kinds of JSON-lines events on stdout. The last line of a run is always a result:
/// `run_completed` or `run_failed`.
public enum EventType: String, Sendable, CaseIterable {
    case runStarted = "run_started"
    case schemaResolved = "schema_resolved"
    case progress
    case warning
    case rowsRejected = "rows_rejected"
    case runCompleted = "run_completed"
    case runFailed = "run_failed"
}

/// One event: the envelope every event carries plus its type's fields.
public struct Event: Sendable {
    public var type: EventType
    public var runID: RunID
    public var seq: Int
    /// Unix time in milliseconds.
    public var time: Int64
    public var fields: [(key: String, value: JSONValue)]

    public init(type: EventType, runID: RunID, seq: Int, time: Int64, fields: [(key: String, value: JSONValue)]) {
        self.type = type
        self.runID = runID
        self.seq = seq
        self.time = time
        self.fields = fields
    }

    /// The event as one JSON object: envelope first, then the type's fields.
    public var json: JSONValue {
        .object([
            ("contract_version", .int(ContractVersion.current)),
            ("type", .string(type.rawValue)),
            ("run_id", .string(runID.description)),
            ("seq", .int(seq)),
            ("time", .string(Clock.iso8601(millis: time))),
        ] + fields)
    }
}

/// Receives a run's events in order (stdout writer, test recorder, later lineage and metrics).
public protocol EventSink: Sendable {
    func receive(_ event: Event)
}

/// Something that can be said as an event of one type.
public protocol EventPayload: Sendable {
    static var type: EventType { get }
    /// The type of this event; `type` unless one payload can be said as several types.
    var eventType: EventType { get }
    var fields: [(key: String, value: JSONValue)] { get }
}

extension EventPayload {
    public var eventType: EventType { Self.type }
}
