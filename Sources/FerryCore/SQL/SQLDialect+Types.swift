/// The column type a created table uses for each Ferry type, per family (the connector pages in
/// Docs/connectors/ list them), and the types of the load ledger's columns.
extension SQLDialect {
    /// The column type a created table uses for `type`.
    package func typeName(for type: ColumnType) -> String {
        types.name(for: type)
    }

    /// A text column type for the ledger's key (`run_id`): types like `text` or `NVARCHAR(MAX)`
    /// cannot be a primary key everywhere.
    package var ledgerKeyType: String {
        switch family {
        case .postgres: "text"
        case .sqlite: "TEXT"
        case .oracle: "VARCHAR2(64)"
        default: "VARCHAR(64)"
        }
    }

    /// A text column type for the ledger's short text columns.
    package var ledgerTextType: String {
        switch family {
        case .postgres: "text"
        case .sqlite: "TEXT"
        case .mysql: "TEXT"
        case .sqlServer: "NVARCHAR(4000)"
        case .oracle: "NVARCHAR2(2000)"
        case .snowflake: "VARCHAR"
        case .vertica: "VARCHAR(65000)"
        case .generic: "VARCHAR(4000)"
        }
    }
}
