import FerryCore

extension ODBCDialect {
    /// The column type a created table uses for `type` (Docs/connectors/odbc.md, "Type mapping").
    func typeName(for type: ColumnType) -> String {
        switch family {
        case .postgres:
            switch type {
            case .bigint: "bigint"
            case let .decimal(p?, s?): "numeric(\(p),\(s))"
            case let .decimal(p?, nil): "numeric(\(p))"
            case .decimal: "numeric"
            case .double: "double precision"
            case .boolean: "boolean"
            case .date: "date"
            case .timestamp: "timestamp"
            case .timestamptz: "timestamptz"
            case .uuid: "uuid"
            case .json: "json"
            case .text: "text"
            }
        case .sqlite:
            switch type {
            case .bigint: "INTEGER"
            case let .decimal(p?, s?): "DECIMAL(\(p),\(s))"
            case let .decimal(p?, nil): "DECIMAL(\(p))"
            case .decimal: "NUMERIC"
            case .double: "REAL"
            case .boolean: "BOOLEAN"
            case .date: "DATE"
            case .timestamp: "TIMESTAMP"
            case .timestamptz: "TIMESTAMPTZ"
            case .uuid: "UUID"
            case .json: "JSON"
            case .text: "TEXT"
            }
        case .sqlServer:
            switch type {
            case .bigint: "BIGINT"
            case let .decimal(p?, s) where p <= 38: "DECIMAL(\(p),\(s ?? 0))"
            case .decimal: "DECIMAL(38,10)"
            case .double: "FLOAT"
            case .boolean: "BIT"
            case .date: "DATE"
            case .timestamp: "DATETIME2(6)"
            case .timestamptz: "DATETIMEOFFSET(6)"
            case .uuid: "UNIQUEIDENTIFIER"
            case .json, .text: "NVARCHAR(MAX)"
            }
        case .oracle:
            switch type {
            case .bigint: "NUMBER(19)"
            case let .decimal(p?, s) where p <= 38: "NUMBER(\(p),\(s ?? 0))"
            case .decimal: "NUMBER"
            case .double: "BINARY_DOUBLE"
            case .boolean: "NUMBER(1)"
            case .date: "DATE"
            case .timestamp: "TIMESTAMP(6)"
            case .timestamptz: "TIMESTAMP(6) WITH TIME ZONE"
            case .uuid: "VARCHAR2(36)"
            case .json, .text: "NCLOB"
            }
        case .snowflake:
            switch type {
            case .bigint: "BIGINT"
            case let .decimal(p?, s) where p <= 38: "NUMBER(\(p),\(s ?? 0))"
            case .decimal: "NUMBER(38,10)"
            case .double: "DOUBLE"
            case .boolean: "BOOLEAN"
            case .date: "DATE"
            case .timestamp: "TIMESTAMP_NTZ(6)"
            case .timestamptz: "TIMESTAMP_TZ(6)"
            case .uuid: "VARCHAR(36)"
            case .json, .text: "VARCHAR"
            }
        case .vertica:
            switch type {
            case .bigint: "INTEGER"
            case let .decimal(p?, s) where p <= 1024: "NUMERIC(\(p),\(s ?? 0))"
            case .decimal: "NUMERIC(37,15)"
            case .double: "FLOAT"
            case .boolean: "BOOLEAN"
            case .date: "DATE"
            case .timestamp: "TIMESTAMP"
            case .timestamptz: "TIMESTAMPTZ"
            case .uuid: "UUID"
            case .json, .text: "LONG VARCHAR"
            }
        case .generic:
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

    /// A text column type for the ledger's key (`run_id`): types like `text` or `NVARCHAR(MAX)`
    /// cannot be a primary key everywhere.
    var ledgerKeyType: String {
        switch family {
        case .postgres: "text"
        case .sqlite: "TEXT"
        case .oracle: "VARCHAR2(64)"
        default: "VARCHAR(64)"
        }
    }

    /// A text column type for the ledger's short text columns.
    var ledgerTextType: String {
        switch family {
        case .postgres: "text"
        case .sqlite: "TEXT"
        case .sqlServer: "NVARCHAR(4000)"
        case .oracle: "NVARCHAR2(2000)"
        case .snowflake: "VARCHAR"
        case .vertica: "VARCHAR(65000)"
        case .generic: "VARCHAR(4000)"
        }
    }
}
