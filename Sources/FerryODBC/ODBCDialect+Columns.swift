import FerryCore

extension ODBCDialect {
    /// The Ferry type of a table or result column, and the narrower limit its type puts on
    /// values (Docs/connectors/odbc.md, "Existing tables"). The DBMS's type name decides first
    /// (`timestamptz`, `uuid`, `json`, psqlODBC's `bool` reported as text), then the SQL type
    /// code; anything without a Ferry name is text.
    func columnType(_ column: ODBCResultColumn) -> (type: ColumnType, limit: ColumnLimit?) {
        if family == .sqlite { return (SQLDialect.sqliteColumnType(declared: column.typeName), nil) }
        let name = column.typeName.lowercased()
        if name.contains("timestamptz") || name.contains("with time zone") || name.contains("timestamp_tz")
            || name.contains("timestamp_ltz") || name.contains("datetimeoffset") || column.sqlType == ODBCSQLType.sqlServerTimestampOffset {
            return (.timestamptz, nil)
        }
        switch name {
        case "bool", "boolean": return (.boolean, nil)
        // MySQL's BOOLEAN, as ODBCCatalog names it (the catalog itself says `tinyint`).
        case "tinyint(1)" where family == .mysql: return (.boolean, nil)
        case "uuid", "uniqueidentifier": return (.uuid, nil)
        case "json", "jsonb": return (.json, nil)
        default: break
        }
        switch column.sqlType {
        case ODBCSQLType.bigint: return (.bigint, nil)
        case ODBCSQLType.integer: return (.bigint, .integerRange(min: Int64(Int32.min), max: Int64(Int32.max), typeName: column.typeName))
        case ODBCSQLType.smallint: return (.bigint, .integerRange(min: Int64(Int16.min), max: Int64(Int16.max), typeName: column.typeName))
        case ODBCSQLType.tinyint:
            // SQL Server's tinyint is unsigned; the SQL standard's (where a DBMS has one) is not.
            return family == .sqlServer
                ? (.bigint, .integerRange(min: 0, max: 255, typeName: column.typeName))
                : (.bigint, .integerRange(min: -128, max: 127, typeName: column.typeName))
        case ODBCSQLType.bit: return (.boolean, nil)
        case ODBCSQLType.real: return (.double, .singlePrecision)
        case ODBCSQLType.float, ODBCSQLType.double: return (.double, nil)
        case ODBCSQLType.numeric, ODBCSQLType.decimal: return (decimal(size: column.size, digits: column.digits), nil)
        case ODBCSQLType.date, ODBCSQLType.legacyDate: return (.date, nil)
        case ODBCSQLType.timestamp, ODBCSQLType.legacyTimestamp: return (.timestamp, nil)
        case ODBCSQLType.guid: return (.uuid, nil)
        case ODBCSQLType.char, ODBCSQLType.varchar, ODBCSQLType.wideChar, ODBCSQLType.wideVarchar:
            guard enforcesLengths, column.size > 0, column.size < 1 << 30 else { return (.text, nil) }
            return (.text, .maxCharacters(column.size, typeName: "\(column.typeName)(\(column.size))"))
        default: return (.text, nil)
        }
    }

    /// `decimal(p,s)` when the size and digits are a valid precision and scale. psqlODBC reports
    /// a `numeric` without precision as `numeric(28,6)` (its default), so for PostgreSQL exactly
    /// that is taken as unconstrained: values are not cut to six places.
    private func decimal(size: Int, digits: Int) -> ColumnType {
        if family == .postgres, size == 28, digits == 6 { return .anyDecimal }
        guard (1...1000).contains(size), (0...size).contains(digits) else { return .anyDecimal }
        return .decimal(precision: size, scale: digits)
    }
}
