/// The one error type that crosses module boundaries: what failed, where, and whether to retry.
///
/// Messages name things (files, tables, columns, lines), never row values or secrets, so an error
/// can go to events, logs and lineage as it is.
public struct FerryError: Error, Sendable, CustomStringConvertible {
    public var code: Code
    public var stage: Stage
    public var message: String
    public var retryable: Bool
    /// The driver's own error, when a database or library reported one.
    public var driver: DriverError?
    /// Every problem of an invalid request, with its JSON path.
    public var issues: [RequestIssue] = []

    public init(_ code: Code, stage: Stage, _ message: String, retryable: Bool = false, driver: DriverError? = nil) {
        self.code = code
        self.stage = stage
        self.message = message
        self.retryable = retryable
        self.driver = driver
    }

    public var description: String { "\(stage.rawValue): \(message)" }

    /// The error of a request that failed validation: every issue, nothing touched.
    public init(_ invalid: InvalidRequest) {
        self.init(.invalidRequest, stage: .validate, invalid.description)
        issues = invalid.issues
    }

    /// Where in a run the error happened.
    public enum Stage: String, Sendable, CaseIterable {
        case validate, connect, extract, transform, load, commit, lineage, cancelled
    }

    /// The family of a code, which decides the exit code.
    public enum Category: String, Sendable, CaseIterable {
        case request, source, target, rejects, cancelled, `internal`
    }

    /// A stable, machine-readable error code such as `source_not_found`. Extensible: new codes
    /// may be added within a contract version, each in one category.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public let category: Category

        public init(_ rawValue: String, _ category: Category) {
            self.rawValue = rawValue
            self.category = category
        }

        public var description: String { rawValue }

        public static let invalidRequest = Code("invalid_request", .request)
        public static let unsupported = Code("unsupported", .request)
        public static let sourceNotFound = Code("source_not_found", .source)
        public static let sourceUnreadable = Code("source_unreadable", .source)
        public static let sourceFormat = Code("source_format", .source)
        public static let sourceSchema = Code("source_schema", .source)
        public static let targetExists = Code("target_exists", .target)
        public static let targetNotFound = Code("target_not_found", .target)
        public static let targetSchemaMismatch = Code("target_schema_mismatch", .target)
        public static let targetConstraint = Code("target_constraint", .target)
        public static let targetUnavailable = Code("target_unavailable", .target)
        public static let targetWrite = Code("target_write", .target)
        public static let rejectsExceeded = Code("rejects_exceeded", .rejects)
        public static let cancelled = Code("cancelled", .cancelled)
        public static let internalError = Code("internal", .internal)

        /// Every code this version defines, for the docs and the contract schema.
        public static let all: [Code] = [
            invalidRequest, unsupported, sourceNotFound, sourceUnreadable, sourceFormat, sourceSchema,
            targetExists, targetNotFound, targetSchemaMismatch, targetConstraint, targetUnavailable,
            targetWrite, rejectsExceeded, cancelled, internalError,
        ]
    }

    /// The error object of a `run_failed` event.
    public var json: JSONValue {
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
public struct DriverError: Sendable, Equatable {
    /// `sqlite`, `postgres`, `odbc`, `curl`, `zlib`, `posix`.
    public var system: String
    /// The driver's code: an SQLite extended result code name, a SQLSTATE, an errno name.
    public var code: String
    /// The driver's message. Drivers that can echo values (constraint details) must not be put here.
    public var message: String

    public init(system: String, code: String, message: String) {
        self.system = system
        self.code = code
        self.message = message
    }

    var json: JSONValue {
        .object([("system", .string(system)), ("code", .string(code)), ("message", .string(message))])
    }
}
