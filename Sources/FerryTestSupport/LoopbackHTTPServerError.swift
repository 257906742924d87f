/// Why the loopback HTTP server could not start.
package struct LoopbackHTTPServerError: Error, CustomStringConvertible, Sendable {
    package let description: String

    init(_ description: String) {
        self.description = description
    }
}
