import FerryCore
import Synchronization

/// Stops the send of an `HTTPClient` that is in progress, from another thread.
///
/// libcurl's transfer-progress callback (`CURLOPT_XFERINFOFUNCTION`) checks the flag and aborts
/// the transfer; libcurl calls it at least about once a second even while nothing moves. A backoff
/// pause checks it every few milliseconds. Each `send` clears the flag when it starts, so a
/// client can still send (for example a final lineage event) after an interrupted one.
final class HTTPInterrupter: Interrupter {
    private let flag = Atomic<Bool>(false)

    init() {}

    /// Asks the send in progress to stop with `HTTPError.Kind.cancelled`.
    func interrupt() {
        flag.store(true, ordering: .releasing)
    }

    /// Whether `interrupt` was called since the last `reset`.
    var isInterrupted: Bool { flag.load(ordering: .acquiring) }

    /// Clears the flag at the start of a send.
    func reset() {
        flag.store(false, ordering: .releasing)
    }
}
