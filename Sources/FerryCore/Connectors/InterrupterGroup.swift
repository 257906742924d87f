import Synchronization

/// Interrupts every member from any thread, including members added after the interrupt (they
/// are interrupted as they join): a PostgreSQL load's parallel COPY connections, the sink of
/// each chunk a chunked load opens.
package final class InterrupterGroup: Interrupter {
    private struct State {
        var interrupted = false
        var members: [any Interrupter] = []
    }

    private let state = Mutex(State())

    /// A group of `members`.
    package init(_ members: any Interrupter...) {
        state.withLock { $0.members = members }
    }

    /// Adds `member`; interrupts it at once when the group was interrupted already.
    package func add(_ member: any Interrupter) {
        let interrupted = state.withLock { state in
            state.members.append(member)
            return state.interrupted
        }
        if interrupted { member.interrupt() }
    }

    package func interrupt() {
        let members = state.withLock { state in
            state.interrupted = true
            return state.members
        }
        for member in members { member.interrupt() }
    }
}
