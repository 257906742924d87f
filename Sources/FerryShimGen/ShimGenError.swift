/// Why the shims could not be rendered or written.
package struct ShimGenError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, naming the schema path or the file.
    package var message: String

    /// An error with `message`.
    package init(_ message: String) { self.message = message }

    /// The message.
    package var description: String { message }
}
