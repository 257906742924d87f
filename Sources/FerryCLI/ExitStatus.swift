package import FerryCore

/// Ferry's documented, stable exit codes (Docs/exit-codes.md). The one place errors become codes.
package enum ExitStatus: Int32, CaseIterable, Sendable {
    case success = 0
    /// A bug or an unexpected environment failure.
    case internalError = 1
    /// Bad command-line usage (unknown flag, missing argument).
    case usage = 2
    /// The request failed validation; nothing was touched.
    case invalidRequest = 3
    /// The source could not be read or has the wrong shape.
    case sourceError = 4
    /// The target refused the load (exists, schema mismatch, constraint, unavailable); it was rolled back.
    case targetError = 5
    /// More rows were rejected than `max_rejects` allows; the target was left unchanged.
    case rejectsExceeded = 6
    /// A data check of severity `error` failed (`checks_failed`); the target was left unchanged.
    case checksFailed = 7
    /// SIGINT or SIGTERM stopped the run; the target was rolled back.
    case interrupted = 130

    /// The exit code for a run's error.
    package init(_ error: FerryError?) {
        guard let error else { self = .success; return }
        switch error.code.category {
        case .request: self = .invalidRequest
        case .source: self = .sourceError
        case .target: self = .targetError
        case .rejects: self = .rejectsExceeded
        case .checks: self = .checksFailed
        case .cancelled: self = .interrupted
        case .internal: self = .internalError
        }
    }
}
