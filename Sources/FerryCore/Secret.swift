/// A secret (password, token, connection string with credentials): never printed, never encoded.
package struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    private let value: String

    package init(_ value: String) { self.value = value }

    /// The secret itself, for the one call that hands it to a driver.
    package func reveal() -> String { value }

    package var description: String { "***" }
    package var debugDescription: String { "***" }
}
