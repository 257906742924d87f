import Foundation

/// One row of the run history, as the API shows it.
package struct RunRecord: Sendable, Equatable {
    package enum Status: String, Sendable, CaseIterable {
        case queued, running, completed, failed, cancelled, interrupted

        /// Whether the run has ended.
        package var isFinal: Bool { self != .queued && self != .running }
    }

    package var id: String
    package var user: String
    package var job: String
    package var status: Status
    /// Milliseconds since 1970.
    package var createdAt: Int64
    package var startedAt: Int64?
    package var finishedAt: Int64?
    package var retryOf: String?
    /// The request as `ferry run` receives it.
    package var request: JSONValue
    /// The last event (`run_completed` / `run_failed`), when there is one.
    package var result: JSONValue?
    package var rowsWritten: Int64?
    package var rowsRejected: Int64?
    package var exitCode: Int64?
    package var rejectFile: String?
    package var uploadBytes: Int64

    package init(id: String, user: String, job: String, status: Status, createdAt: Int64, retryOf: String?, request: JSONValue, uploadBytes: Int64) {
        (self.id, self.user, self.job, self.status) = (id, user, job, status)
        (self.createdAt, self.retryOf, self.request, self.uploadBytes) = (createdAt, retryOf, request, uploadBytes)
    }

    /// The API's JSON for this run (server paths and target details are left out).
    package var json: JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(id), "status": .string(status.rawValue), "user": .string(user), "job": .string(job),
            "created_at": .string(Self.iso(createdAt)),
            "started_at": startedAt.map { .string(Self.iso($0)) } ?? .null,
            "finished_at": finishedAt.map { .string(Self.iso($0)) } ?? .null,
            "retry_of": retryOf.map { .string($0) } ?? .null,
            "rows_written": rowsWritten.map { .number(Double($0)) } ?? .null,
            "rows_rejected": rowsRejected.map { .number(Double($0)) } ?? .null,
            "exit_code": exitCode.map { .number(Double($0)) } ?? .null,
            "has_reject_file": .bool(rejectFile != nil),
        ]
        if let result, var object = result.object {
            for key in ["source", "target", "lineage", "reject_file"] { object[key] = nil }
            members["result"] = .object(object)
        } else {
            members["result"] = .null
        }
        return .object(members)
    }

    /// RFC 3339 UTC time with milliseconds.
    package static func iso(_ milliseconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }
}
