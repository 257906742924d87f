#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
package import FerryCore

/// An `errno` value with its symbolic name and `strerror` text, as the `posix` driver error.
///
/// The error every `FileDescriptor` operation throws; callers turn it into a `FerryError` with
/// `error(_:stage:_:)`, or into their own error type with `message`.
package struct Errno: Error, Sendable, Equatable, CustomStringConvertible {
    /// The `errno` value (`ENOENT`, ...).
    package let code: Int32

    /// The error `code` stands for.
    package init(code: Int32) { self.code = code }

    /// The calling thread's current `errno`.
    package static var current: Errno { Errno(code: errno) }

    /// `ENOENT`, `EACCES`, ... or `errno <n>` for codes without a name here.
    package var name: String {
        switch code {
        case EPERM: "EPERM"
        case ENOENT: "ENOENT"
        case EINTR: "EINTR"
        case EIO: "EIO"
        case ENXIO: "ENXIO"
        case EBADF: "EBADF"
        case EAGAIN: "EAGAIN"
        case ENOMEM: "ENOMEM"
        case EACCES: "EACCES"
        case EBUSY: "EBUSY"
        case EEXIST: "EEXIST"
        case EXDEV: "EXDEV"
        case ENOTDIR: "ENOTDIR"
        case EISDIR: "EISDIR"
        case EINVAL: "EINVAL"
        case ENFILE: "ENFILE"
        case EMFILE: "EMFILE"
        case ETXTBSY: "ETXTBSY"
        case EFBIG: "EFBIG"
        case ENOSPC: "ENOSPC"
        case ESPIPE: "ESPIPE"
        case EROFS: "EROFS"
        case EMLINK: "EMLINK"
        case EPIPE: "EPIPE"
        case ENAMETOOLONG: "ENAMETOOLONG"
        case ELOOP: "ELOOP"
        case ENOSYS: "ENOSYS"
        case EOPNOTSUPP: "EOPNOTSUPP"
        case EDQUOT: "EDQUOT"
        case ESTALE: "ESTALE"
        default: "errno \(code)"
        }
    }

    /// The C library's description (`strerror`).
    package var message: String { String(cString: strerror(code)) }

    /// `EACCES: Permission denied`.
    package var description: String { "\(name): \(message)" }

    /// The `DriverError` of system `posix`.
    package var driverError: DriverError { DriverError(system: "posix", code: name, message: message) }

    /// A `FerryError` whose message is `what` followed by the system's description.
    package func error(_ code: FerryError.Code, stage: FerryError.Stage, _ what: String) -> FerryError {
        FerryError(code, stage: stage, "\(what): \(message)", retryable: isTransient, driver: driverError)
    }

    /// Whether trying again later may succeed: resource exhaustion rather than a wrong path, or
    /// a peer that refused, reset or timed out a connection.
    package var isTransient: Bool {
        code == EAGAIN || code == EINTR || code == EMFILE || code == ENFILE || code == ENOMEM || code == EBUSY
            || code == ECONNREFUSED || code == ECONNRESET || code == ETIMEDOUT
    }
}
