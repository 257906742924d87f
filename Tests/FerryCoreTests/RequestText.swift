@testable import FerryCore

/// Parses a request document given as text.
func parseRequest(_ text: String) throws(InvalidRequest) -> LoadRequest {
    try LoadRequest.parse(Array(text.utf8))
}

/// Every problem `parseRequest` reports for `text` (`$.path: message`), none when it parses.
func requestIssues(_ text: String) -> [String] {
    do {
        _ = try parseRequest(text)
        return []
    } catch {
        return error.issues.map(\.description)
    }
}
