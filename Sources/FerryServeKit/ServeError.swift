/// An API refusal: the HTTP status, a stable code and a message that names JSON paths, never
/// secrets or file contents.
package struct ServeError: Error, Sendable, Equatable {
    package var status: Int
    package var code: String
    package var message: String
    /// Seconds to wait before trying again (429 only).
    package var retryAfter: Int?

    package init(_ status: Int, _ code: String, _ message: String, retryAfter: Int? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
    }

    /// The body: `{"error": {"code": ..., "message": ...}}`.
    package var json: JSONValue {
        .object(["error": .object(["code": .string(code), "message": .string(message)])])
    }
}
