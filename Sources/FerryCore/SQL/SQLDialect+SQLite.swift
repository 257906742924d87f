/// SQLite, as the native connector and the SQLite ODBC driver write it (Docs/connectors/sqlite.md).
extension SQLDialect {
    /// SQLite: double-quoted identifiers, `ON CONFLICT` upserts, transactional DDL, no schemas,
    /// dates and timestamps as canonical text, decimals kept to 15 digits, no NaN.
    package static let sqlite = SQLDialect(
        family: .sqlite, name: "SQLite",
        types: ColumnTypeNames(
            bigint: "INTEGER", decimal: "DECIMAL", anyDecimal: "NUMERIC", decimalLimit: nil,
            double: "REAL", boolean: "BOOLEAN", date: "DATE", timestamp: "TIMESTAMP",
            timestamptz: "TIMESTAMPTZ", uuid: "UUID", json: "JSON", text: "TEXT"),
        upsert: .onConflict, transactionalDDL: true, hasSchemas: false, temporalAsText: true,
        valueLimits: ValueLimits(targetName: "SQLite", maxDecimalDigits: 15, allowsNaN: false))

    /// The Ferry type of a declared SQLite type, as both the native connector and the SQLite
    /// ODBC driver report it. Exact names come first (`TIMESTAMPTZ`, `UUID`, `DECIMAL(p,s)`, …),
    /// then SQLite's own affinity rules: a name containing `INT` is an integer, one containing
    /// `REAL`, `FLOA` or `DOUB` a double; anything else (`TEXT`, `VARCHAR(n)`, `CLOB`, `BLOB`, no
    /// type) is text.
    package static func sqliteColumnType(declared raw: String) -> ColumnType {
        let upper = raw.uppercased()
        let name = baseName(upper)
        switch name {
        case "TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE": return .timestamptz
        case "TIMESTAMP", "DATETIME", "TIMESTAMP WITHOUT TIME ZONE": return .timestamp
        case "DATE": return .date
        case "BOOLEAN", "BOOL": return .boolean
        case "UUID": return .uuid
        case "JSON", "JSONB": return .json
        case "NUMERIC", "DECIMAL": return decimal(arguments(upper))
        default: break
        }
        if name.contains("INT") { return .bigint }
        if name.contains("REAL") || name.contains("FLOA") || name.contains("DOUB") { return .double }
        return .text
    }

    /// The name before any `(…)`, with runs of blanks collapsed: `DOUBLE  PRECISION` →
    /// `DOUBLE PRECISION`.
    private static func baseName(_ upper: String) -> String {
        let head = upper.split(separator: "(", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return head.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }

    /// The integers between the parentheses of `DECIMAL(12, 2)`, or nil when there are none or
    /// they do not parse.
    private static func arguments(_ upper: String) -> [Int]? {
        guard let open = upper.firstIndex(of: "("), let close = upper.lastIndex(of: ")"), open < close else { return nil }
        let inner = upper[upper.index(after: open)..<close]
        var values: [Int] = []
        for part in inner.split(separator: ",", omittingEmptySubsequences: false) {
            guard let value = Int(part.filter { $0 != " " }) else { return nil }
            values.append(value)
        }
        return values
    }

    /// `decimal(p,s)` when the arguments are a valid precision (1...1000) and scale (0...p);
    /// `DECIMAL(p)` means scale 0, as in the request contract; otherwise plain decimal.
    private static func decimal(_ arguments: [Int]?) -> ColumnType {
        guard let arguments, let p = arguments.first, (1...1000).contains(p), arguments.count <= 2 else { return .anyDecimal }
        let s = arguments.count == 2 ? arguments[1] : 0
        guard (0...p).contains(s) else { return .anyDecimal }
        return .decimal(precision: p, scale: s)
    }
}
