/// A problem with an expression: what is wrong and where (1-based character position).
package struct ExprError: Error, Sendable, Equatable, CustomStringConvertible {
    package var position: Int
    package var message: String

    package init(position: Int, _ message: String) {
        self.position = position
        self.message = message
    }

    package var description: String { "at position \(position): \(message)" }
}
