/// One problem found in a request, at a JSON path. Messages never echo secret values.
public struct RequestIssue: Sendable, Equatable, CustomStringConvertible {
    public var path: JSONPath
    public var message: String

    public init(path: JSONPath, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

/// Every problem of an invalid request, reported together; nothing was touched.
public struct InvalidRequest: Error, Sendable, CustomStringConvertible {
    public var issues: [RequestIssue]

    public init(issues: [RequestIssue]) { self.issues = issues }

    public var description: String {
        let n = issues.count
        return "invalid request (\(n) problem\(n == 1 ? "" : "s")): "
            + issues.map(\.description).joined(separator: "; ")
    }
}

/// Collects issues while a request is read, so that every problem is reported at once.
public final class IssueCollector {
    public private(set) var issues: [RequestIssue] = []

    public init() {}

    public func report(_ path: JSONPath, _ message: String) {
        issues.append(RequestIssue(path: path, message: message))
    }
}
