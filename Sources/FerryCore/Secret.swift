/// A secret (password, token, connection string with credentials): never printed, never encoded.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    private let value: String

    public init(_ value: String) { self.value = value }

    /// The secret itself, for the one call that hands it to a driver.
    public func reveal() -> String { value }

    public var description: String { "***" }
    public var debugDescription: String { "***" }
}
