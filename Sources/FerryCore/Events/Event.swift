/// The kinds of JSON-lines events on stdout. The last line of a run is always a result:
/// `run_completed` or `run_failed`.
package enum EventType: String, Sendable, CaseIterable {
    case runStarted = "run_started"
    case schemaResolved = "schema_resolved"
    case schemaChanged = "schema_changed"
    case progress
    case warning
    case rowsRejected = "rows_rejected"
    case retrying
    case checkpoint
    case checksCompleted = "checks_completed"
    case runCompleted = "run_completed"
    case runFailed = "run_failed"
}

/// One event: the envelope every event carries plus its typed payload.
///
/// Consumers switch on `payload` and read typed properties; the JSON form (`json`) is built
/// only by whoever writes the contract's stream.
package struct Event: Sendable {
    /// What an event says, one case per event type.
    package enum Payload: Sendable {
        case runStarted(RunStarted)
        case schemaResolved(SchemaResolved)
        case schemaChanged(SchemaChanged)
        case progress(Progress)
        case warning(Warning)
        case rowsRejected(RowsRejected)
        case retrying(Retrying)
        case checkpoint(Checkpointed)
        case checksCompleted(ChecksCompleted)
        /// A result whose status is `completed`.
        case runCompleted(RunResult)
        /// A result whose status is `failed`.
        case runFailed(RunResult)

        /// The event type of this payload.
        package var type: EventType {
            switch self {
            case .runStarted: .runStarted
            case .schemaResolved: .schemaResolved
            case .schemaChanged: .schemaChanged
            case .progress: .progress
            case .warning: .warning
            case .rowsRejected: .rowsRejected
            case .retrying: .retrying
            case .checkpoint: .checkpoint
            case .checksCompleted: .checksCompleted
            case .runCompleted: .runCompleted
            case .runFailed: .runFailed
            }
        }

        /// The payload's members of the event object, in the contract's order.
        package var jsonMembers: [(key: String, value: JSONValue)] {
            switch self {
            case let .runStarted(p): p.jsonMembers
            case let .schemaResolved(p): p.jsonMembers
            case let .schemaChanged(p): p.jsonMembers
            case let .progress(p): p.jsonMembers
            case let .warning(p): p.jsonMembers
            case let .rowsRejected(p): p.jsonMembers
            case let .retrying(p): p.jsonMembers
            case let .checkpoint(p): p.jsonMembers
            case let .checksCompleted(p): p.jsonMembers
            case let .runCompleted(p), let .runFailed(p): p.jsonMembers
            }
        }
    }

    package var runID: RunID
    package var seq: Int
    /// Unix time in milliseconds.
    package var time: Int64
    package var payload: Payload

    package init(runID: RunID, seq: Int, time: Int64, payload: Payload) {
        self.runID = runID
        self.seq = seq
        self.time = time
        self.payload = payload
    }

    /// The event's type, from its payload.
    package var type: EventType { payload.type }

    /// The event as one JSON object: envelope first, then the payload's members.
    package var json: JSONValue {
        .object([
            ("contract_version", .int(ContractVersion.current)),
            ("type", .string(type.rawValue)),
            ("run_id", .string(runID.description)),
            ("seq", .int(seq)),
            ("time", .string(Clock.iso8601(millis: time))),
        ] + payload.jsonMembers)
    }
}

/// Receives a run's events in order (stdout writer, human log, lineage, test recorder).
package protocol EventSink: Sendable {
    func receive(_ event: Event)
}

/// Something that can be said as an event.
package protocol EventPayload: Sendable {
    /// This value as the payload of an event.
    var eventPayload: Event.Payload { get }
    /// Its members of the event object, in the contract's order (after the envelope).
    var jsonMembers: [(key: String, value: JSONValue)] { get }
}
