/// What a token may do: `admin` everything and every user's runs, `loader` start and cancel its
/// own runs and upload, `viewer` only read its own runs.
package enum Role: String, Sendable, CaseIterable, Codable {
    case admin, loader, viewer

    /// Whether the role may start, retry or cancel runs and upload files.
    package var canLoad: Bool { self != .viewer }
}

/// The authenticated caller of a request.
package struct Principal: Sendable, Equatable {
    package var user: String
    package var role: Role
    package var tokenID: String

    package init(user: String, role: Role, tokenID: String) {
        (self.user, self.role, self.tokenID) = (user, role, tokenID)
    }

    /// Whether this caller may see runs and uploads of `owner`.
    package func maySee(_ owner: String) -> Bool { role == .admin || owner == user }
}
