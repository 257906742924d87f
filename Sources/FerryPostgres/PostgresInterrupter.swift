import FerryCore
import Synchronization

/// Interrupts every connection of a load from any thread: the sink's own and those its parallel
/// COPY streams open later (a stream added after `interrupt()` is interrupted at once).
final class PostgresInterrupter: Interrupter {
    private struct State {
        var interrupted = false
        var members: [any Interrupter] = []
    }

    private let state = Mutex(State())

    init(_ first: any Interrupter) {
        state.withLock { $0.members = [first] }
    }

    /// Adds the canceller of a connection opened for the load.
    func add(_ member: any Interrupter) {
        let interrupted = state.withLock { state in
            state.members.append(member)
            return state.interrupted
        }
        if interrupted { member.interrupt() }
    }

    func interrupt() {
        let members = state.withLock { state in
            state.interrupted = true
            return state.members
        }
        for member in members { member.interrupt() }
    }
}
