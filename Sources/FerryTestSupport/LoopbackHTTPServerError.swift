/// Why the loopback HTTP server could not start.
public struct LoopbackHTTPServerError: Error, CustomStringConvertible, Sendable {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
