/// The checks every database target makes of the table and schema a request names, before it
/// connects (the request's own validation refuses empty strings and NUL too; these keep a
/// target built another way from loading into a name the database would cut or misread).
package enum TargetTableName {
    /// `table`, once it is a name a load may target: given and not empty, without NUL, within
    /// `dialect`'s identifier limit (when the system is known) and not the load ledger in any
    /// letter case (a quoted "FERRY_LOADS" beside the ledger only invites forged rows); the same
    /// for `schema` but the ledger rule, and it must not be empty when given. `target` names the
    /// target in messages: `a PostgreSQL target`.
    package static func validate(
        table: String?, schema: String?, target: String, dialect: SQLDialect?
    ) throws(FerryError) -> String {
        guard let table, !table.isEmpty else {
            throw FerryError(.invalidRequest, stage: .validate, "$.target.table: \(target) needs a table name")
        }
        for (path, text) in [("table", table), ("schema", schema ?? "")] {
            if text.utf8.contains(0) {
                throw FerryError(.invalidRequest, stage: .validate, "$.target.\(path): a name cannot contain a NUL character")
            }
            if let dialect, !dialect.fits(text), let limit = dialect.identifierLimit {
                throw FerryError(.invalidRequest, stage: .validate, "$.target.\(path): \(dialect.name) names are at most \(describe(limit)) long")
            }
        }
        if let schema, schema.isEmpty {
            throw FerryError(.invalidRequest, stage: .validate, "$.target.schema: must not be empty")
        }
        guard !LedgerTable.isLedger(table) else {
            throw FerryError(
                .invalidRequest, stage: .validate,
                "$.target.table: \(dialect?.quoted(table) ?? table) is Ferry's load ledger, which only Ferry writes; load into another table")
        }
        return table
    }

    /// `63 bytes`, `64 characters`.
    private static func describe(_ limit: SQLDialect.IdentifierLimit) -> String {
        switch limit {
        case let .bytes(count): "\(count) bytes"
        case let .characters(count): "\(count) characters"
        }
    }
}
