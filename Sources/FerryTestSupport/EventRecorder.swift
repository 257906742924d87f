package import FerryCore
import Synchronization

/// Keeps every event of a run, in order, for assertions.
package final class EventRecorder: EventSink {
    private let store = Mutex<[Event]>([])

    package init() {}

    package func receive(_ event: Event) { store.withLock { $0.append(event) } }

    package var events: [Event] { store.withLock { $0 } }

    /// Event types in order.
    package var types: [EventType] { events.map(\.type) }

    /// Events of one type.
    package func of(_ type: EventType) -> [Event] { events.filter { $0.type == type } }
}
