#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A POSIX thread running one closure, so a test can block it in a system call and signal it
/// with `pthread_kill` (Swift concurrency's pool threads cannot be named or blocked safely).
///
/// A new thread inherits its creator's signal mask, and the test runner's threads block nearly
/// every signal: this one unblocks `InterruptSignal.number` before running its closure.
final class TestThread: Sendable {
    private let body: @Sendable () -> Void
    private let thread = Mutex<pthread_t?>(nil)

    /// Starts a thread running `body`.
    init(_ body: @escaping @Sendable () -> Void) {
        self.body = body
        let context = Unmanaged.passRetained(self).toOpaque()
        var id = pthread_t()
        let rc = pthread_create(&id, nil, { context in
            // pthread_create hands the retained TestThread back; released once body returns.
            guard let context else { return nil }
            let thread = Unmanaged<TestThread>.fromOpaque(context).takeRetainedValue()
            var signals = sigset_t()
            sigemptyset(&signals)
            sigaddset(&signals, InterruptSignal.number)
            pthread_sigmask(SIG_UNBLOCK, &signals, nil)
            thread.body()
            return nil
        }, context)
        if rc == 0 {
            thread.withLock { $0 = id }
        } else {
            Unmanaged<TestThread>.fromOpaque(context).release()
        }
    }

    /// Whether the thread was created.
    var started: Bool { thread.withLock { $0 != nil } }

    /// Sends `signal` to this thread (`pthread_kill`).
    func send(_ signal: Int32) {
        thread.withLock { id in
            if let id { _ = pthread_kill(id, signal) }
        }
    }

    /// Waits for the thread to end (`pthread_join`); call once.
    func join() {
        guard let id = thread.withLock({ $0 }) else { return }
        _ = pthread_join(id, nil)
    }
}
