import ArgumentParser
import FerryCore

/// `ferry load`'s flags for the request's `transform` (Docs/transforms.md).
struct TransformOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Keep only these input columns, in this order (comma-separated).", valueName: "COLS")) var select: String?

    @Option(name: .long, help: ArgumentHelp("Leave out input columns (comma-separated); repeatable.", valueName: "COLS")) var drop: [String] = []

    @Option(name: .long, help: ArgumentHelp("Rename a column (OLD=NEW); repeatable.", valueName: "OLD=NEW")) var rename: [String] = []

    @Option(name: .customLong("where"), help: ArgumentHelp("Load only rows for which EXPR is true.", valueName: "EXPR")) var filter: String?

    @Option(name: .long, help: ArgumentHelp("Add audit columns: _loaded_at, _run_id (comma-separated).", valueName: "COLS")) var auditColumns: String?

    @Option(name: .long, help: ArgumentHelp("Trim spaces from these text columns (comma-separated).", valueName: "COLS")) var trim: String?

    @Option(name: .long, help: ArgumentHelp("Empty strings in these text columns become NULL (comma-separated).", valueName: "COLS")) var emptyAsNull: String?

    @Flag(name: .long, help: "Leave out rows whose every column is NULL.") var dropNullRows = false

    @Option(name: .long, help: ArgumentHelp("Leave out rows repeating an earlier row's values of these output columns (comma-separated).", valueName: "COLS")) var dedupe: String?

    @Flag(name: .long, help: "Leave out rows repeating an earlier row's every value.") var dedupeRows = false

    @Option(name: .long, help: ArgumentHelp("Which row of a repeated key stays: first (default) or last.", valueName: "first|last")) var dedupeKeep: String?

    @Option(name: .long, help: ArgumentHelp("Name the input's columns in the target: as_is (default), lower or snake_case.", valueName: "STYLE")) var names: NameStyle?

    @Option(name: .long, help: ArgumentHelp("append/upsert into a table whose columns differ: fail, ignore, append_new_columns or sync_all_columns.", valueName: "POLICY")) var onSchemaChange: OnSchemaChange?

    /// Splits `--column` values into declared types (`NAME:TYPE`) and derived columns
    /// (`NAME=EXPR`): a value whose first `=` comes before any `:` derives a column.
    static func isDerived(_ spec: String) -> Bool {
        for ch in spec.utf8 {
            if ch == UInt8(ascii: "=") { return true }
            if ch == UInt8(ascii: ":") { return false }
        }
        return false
    }

    /// The request's `transform`, or nil when no flag asks for one; `derived` are the `--column NAME=EXPR` values.
    func document(derived: [String]) throws -> JSONValue? {
        var m: [(key: String, value: JSONValue)] = []
        if let select { m.append(("select", Self.list(select))) }
        if !drop.isEmpty { m.append(("drop", .array(drop.flatMap { Self.names($0) }.map(JSONValue.string)))) }
        if !rename.isEmpty {
            var pairs: [(key: String, value: JSONValue)] = []
            for r in rename {
                guard let (old, new) = Self.split(r), !old.isEmpty, !new.isEmpty else {
                    throw ValidationError("--rename \(r): expected OLD=NEW, such as cust_id=customer_id")
                }
                pairs.append((old, .string(new)))
            }
            m.append(("rename", .object(pairs)))
        }
        if !derived.isEmpty {
            m.append(("columns", .array(try derived.map { spec in
                guard let (name, expr) = Self.split(spec), !name.isEmpty, !expr.isEmpty else {
                    throw ValidationError("--column \(spec): expected NAME=EXPR, such as total=price*qty")
                }
                return .object([("name", .string(name)), ("expr", .string(expr))])
            })))
        }
        if let filter { m.append(("where", .string(filter))) }
        if let auditColumns { m.append(("audit_columns", Self.list(auditColumns))) }
        if let trim { m.append(("trim", Self.list(trim))) }
        if let emptyAsNull { m.append(("empty_as_null", Self.list(emptyAsNull))) }
        if dropNullRows { m.append(("drop_null_rows", .bool(true))) }
        if dedupe != nil && dedupeRows { throw ValidationError("--dedupe COLS and --dedupe-rows exclude each other") }
        if dedupe != nil || dedupeRows || dedupeKeep != nil {
            var d: [(key: String, value: JSONValue)] = []
            if let dedupe { d.append(("key", Self.list(dedupe))) }
            if let dedupeKeep { d.append(("keep", .string(dedupeKeep))) }
            m.append(("dedupe", .object(d)))
        }
        if let names { m.append(("names", .string(names.rawValue))) }
        if let onSchemaChange { m.append(("on_schema_change", .string(onSchemaChange.rawValue))) }
        return m.isEmpty ? nil : .object(m)
    }

    private static func names(_ text: String) -> [String] {
        text.split(separator: ",").map { String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
    }

    private static func list(_ text: String) -> JSONValue { .array(names(text).map(JSONValue.string)) }

    /// `NAME=REST` at the first `=`, the name without surrounding spaces.
    private static func split(_ text: String) -> (String, String)? {
        guard let eq = text.firstIndex(of: "=") else { return nil }
        let name = String(text[..<eq].drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        return (name, String(text[text.index(after: eq)...]))
    }
}
