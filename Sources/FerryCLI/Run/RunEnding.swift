import Synchronization

/// Who ends a run: the run itself, or the overdue handler of a cancelled run that did not stop
/// in time. Exactly one of them claims the end, so exactly one result event is written.
final class RunEnding: Sendable {
    private let claimed = Atomic<Bool>(false)

    /// True for the first caller only.
    func claim() -> Bool {
        !claimed.exchange(true, ordering: .acquiringAndReleasing)
    }
}
