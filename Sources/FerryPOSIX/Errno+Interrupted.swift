#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Errno {
    /// Calls `call` until it is not interrupted by a signal, and returns its result.
    ///
    /// The one place in Ferry that knows about `EINTR`: a system call that returns -1 with
    /// `errno == EINTR` was interrupted before it did anything (a handler without `SA_RESTART`
    /// ran) and is made again; any other -1 becomes the `Errno` it left. Not for `close(2)`,
    /// which must not be retried (on Linux the descriptor is gone even when it reports `EINTR`).
    package static func retryingInterrupts<Result: FixedWidthInteger & SignedInteger>(
        _ call: () -> Result
    ) throws(Errno) -> Result {
        while true {
            let result = call()
            if result != -1 { return result }
            let failure = Errno.current
            if failure.code != EINTR { throw failure }
        }
    }
}
