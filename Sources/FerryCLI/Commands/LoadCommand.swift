import ArgumentParser
import FerryCore

/// `ferry load`: the terminal-friendly way to build and run a request.
struct LoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Load a file (or a SQLite table or query) into a target; builds the same request `ferry run` takes.",
        discussion: """
        SOURCE is a CSV, TSV or JSON Lines file (optionally .gz), or a
        database (sqlite:PATH, postgresql://URI or postgres:CONNINFO) with
        --source-table or --query. TARGET (--to) is sqlite:PATH (or a .db
        file), postgresql://URI, postgres:CONNINFO (postgres: alone uses
        libpq's PG* variables, ~/.pgpass and services), or a .csv/.tsv/.jsonl
        file for exports. With no --to, data lands in ./ferry.db, in a table
        named after the file.

        Examples:
          ferry load orders.csv
          ferry load orders.csv.gz --to sqlite:shop.db --table orders --mode replace
          ferry load orders.csv --to postgresql://me@db/shop --schema raw --mode replace
          ferry load orders.csv --to postgres:service=warehouse --mode append
          ferry load updates.csv --table orders --mode upsert --key id
          ferry load orders.csv --column 'amount:decimal(12,2)' --max-rejects 1%
          ferry load sqlite:shop.db --source-table orders --to orders.jsonl
          ferry load orders.csv --print-request > load.json
          ferry run --request load.json         # the same load
        """
    )

    @Argument(help: ArgumentHelp("The file to load, or a database: sqlite:PATH, postgresql://URI, postgres:CONNINFO, odbc:DSN or odbc:CONNECTION-STRING.", valueName: "SOURCE"))
    var source: String

    @Option(name: .long, help: ArgumentHelp(
        "Where to load: sqlite:PATH, a .db file, postgresql://URI, postgres:CONNINFO, odbc:DSN or odbc:CONNECTION-STRING, or a .csv/.tsv/.jsonl file.", valueName: "TARGET"))
    var to: String?

    @Option(name: .long, help: "The target table (default: named after the file).")
    var table: String?

    @Option(name: .long, help: "The PostgreSQL schema of the target (or source) table.")
    var schema: String?

    @Option(name: .long, help: ArgumentHelp("PostgreSQL: the schema of the load ledger ferry_loads (default: the table's).", valueName: "SCHEMA"))
    var ledgerSchema: String?

    @Option(name: .long, help: ArgumentHelp("PostgreSQL: COPY streams for create and replace, 1-16 (default: by input size).", valueName: "N"))
    var copyStreams: Int?

    @Option(name: .long, help: "create, append, replace, truncate, upsert or update.")
    var mode: String = LoadMode.create.rawValue

    @Option(name: .long, help: ArgumentHelp("Key columns for upsert and update, comma-separated.", valueName: "COLS"))
    var key: String?

    @Option(name: .long, help: ArgumentHelp("Rejected rows tolerated: a count or a percentage (default 0).", valueName: "N|P%"))
    var maxRejects: String?

    @Option(name: .long, help: ArgumentHelp("Where rejected rows go (JSON Lines).", valueName: "FILE"))
    var rejectPath: String?

    @Option(name: .long, help: "Rows per batch.")
    var batchSize: Int?

    @Option(name: .long, help: "A SQLite source table (with SOURCE sqlite:PATH).")
    var sourceTable: String?

    @Option(name: .long, help: "A read-only SQLite query as the source (with SOURCE sqlite:PATH).")
    var query: String?

    @Option(name: .long, help: "The job name reported in events and lineage.")
    var job: String?

    @Option(name: .long, help: "The job namespace.")
    var namespace: String?

    @Flag(name: .long, help: "Write the contract's JSON-lines events to stdout instead of a summary.")
    var json = false

    @Flag(name: .long, help: "Print the request this command builds, and exit.")
    var printRequest = false

    @OptionGroup var read: SourceOptions

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let document = try requestDocument()
        if printRequest {
            StandardStream.out.write(document.serialized() + "\n")
            return
        }
        let driver = RunDriver(log: global.log, jsonEvents: json)
        let status: ExitStatus
        do {
            status = driver.run(try LoadRequest.parse(Array(document.serialized().utf8)))
        } catch {
            status = driver.fail(FerryError(error))
        }
        if status != .success { throw ExitCode(status.rawValue) }
    }

    /// The request, as JSON, so that it is validated exactly like one given to `ferry run`.
    func requestDocument() throws -> JSONValue {
        var request: [(key: String, value: JSONValue)] = [("contract_version", .int(ContractVersion.current))]
        if job != nil || namespace != nil {
            var j: [(key: String, value: JSONValue)] = []
            if let job { j.append(("name", .string(job))) }
            if let namespace { j.append(("namespace", .string(namespace))) }
            if job == nil { j.insert(("name", .string("load_" + (table ?? "data"))), at: 0) }
            request.append(("job", .object(j)))
        }
        request.append(("source", try sourceDocument()))
        request.append(("target", try targetDocument()))
        request.append(("mode", .string(mode)))
        if let key {
            request.append(("key", .array(key.split(separator: ",").map { .string($0.trimmingSpaces) })))
        }
        if !read.column.isEmpty {
            request.append(("columns", .array(try read.column.map(SourceOptions.columnDocument))))
        }
        var options = read.optionMembers
        if let maxRejects {
            options.append(("max_rejects", maxRejects.hasSuffix("%") ? .string(maxRejects) : (Int(maxRejects).map { .int($0) } ?? .string(maxRejects))))
        }
        if let rejectPath { options.append(("reject_path", .string(rejectPath))) }
        if let batchSize { options.append(("batch_size", .int(batchSize))) }
        if !options.isEmpty { request.append(("options", .object(options))) }
        return .object(request)
    }

    private func sourceDocument() throws -> JSONValue {
        if let connection = ODBCURL.connection(source) {
            var s: [(key: String, value: JSONValue)] = [("kind", .string("odbc")), ("connection", .string(connection))]
            if let schema { s.append(("schema", .string(schema))) }
            if let sourceTable { s.append(("table", .string(sourceTable))) }
            if let query { s.append(("query", .string(query))) }
            return .object(s)
        }
        if let connection = PostgresURL.connection(source) {
            var s: [(key: String, value: JSONValue)] = [("kind", .string("postgres"))]
            if let connection { s.append(("connection", .string(connection))) }
            if let schema { s.append(("schema", .string(schema))) }
            if let sourceTable { s.append(("table", .string(sourceTable))) }
            if let query { s.append(("query", .string(query))) }
            return .object(s)
        }
        if let path = SQLiteURL.path(source) {
            var s: [(key: String, value: JSONValue)] = [("kind", .string("sqlite")), ("path", .string(path))]
            if let sourceTable { s.append(("table", .string(sourceTable))) }
            if let query { s.append(("query", .string(query))) }
            return .object(s)
        }
        if sourceTable != nil || query != nil {
            throw ValidationError("--source-table and --query need a database SOURCE such as sqlite:shop.db or postgresql://host/db")
        }
        var s: [(key: String, value: JSONValue)] = [("kind", .string("file")), ("path", .string(source))]
        if let format = read.format { s.append(("format", .string(format))) }
        return .object(s)
    }

    private func targetDocument() throws -> JSONValue {
        let target = to ?? "sqlite:" + SQLiteEndpoint.defaultPath
        if let connection = PostgresURL.connection(target) {
            var t: [(key: String, value: JSONValue)] = [("kind", .string("postgres"))]
            if let connection { t.append(("connection", .string(connection))) }
            if let schema { t.append(("schema", .string(schema))) }
            if let table { t.append(("table", .string(table))) }
            else if PostgresURL.connection(source) != nil || SQLiteURL.path(source) != nil || ODBCURL.connection(source) != nil,
                    let sourceTable { t.append(("table", .string(sourceTable))) }
            if let ledgerSchema { t.append(("ledger_schema", .string(ledgerSchema))) }
            if let copyStreams { t.append(("copy_streams", .number(String(copyStreams)))) }
            return .object(t)
        }
        if ledgerSchema != nil || copyStreams != nil {
            throw ValidationError("--ledger-schema and --copy-streams apply to PostgreSQL targets")
        }
        if let connection = ODBCURL.connection(target) {
            var t: [(key: String, value: JSONValue)] = [("kind", .string("odbc")), ("connection", .string(connection))]
            if let schema { t.append(("schema", .string(schema))) }
            if let table { t.append(("table", .string(table))) }
            else if ODBCURL.connection(source) != nil || PostgresURL.connection(source) != nil || SQLiteURL.path(source) != nil,
                    let sourceTable { t.append(("table", .string(sourceTable))) }
            return .object(t)
        }
        if let path = SQLiteURL.path(target) ?? (SQLiteURL.looksLikeDatabase(target) ? target : nil) {
            var t: [(key: String, value: JSONValue)] = [("kind", .string("sqlite")), ("path", .string(path))]
            if let table { t.append(("table", .string(table))) }
            else if SQLiteURL.path(source) != nil || ODBCURL.connection(source) != nil, let sourceTable { t.append(("table", .string(sourceTable))) }
            return .object(t)
        }
        let path = target.hasPrefix("file:") ? String(target.dropFirst("file:".count)) : target
        guard FileFormat.guess(fromPath: path) != nil else {
            throw ValidationError("--to \(ConnectionString.redacted(target)): expected sqlite:PATH, a .db file, postgresql://URI, postgres:CONNINFO, odbc:CONNECTION, or a .csv/.tsv/.jsonl file")
        }
        if table != nil { throw ValidationError("--table applies to database targets, not to file \(path)") }
        return .object([("kind", .string("file")), ("path", .string(path))])
    }
}

/// `postgresql://`, `postgres://` and `postgres:CONNINFO` target and source strings.
enum PostgresURL {
    /// nil when `text` is not a PostgreSQL address; `.some(nil)` for `postgres:` alone (libpq's
    /// defaults); otherwise the URI or conninfo string to hand to libpq.
    static func connection(_ text: String) -> String?? {
        if text.hasPrefix("postgresql://") || text.hasPrefix("postgres://") { return .some(text) }
        guard text.hasPrefix("postgres:") else { return nil }
        let rest = String(text.dropFirst("postgres:".count))
        return .some(rest.isEmpty ? nil : rest)
    }
}

/// `odbc:` target and source strings: a data source name or a full connection string.
enum ODBCURL {
    /// The connection after `odbc:` (`odbc:warehouse`, `odbc:Driver={PostgreSQL Unicode};Server=db`).
    static func connection(_ text: String) -> String? {
        guard text.hasPrefix("odbc:") else { return nil }
        let rest = String(text.dropFirst("odbc:".count))
        return rest.isEmpty ? nil : rest
    }
}

/// `sqlite:` target and source strings.
enum SQLiteURL {
    /// The file path of `sqlite:PATH`, `sqlite://PATH` or `sqlite:///ABSOLUTE`.
    static func path(_ text: String) -> String? {
        guard text.hasPrefix("sqlite:") else { return nil }
        var rest = Substring(text.dropFirst("sqlite:".count))
        if rest.hasPrefix("//") { rest = rest.dropFirst(2) }
        return rest.isEmpty ? SQLiteEndpoint.defaultPath : String(rest)
    }

    static func looksLikeDatabase(_ text: String) -> Bool {
        let lower = text.lowercased()
        return [".db", ".sqlite", ".sqlite3"].contains { lower.hasSuffix($0) }
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
