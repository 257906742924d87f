#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// How many times the SIGUSR1 handler ran in this process.
let interruptSignalsDelivered = Atomic<Int>(0)

/// SIGUSR1 with a handler that only counts, installed by `sigaction` without `SA_RESTART`: a
/// thread blocked in `read(2)` or `write(2)` that receives it returns -1 with `EINTR` (or a
/// short count when some bytes were already transferred), as under a real signal handler.
enum InterruptSignal {
    static let number = SIGUSR1

    /// Installs the handler (idempotent: every call installs the same one).
    static func install() {
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = { _ in
            interruptSignalsDelivered.add(1, ordering: .relaxed)
        }
        #else
        action.__sigaction_u.__sa_handler = { _ in
            interruptSignalsDelivered.add(1, ordering: .relaxed)
        }
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(number, &action, nil)
    }

    /// The handler's count so far.
    static var delivered: Int { interruptSignalsDelivered.load(ordering: .relaxed) }
}
