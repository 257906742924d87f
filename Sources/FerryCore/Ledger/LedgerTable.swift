/// The load ledger table's SQL, built once from `LedgerColumn` for any database: each ledger
/// writer supplies its quoting and type names, and binds `LedgerEntry.values` its own way.
package enum LedgerTable {
    /// The ledger table's name.
    package static let name = LedgerEntry.defaultTable

    /// Whether `table` is the ledger's name as databases match unquoted names: ASCII letters in
    /// any case. A load may never target the ledger.
    package static func isLedger(_ table: String) -> Bool {
        let expected = Array(name.utf8)
        let given = Array(table.utf8)
        guard given.count == expected.count else { return false }
        for index in given.indices {
            var byte = given[index]
            if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
            if byte != expected[index] { return false }
        }
        return true
    }

    /// `CREATE TABLE [IF NOT EXISTS] <table> (…)` in `dialect`'s types: text columns in its
    /// ledger text type (`run_id`, the primary key, in its key type), counts as bigint, times as
    /// timestamptz; NOT NULL where the column is, and the two statuses.
    package static func createSQL(table: String, ifNotExists: Bool, dialect: SQLDialect) -> String {
        let columns = LedgerColumn.allCases.map { definition($0, dialect: dialect) }
        let status = dialect.quoted(LedgerColumn.status.rawValue)
        return "CREATE TABLE " + (ifNotExists ? "IF NOT EXISTS " : "") + table + " (\n    "
            + columns.joined(separator: ",\n    ")
            + ",\n    PRIMARY KEY (" + dialect.quoted(LedgerColumn.runID.rawValue) + ")"
            + ",\n    CHECK (" + status + " IN ('completed', 'failed'))\n)"
    }

    /// `ALTER TABLE <table> ADD <column> <type>` for a column an older ledger table lacks
    /// (`LedgerColumn.addedLater`, all nullable). `ADD` without `COLUMN` is what SQLite, PostgreSQL,
    /// MySQL/MariaDB and SQL Server all accept; `ifNotExists` adds PostgreSQL's `IF NOT EXISTS`,
    /// which makes a concurrent second migration a no-op.
    package static func addColumnSQL(table: String, column: LedgerColumn, ifNotExists: Bool, dialect: SQLDialect) -> String {
        "ALTER TABLE " + table + " ADD " + (ifNotExists ? "COLUMN IF NOT EXISTS " : "") + definition(column, dialect: dialect)
    }

    /// The columns of `LedgerColumn.addedLater` missing from a ledger table that has `existing`
    /// (matched ignoring ASCII case, as unquoted names are).
    package static func missingColumns(existing: [String]) -> [LedgerColumn] {
        let have = Set(existing.map { $0.lowercased() })
        return LedgerColumn.addedLater.filter { !have.contains($0.rawValue) }
    }

    /// `"name" type [NOT NULL]` in `dialect`'s types: text columns in its ledger text type
    /// (`run_id`, the primary key, in its key type), counts as bigint, times as timestamptz.
    private static func definition(_ column: LedgerColumn, dialect: SQLDialect) -> String {
        let type = switch column.kind {
        case _ where column == .runID: dialect.ledgerKeyType
        case .text: dialect.ledgerTextType
        case .integer: dialect.typeName(for: .bigint)
        case .timestamp: dialect.typeName(for: .timestamptz)
        }
        return dialect.quoted(column.rawValue) + " " + type + (column.nullable ? "" : " NOT NULL")
    }

    /// `INSERT INTO <table> (…every column…) VALUES (…)` with `placeholder(position, kind)` for
    /// the values, positions counted from 1 in `LedgerColumn.allCases` order.
    package static func insertSQL(table: String, dialect: SQLDialect, placeholder: (Int, LedgerColumn) -> String) -> String {
        let columns = LedgerColumn.allCases
        return "INSERT INTO " + table + " (" + columns.map { dialect.quoted($0.rawValue) }.joined(separator: ", ") + ") VALUES ("
            + columns.enumerated().map { placeholder($0.offset + 1, $0.element) }.joined(separator: ", ") + ")"
    }

    /// `YYYY-MM-DD HH:MM:SS.fffZ`: always three digits of milliseconds, so that text order is
    /// time order where a database keeps the timestamps as text (the canonical timestamptz text
    /// drops trailing zeros, and `…:05Z` would sort after `…:05.5Z`).
    package static func timestampText(unixMillis: Int64) -> String {
        var seconds = unixMillis / 1000
        var millis = unixMillis % 1000
        if millis < 0 {
            seconds -= 1
            millis += 1000
        }
        var out: [UInt8] = []
        out.reserveCapacity(24)
        ValueFormatter.appendTimestamp(micros: seconds * 1_000_000, utcSuffix: false, to: &out)
        out.append(0x2E)
        out.append(UInt8(48 + millis / 100))
        out.append(UInt8(48 + millis / 10 % 10))
        out.append(UInt8(48 + millis % 10))
        out.append(0x5A)
        return String(decoding: out, as: UTF8.self)
    }
}
