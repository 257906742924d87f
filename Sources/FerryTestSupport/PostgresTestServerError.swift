/// Why the PostgreSQL test server or a `psql` call in a test could not do its work. The message
/// names the command and carries its error output, never the connection URL (it holds a password).
public struct PostgresTestServerError: Error, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
