import FerryCore

/// Turns the errors of the shared PostgreSQL plumbing, which speaks as a load target
/// (`target_unavailable`, `target_write`, …), into the errors of a source:
/// - `cancelled` stays as it is;
/// - 25006 (read_only_sql_transaction): `unsupported`, naming `$.source.query`;
/// - 42P01 (undefined_table), 3F000 (invalid_schema_name): `source_not_found`;
/// - while describing a query, its other errors (syntax, unknown names, class 42): the request
///   is invalid (`invalid_request`, stage `validate`, naming `$.source.query`);
/// - an unreachable server or a lost connection: `source_unreadable`, as retryable as it was;
/// - a connection string libpq cannot parse: `invalid_request` naming `$.source.connection`;
/// - any other failure: `source_unreadable`.
/// Messages are kept: they name tables and columns, never values or passwords.
enum PostgresSourceFailure {
    static func mapped(_ error: FerryError, isQuery: Bool) -> FerryError {
        var mapped = error
        let sqlstate = error.driver?.code
        switch (error.code, sqlstate) {
        case (.cancelled, _), (.sourceFormat, _), (.sourceNotFound, _), (.unsupported, _):
            return error
        case (_, "25006"?):
            mapped.code = .unsupported
            mapped.message = "$.source.query: the query would change the database, and a source query runs read-only (\(error.message))"
        case (_, "42P01"?), (_, "3F000"?):
            mapped.code = .sourceNotFound
        case (.invalidRequest, _):
            // Only the connection string is checked before the query: name it in the request.
            let message = error.message.replacing("$.target.connection", with: "$.source.connection")
            mapped.message = message.hasPrefix("$.") ? message : "$.source.connection: " + message
        case (.targetSchemaMismatch, _) where isQuery && error.stage == .connect:
            mapped.code = .invalidRequest
            mapped.stage = .validate
            mapped.message = "$.source.query: " + error.message
        default:
            mapped.code = .sourceUnreadable
        }
        return mapped
    }
}
