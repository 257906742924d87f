import ArgumentParser
import FerryCore

/// How to read a source file; shared by `ferry load` and `ferry inspect`.
struct SourceOptions: ParsableArguments {
    @Option(name: .long, help: "csv, tsv or jsonl, when the file name does not tell.")
    var format: String?

    @Option(name: .long, help: "The field delimiter (default , for CSV and a tab for TSV).")
    var delimiter: String?

    @Flag(name: .long, help: "The first line holds data, not column names.")
    var noHeader = false

    @Option(name: .customLong("null"), help: ArgumentHelp("A field text that means NULL; repeatable.", valueName: "TEXT"))
    var nullMarkers: [String] = []

    @Option(name: .long, help: "utf-8 or latin-1.")
    var encoding: String?

    @Option(name: .long, help: ArgumentHelp("Infer types from the first N rows instead of the whole file.", valueName: "N"))
    var inferRows: Int?

    @Option(name: .long, help: ArgumentHelp("Declare a column's type (NAME:TYPE, NAME:TYPE! for NOT NULL), or with ferry load derive one (NAME=EXPR); repeatable.", valueName: "NAME:TYPE|NAME=EXPR"))
    var column: [String] = []

    /// The request's `options` members these flags set.
    var optionMembers: [(key: String, value: JSONValue)] {
        var options: [(key: String, value: JSONValue)] = []
        if let delimiter { options.append(("delimiter", .string(delimiter == "\\t" || delimiter == "tab" ? "\t" : delimiter))) }
        if noHeader { options.append(("header", .bool(false))) }
        if !nullMarkers.isEmpty { options.append(("null_markers", .array(nullMarkers.map(JSONValue.string)))) }
        if let encoding { options.append(("encoding", .string(encoding))) }
        if let inferRows { options.append(("infer_rows", .int(inferRows))) }
        return options
    }

    /// `amount:decimal(12,2)` or `id:bigint!` (a trailing `!` means NOT NULL).
    static func columnDocument(_ spec: String) throws -> JSONValue {
        guard let colon = spec.firstIndex(of: ":") else {
            throw ValidationError("--column \(spec): expected NAME:TYPE, such as id:bigint or amount:decimal(12,2)")
        }
        var type = String(spec[spec.index(after: colon)...])
        let notNull = type.hasSuffix("!")
        if notNull { type.removeLast() }
        return .object([("name", .string(String(spec[..<colon]))), ("type", .string(type)), ("nullable", .bool(!notNull))])
    }
}
