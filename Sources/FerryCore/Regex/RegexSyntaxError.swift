/// A pattern the regex engine refuses: why, and the 0-based byte offset where it went wrong.
package struct RegexSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    package var position: Int
    package var reason: String

    package var description: String { "\(reason) at position \(position)" }
}
