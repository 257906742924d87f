/// Why the PostgreSQL test server or a `psql` call in a test could not do its work. The message
/// names the command and carries its error output, never the connection URL (it holds a password).
package struct PostgresTestServerError: Error, CustomStringConvertible {
    package let message: String

    package init(_ message: String) { self.message = message }

    package var description: String { message }
}
