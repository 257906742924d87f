public import FerryCore
import Synchronization

/// Keeps every event of a run, in order, for assertions.
public final class EventRecorder: EventSink {
    private let store = Mutex<[Event]>([])

    public init() {}

    public func receive(_ event: Event) { store.withLock { $0.append(event) } }

    public var events: [Event] { store.withLock { $0 } }

    /// Event types in order.
    public var types: [EventType] { events.map(\.type) }

    /// Events of one type.
    public func of(_ type: EventType) -> [Event] { events.filter { $0.type == type } }
}
