/// The one error type that crosses module boundaries: what failed, where, and whether to retry.
///
/// Messages name things (files, tables, columns, lines), never row values or secrets, so an error
/// can go to events, logs and lineage as it is.
package struct FerryError: Error, Sendable, CustomStringConvertible {
    package var code: Code
    package var stage: Stage
    package var message: String
    package var retryable: Bool
    /// The driver's own error, when a database or library reported one.
    package var driver: DriverError?
    /// Every problem of an invalid request, with its JSON path.
    package var issues: [RequestIssue] = []

    package init(_ code: Code, stage: Stage, _ message: String, retryable: Bool = false, driver: DriverError? = nil) {
        self.code = code
        self.stage = stage
        self.message = message
        self.retryable = retryable
        self.driver = driver
    }

    package var description: String { "\(stage.rawValue): \(message)" }

    /// The error of a request that failed validation: every issue, nothing touched.
    package init(_ invalid: InvalidRequest) {
        self.init(.invalidRequest, stage: .validate, invalid.description)
        issues = invalid.issues
    }

    /// Where in a run the error happened.
    package enum Stage: String, Sendable, CaseIterable {
        case validate, connect, extract, transform, load, commit, lineage, cancelled
    }

    /// The family of a code, which decides the exit code.
    package enum Category: String, Sendable, CaseIterable {
        case request, source, target, rejects, checks, cancelled, `internal`
    }

    /// A stable, machine-readable error code such as `source_not_found`. Extensible: new codes
    /// may be added within a contract version, each in one category.
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        package let rawValue: String
        package let category: Category

        package init(_ rawValue: String, _ category: Category) {
            self.rawValue = rawValue
            self.category = category
        }

        package var description: String { rawValue }

        package static let invalidRequest = Code("invalid_request", .request)
        package static let unsupported = Code("unsupported", .request)
        package static let sourceNotFound = Code("source_not_found", .source)
        package static let sourceUnreadable = Code("source_unreadable", .source)
        package static let sourceFormat = Code("source_format", .source)
        package static let sourceSchema = Code("source_schema", .source)
        /// A source file the target's ledger holds as loaded, with `if_loaded` `error`.
        package static let alreadyLoaded = Code("already_loaded", .source)
        package static let targetExists = Code("target_exists", .target)
        package static let targetNotFound = Code("target_not_found", .target)
        package static let targetSchemaMismatch = Code("target_schema_mismatch", .target)
        package static let targetConstraint = Code("target_constraint", .target)
        package static let targetUnavailable = Code("target_unavailable", .target)
        package static let targetWrite = Code("target_write", .target)
        package static let rejectsExceeded = Code("rejects_exceeded", .rejects)
        /// A data check of severity `error` (or `reject`) failed over its thresholds.
        package static let checksFailed = Code("checks_failed", .checks)
        package static let cancelled = Code("cancelled", .cancelled)
        package static let internalError = Code("internal", .internal)

        /// Every code this version defines, for the docs and the contract schema.
        package static let all: [Code] = [
            invalidRequest, unsupported, sourceNotFound, sourceUnreadable, sourceFormat, sourceSchema,
            alreadyLoaded,
            targetExists, targetNotFound, targetSchemaMismatch, targetConstraint, targetUnavailable,
            targetWrite, rejectsExceeded, checksFailed, cancelled, internalError,
        ]
    }

    /// The error object of a `run_failed` event.
    package var json: JSONValue {
        var m: [(key: String, value: JSONValue)] = [
            ("code", .string(code.rawValue)), ("category", .string(code.category.rawValue)),
            ("stage", .string(stage.rawValue)), ("message", .string(message)), ("retryable", .bool(retryable)),
        ]
        if let driver { m.append(("driver", driver.json)) }
        if !issues.isEmpty {
            m.append(("issues", .array(issues.map { .object([("path", .string($0.path.description)), ("message", .string($0.message))]) })))
        }
        return .object(m)
    }
}

/// A database or library error as its driver reported it: system, code and named fields only.
package struct DriverError: Sendable, Equatable {
    /// `sqlite`, `postgres`, `odbc`, `curl`, `zlib`, `posix`.
    package var system: String
    /// The driver's code: an SQLite extended result code name, a SQLSTATE, an errno name.
    package var code: String
    /// The driver's message. Drivers that can echo values (constraint details) must not be put here.
    package var message: String

    package init(system: String, code: String, message: String) {
        self.system = system
        self.code = code
        self.message = message
    }

    var json: JSONValue {
        .object([("system", .string(system)), ("code", .string(code)), ("message", .string(message))])
    }
}
