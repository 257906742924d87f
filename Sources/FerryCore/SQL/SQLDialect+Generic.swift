/// Any other system: ANSI SQL (Docs/connectors/odbc.md).
extension SQLDialect {
    /// ANSI SQL named `name`, quoting with `quote` (`"` when it is not one character, or is a
    /// blank: a driver's way of saying it supports no quoting), no upsert, transactional DDL
    /// (the ODBC layer turns that off when the driver says otherwise).
    package static func generic(name: String, quote: String) -> SQLDialect {
        let open: Character = quote.count == 1 && quote != " " ? quote.first ?? "\"" : "\""
        return SQLDialect(
            family: .generic, name: name, openQuote: open, closeQuote: open, identifierLimit: nil,
            upsert: .none, transactionalDDL: true, renamesAtomically: false, hasSchemas: true,
            currentSchemaQuery: nil, sessionSetup: [], emptyTablePrefix: "DELETE FROM ", createTableSuffix: "",
            temporalAsText: false, selectFromNothing: "", tableAliasAs: true,
            valueLimits: ValueLimits(targetName: name, maxDecimalDigits: 38, allowsNaN: false, allowsInfinity: false))
    }

    static func genericTypeName(for type: ColumnType) -> String {
        switch type {
        case .bigint: "BIGINT"
        case let .decimal(p?, s?): "DECIMAL(\(p),\(s))"
        case let .decimal(p?, nil): "DECIMAL(\(p))"
        case .decimal: "DECIMAL(38,10)"
        case .double: "DOUBLE PRECISION"
        case .boolean: "BOOLEAN"
        case .date: "DATE"
        case .timestamp: "TIMESTAMP"
        case .timestamptz: "TIMESTAMP WITH TIME ZONE"
        case .uuid: "CHAR(36)"
        case .json, .text: "VARCHAR(4000)"
        }
    }
}
