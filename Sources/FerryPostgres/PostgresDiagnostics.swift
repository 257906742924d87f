import FerryCore

/// The named fields of a PostgreSQL error (`PQresultErrorField`), without the ones that can
/// carry row values: `PG_DIAG_MESSAGE_DETAIL` (`Key (id)=(5) already exists`) is never read, and
/// of `PG_DIAG_CONTEXT` only the COPY row number and column name are kept.
struct PostgresDiagnostics: Sendable, Equatable {
    /// `PG_DIAG_SQLSTATE`; nil when libpq itself failed (lost connection, no server).
    var sqlstate: String?
    /// `PG_DIAG_MESSAGE_PRIMARY`, or libpq's own message when there is no SQLSTATE.
    var primary: String
    var schema: String?
    var table: String?
    var column: String?
    var constraint: String?
    var datatype: String?
    /// The 1-based row of the COPY stream the server was reading (`COPY t, line 5, …`).
    var copyRow: Int?
    /// The column of that row, when the context names one of the load's columns.
    var copyColumn: String?

    init(sqlstate: String?, primary: String, schema: String? = nil, table: String? = nil, column: String? = nil,
         constraint: String? = nil, datatype: String? = nil, copyRow: Int? = nil, copyColumn: String? = nil) {
        self.sqlstate = sqlstate
        self.primary = primary
        self.schema = schema
        self.table = table
        self.column = column
        self.constraint = constraint
        self.datatype = datatype
        self.copyRow = copyRow
        self.copyColumn = copyColumn
    }

    /// Reads the row number and column name out of a COPY error context such as
    /// `COPY t, line 5, column amount: "12x"`, and nothing else (the quoted part is a value).
    /// `columns` are the load's column names: a name is only taken when it is one of them, so a
    /// value can never be mistaken for one.
    /// The context may hold several lines (a trigger's, then the COPY's); the COPY line is used.
    static func copyPosition(context: String, columns: [String]) -> (row: Int?, column: String?) {
        guard let copyLine = context.split(separator: "\n").last(where: { $0.hasPrefix("COPY ") }),
              let line = copyLine.firstRange(of: ", line ") else { return (nil, nil) }
        let context = copyLine
        let digits = context[line.upperBound...].prefix { $0.isASCII && $0.isNumber }
        let row = Int(digits)
        let rest = context[line.upperBound...].dropFirst(digits.count)
        var best: String?
        if rest.hasPrefix(", column ") {
            let named = rest.dropFirst(", column ".count)
            for name in columns where named.hasPrefix(name + ":") || named == name {
                if name.count > best?.count ?? -1 { best = name }
            }
        }
        return (row, best)
    }

    /// The message for users: for data exceptions (class 22), integrity violations (class 23) and
    /// errors raised by functions or triggers (class P0) it is built from the names only, since
    /// the server's text can quote the offending value; otherwise the server's primary message.
    var safeMessage: String {
        guard let sqlstate else { return primary }
        let cls = sqlstate.prefix(2)
        guard cls == "22" || cls == "23" || cls == "P0" else { return primary }
        var parts = [Self.conditionName(sqlstate)]
        if let constraint { parts.append("constraint \(PostgresSQL.quoted(constraint))") }
        if let table {
            parts.append("table " + (schema.map { PostgresSQL.quoted($0) + "." } ?? "") + PostgresSQL.quoted(table))
        }
        if let name = column ?? copyColumn { parts.append("column \(PostgresSQL.quoted(name))") }
        if let datatype { parts.append("type \(datatype)") }
        return parts.joined(separator: ", ")
    }

    /// A short English name of the condition a SQLSTATE of class 22, 23 or P0 stands for.
    static func conditionName(_ sqlstate: String) -> String {
        switch sqlstate {
        case "22001": "value too long for the column's type"
        case "22003": "numeric value out of range"
        case "22004": "NULL value not allowed"
        case "22007": "invalid date/time format"
        case "22008": "date/time value out of range"
        case "22012": "division by zero"
        case "22021": "character not in the database's encoding"
        case "22023": "invalid parameter value"
        case "22P02": "invalid input syntax for the column's type"
        case "22P03": "invalid binary representation"
        case "22P04": "bad COPY data format"
        case "22P05": "character cannot be converted to the database's encoding"
        case "23502": "NULL in a NOT NULL column"
        case "23503": "foreign key violation"
        case "23505": "duplicate key violates a unique constraint"
        case "23514": "check constraint violated"
        case "23P01": "exclusion constraint violated"
        case "P0001": "a function or trigger raised an exception"
        default:
            if sqlstate.hasPrefix("22") { "data exception (SQLSTATE \(sqlstate))" }
            else if sqlstate.hasPrefix("23") { "integrity constraint violated (SQLSTATE \(sqlstate))" }
            else { "a function or trigger failed (SQLSTATE \(sqlstate))" }
        }
    }
}
