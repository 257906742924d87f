/// One problem found in a request, at a JSON path. Messages never echo secret values.
package struct RequestIssue: Sendable, Equatable, CustomStringConvertible {
    package var path: JSONPath
    package var message: String

    package init(path: JSONPath, message: String) {
        self.path = path
        self.message = message
    }

    package var description: String { "\(path): \(message)" }
}

/// Every problem of an invalid request, reported together; nothing was touched.
package struct InvalidRequest: Error, Sendable, CustomStringConvertible {
    package var issues: [RequestIssue]

    package init(issues: [RequestIssue]) { self.issues = issues }

    package var description: String {
        let n = issues.count
        return "invalid request (\(n) problem\(n == 1 ? "" : "s")): "
            + issues.map(\.description).joined(separator: "; ")
    }
}

/// Collects issues while a request is read, so that every problem is reported at once.
package final class IssueCollector {
    package private(set) var issues: [RequestIssue] = []

    package init() {}

    package func report(_ path: JSONPath, _ message: String) {
        issues.append(RequestIssue(path: path, message: message))
    }
}
