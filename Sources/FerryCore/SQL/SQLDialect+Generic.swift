/// Any other system: ANSI SQL (Docs/connectors/odbc.md).
extension SQLDialect {
    /// ANSI SQL named `name`, quoting with `quote` (`"` when it is not one character, or is a
    /// blank: a driver's way of saying it supports no quoting), no upsert, transactional DDL
    /// (the ODBC layer turns that off when the driver says otherwise).
    package static func generic(name: String, quote: String) -> SQLDialect {
        let open: Character = quote.count == 1 && quote != " " ? quote.first ?? "\"" : "\""
        return SQLDialect(
            family: .generic, name: name,
            types: ColumnTypeNames(
                bigint: "BIGINT", decimal: "DECIMAL", anyDecimal: "DECIMAL(38,10)", decimalLimit: nil,
                double: "DOUBLE PRECISION", boolean: "BOOLEAN", date: "DATE", timestamp: "TIMESTAMP",
                timestamptz: "TIMESTAMP WITH TIME ZONE", uuid: "CHAR(36)", json: "VARCHAR(4000)", text: "VARCHAR(4000)"),
            openQuote: open, closeQuote: open, upsert: .none, transactionalDDL: true,
            valueLimits: ValueLimits(targetName: name, maxDecimalDigits: 38, allowsNaN: false, allowsInfinity: false))
    }
}
