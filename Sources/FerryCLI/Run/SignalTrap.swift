#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FerryCore

/// Turns SIGINT and SIGTERM into cancellation of the run, so it rolls back and ends with a
/// `run_failed` event (stage `cancelled`). A run that has not ended `graceSeconds` after the first
/// signal (blocked where no interrupter reaches: `open` of a FIFO without a writer, a server that
/// never answers) is ended by the run's overdue handler, which reports it and exits. A second
/// signal exits at once with the interrupted code. Either way no transaction was committed, so
/// the target is still unchanged.
///
/// The signals are blocked in every thread and received by one thread with `sigwait`, so no Swift
/// code runs in a signal handler.
enum SignalTrap {
    /// How long a cancelled run may take to stop by itself.
    static let graceSeconds = 1.0

    /// Blocks SIGINT/SIGTERM (call before starting any other thread) and starts the waiting thread.
    static func install(_ cancellation: Cancellation) {
        signal(SIGPIPE, SIG_IGN)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &set, nil)
        let box = Unmanaged.passRetained(cancellation).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            let cancellation = Unmanaged<Cancellation>.fromOpaque(raw).takeRetainedValue()
            var set = sigset_t()
            sigemptyset(&set)
            sigaddset(&set, SIGINT)
            sigaddset(&set, SIGTERM)
            var received: Int32 = 0
            while sigwait(&set, &received) == 0 {
                if cancellation.isCancelled { _exit(ExitStatus.interrupted.rawValue) }
                cancellation.cancel(reason: received == SIGTERM ? "received SIGTERM" : "received SIGINT")
                // The grace period: a second signal still ends the process at once.
                let deadline = Clock.monotonicSeconds() + SignalTrap.graceSeconds
                while Clock.monotonicSeconds() < deadline {
                    var pause = timespec(tv_sec: 0, tv_nsec: 50_000_000)
                    if sigtimedwait(&set, nil, &pause) > 0 { _exit(ExitStatus.interrupted.rawValue) }
                }
                cancellation.overdue()
            }
            return nil
        }, box)
        if rc == 0 {
            pthread_detach(thread)
        } else {
            // Without the waiting thread the signals must keep their default action.
            Unmanaged<Cancellation>.fromOpaque(box).release()
            pthread_sigmask(SIG_UNBLOCK, &set, nil)
        }
    }
}
