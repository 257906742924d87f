import CODBC

/// SQL data type codes (`SQL_BIGINT`, …, `sql.h`, `sqlext.h`, `sqlucode.h`) as `Int16`, for code
/// outside `Handles/` that maps types.
enum ODBCSQLType {
    static let char = Int16(SQL_CHAR)
    static let varchar = Int16(SQL_VARCHAR)
    static let longVarchar = Int16(SQL_LONGVARCHAR)
    static let wideChar = Int16(SQL_WCHAR)
    static let wideVarchar = Int16(SQL_WVARCHAR)
    static let wideLongVarchar = Int16(SQL_WLONGVARCHAR)
    static let bit = Int16(SQL_BIT)
    static let tinyint = Int16(SQL_TINYINT)
    static let smallint = Int16(SQL_SMALLINT)
    static let integer = Int16(SQL_INTEGER)
    static let bigint = Int16(SQL_BIGINT)
    static let real = Int16(SQL_REAL)
    static let float = Int16(SQL_FLOAT)
    static let double = Int16(SQL_DOUBLE)
    static let numeric = Int16(SQL_NUMERIC)
    static let decimal = Int16(SQL_DECIMAL)
    static let date = Int16(SQL_TYPE_DATE)
    static let timestamp = Int16(SQL_TYPE_TIMESTAMP)
    /// ODBC 2 codes some drivers still report for dates and timestamps.
    static let legacyDate = Int16(SQL_DATE)
    static let legacyTimestamp = Int16(SQL_TIMESTAMP)
    static let guid = Int16(SQL_GUID)
    static let binary = Int16(SQL_BINARY)
    static let varbinary = Int16(SQL_VARBINARY)
    static let longVarbinary = Int16(SQL_LONGVARBINARY)
    /// Microsoft's `SQL_SS_TIMESTAMPOFFSET` (`datetimeoffset`), from its `msodbcsql.h`, which
    /// unixODBC does not ship.
    static let sqlServerTimestampOffset: Int16 = -155
}

/// The C types Ferry binds values as (`SQL_C_*`).
enum ODBCCType: Sendable, Equatable {
    /// `SQL_C_SBIGINT`: `Int64`.
    case int64
    /// `SQL_C_DOUBLE`: `Double`.
    case double
    /// `SQL_C_BIT`: one byte, 0 or 1.
    case bit
    /// `SQL_C_CHAR`: bytes (UTF-8) with a length.
    case char
    /// `SQL_C_BINARY`: bytes with a length.
    case binary
    /// `SQL_C_TYPE_DATE`: `SQL_DATE_STRUCT`.
    case date
    /// `SQL_C_TYPE_TIMESTAMP`: `SQL_TIMESTAMP_STRUCT`.
    case timestamp

    var code: SQLSMALLINT {
        switch self {
        case .int64: ferry_odbc_c_sbigint()
        case .double: ferry_odbc_c_double()
        case .bit: ferry_odbc_c_bit()
        case .char: ferry_odbc_c_char()
        case .binary: ferry_odbc_c_binary()
        case .date: ferry_odbc_c_type_date()
        case .timestamp: ferry_odbc_c_type_timestamp()
        }
    }

    /// Bytes of one value of a fixed-size type; nil for `char` and `binary`.
    var fixedSize: Int? {
        switch self {
        case .int64, .double: 8
        case .bit: 1
        case .date: MemoryLayout<SQL_DATE_STRUCT>.stride
        case .timestamp: MemoryLayout<SQL_TIMESTAMP_STRUCT>.stride
        case .char, .binary: nil
        }
    }
}

/// Length indicator values (`SQL_NULL_DATA`, `SQL_NO_TOTAL`).
enum ODBCIndicator {
    static let null: Int = ferry_odbc_null_data()
    static let noTotal: Int = ferry_odbc_no_total()
}

/// Per-parameter-set statuses (`SQL_ATTR_PARAM_STATUS_PTR`).
enum ODBCParameterStatus {
    static let success = UInt16(SQL_PARAM_SUCCESS)
    static let successWithInfo = UInt16(SQL_PARAM_SUCCESS_WITH_INFO)
    static let error = UInt16(SQL_PARAM_ERROR)
    static let unused = UInt16(SQL_PARAM_UNUSED)
}
