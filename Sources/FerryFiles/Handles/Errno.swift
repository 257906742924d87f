#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FerryCore

/// An `errno` value with its symbolic name and `strerror` text, as the `posix` driver error.
struct Errno {
    let code: Int32

    /// The calling thread's current `errno`.
    static var current: Errno { Errno(code: errno) }

    /// `ENOENT`, `EACCES`, ... or `errno <n>` for codes without a name here.
    var name: String {
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
    var message: String { String(cString: strerror(code)) }

    /// The `DriverError` of system `posix`.
    var driverError: DriverError { DriverError(system: "posix", code: name, message: message) }

    /// A `FerryError` whose message is `what` followed by the system's description.
    func error(_ code: FerryError.Code, stage: FerryError.Stage, _ what: String) -> FerryError {
        FerryError(code, stage: stage, "\(what): \(message)", retryable: isTransient, driver: driverError)
    }

    /// Whether trying again later may succeed (resource exhaustion rather than a wrong path).
    private var isTransient: Bool {
        code == EAGAIN || code == EINTR || code == EMFILE || code == ENFILE || code == ENOMEM || code == EBUSY
    }
}
