import ArgumentParser
import FerryCore

/// `ferry load`: the terminal-friendly way to build and run a request.
struct LoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Load a file (or a database table or query) into a target; builds the same request `ferry run` takes.",
        discussion: """
        SOURCE is a CSV, TSV or JSON Lines file (optionally .gz), or a
        database (sqlite:PATH, postgresql://URI or postgres:CONNINFO) with
        --source-table or --query. TARGET (--to) is sqlite:PATH (or a .db
        file), postgresql://URI, postgres:CONNINFO (postgres: alone uses
        libpq's PG* variables, ~/.pgpass and services), a .csv/.tsv/.jsonl
        file for exports, or a .parquet file. With no --to, data lands in
        ./ferry.db, in a table named after the file.

        Examples:
          ferry load orders.csv
          ferry load orders.csv.gz --to sqlite:shop.db --table orders --mode replace
          ferry load orders.csv --to postgresql://me@db/shop --schema raw --mode replace
          ferry load orders.csv --to postgres:service=warehouse --mode append
          ferry load updates.csv --table orders --mode upsert --key id
          ferry load orders.csv --column 'amount:decimal(12,2)' --max-rejects 1%
          ferry load sqlite:shop.db --source-table orders --to orders.jsonl
          ferry load orders.csv --to orders.parquet --compression snappy
          ferry load orders.csv --print-request > load.json
          ferry run --request load.json         # the same load
        """
    )

    @Argument(help: ArgumentHelp("What to load: \(EndpointKinds.all.addressSyntaxes(as: .source).joined(separator: ", ")).", valueName: "SOURCE"))
    var source: String

    @Option(name: .long, help: ArgumentHelp(
        "Where to load: \(EndpointKinds.all.addressSyntaxes(as: .target).joined(separator: ", ")).", valueName: "TARGET"))
    var to: String?

    @Option(name: .long, help: "The target table (default: named after the file).")
    var table: String?

    @Option(name: .long, help: "The schema of the target (or source) table (PostgreSQL, ODBC).")
    var schema: String?

    @Option(name: .long, help: ArgumentHelp("PostgreSQL: the schema of the load ledger ferry_loads (default: the table's).", valueName: "SCHEMA"))
    var ledgerSchema: String?

    @Flag(name: .long, help: "PostgreSQL, ODBC: create the --schema when it does not exist (with the load, undone if it fails).")
    var createSchema = false

    @Option(name: .long, help: ArgumentHelp("PostgreSQL: COPY streams for create and replace, 1-16 (default: by input size).", valueName: "N"))
    var copyStreams: Int?

    @OptionGroup var parquet: ParquetOptions

    @Option(name: .long, help: "create, append, replace, truncate, upsert or update.")
    var mode: String = LoadMode.create.rawValue

    @Option(name: .long, help: ArgumentHelp("Key columns for upsert and update, comma-separated.", valueName: "COLS"))
    var key: String?

    @OptionGroup var rejects: RejectOptions

    @Option(name: .long, help: "Rows per batch.")
    var batchSize: Int?

    @OptionGroup var retry: RetryOptions
    // Many files (Docs/many-files.md).
    @Option(name: .long, help: ArgumentHelp("A source file the ledger holds as loaded: skip, error or reload (default: skip for a glob or directory appended to, else reload with a warning).", valueName: "WHAT")) var ifLoaded: String?
    @Flag(name: .long, help: "Match the columns of a glob's files by name (missing columns are NULL).") var unionByName = false
    @Flag(name: .long, help: "Add the columns _source_file and _source_line.") var provenance = false
    // Chunked, resumable loads (Docs/many-files.md).
    @Option(name: .long, help: ArgumentHelp("Commit a staging table every N rows, or every SIZE of input (256MB, 1GiB); the target gets every row in one last transaction.", valueName: "N|SIZE")) var commitEvery: String?
    @Flag(name: .long, inversion: .prefixedNo, help: "With --commit-every: continue from the last checkpoint of the same job and target (the default), or start over.") var resume: Bool?

    @Option(name: .long, help: "The source table, with a database SOURCE.")
    var sourceTable: String?

    @Option(name: .long, help: "A read-only query as the source, with a database SOURCE.")
    var query: String?

    @OptionGroup var job: JobOptions

    @Option(name: .long, help: ArgumentHelp("Data checks to run while loading: a YAML or JSON file (see Docs/checks.md).", valueName: "FILE"))
    var checks: String?

    @OptionGroup var reporting: ReportOptions

    @Flag(name: .long, help: "Write the contract's JSON-lines events to stdout instead of a summary.")
    var json = false

    @OptionGroup var printing: PrintRequestOptions

    @OptionGroup var read: SourceOptions

    @OptionGroup(title: "Transform") var transform: TransformOptions

    @OptionGroup var global: GlobalOptions

    func run() throws {
        var document = try requestDocument()
        if let checks, case var .object(members) = document {
            switch ChecksFile.read(checks) {
            case let .success(list): members.append(("checks", list))
            case let .failure(error):
                let status = RunDriver(log: global.log, jsonEvents: json).fail(error)
                throw ExitCode(status.rawValue)
            }
            document = .object(members)
        }
        if try printing.printIfAsked(document) { return }
        var driver = RunDriver(log: global.log, jsonEvents: json)
        driver.reportPath = reporting.report
        let status: ExitStatus
        do {
            status = driver.run(try LoadRequest.parse(Array(document.serialized().utf8)))
        } catch {
            status = driver.fail(FerryError(error))
        }
        if status != .success { throw ExitCode(status.rawValue) }
    }

    /// `document` with the password of every endpoint's `connection` hidden, as events show it.
    static func redactingConnections(_ document: JSONValue) -> JSONValue {
        guard case let .object(members) = document else { return document }
        return .object(members.map { member in
            guard member.key == "source" || member.key == "target", case let .object(endpoint) = member.value else { return member }
            let kind = endpoint.first { $0.key == "kind" }?.value
            return (member.key, .object(endpoint.map { field in
                guard field.key == "connection", case let .string(text) = field.value else { return field }
                let shown = switch kind {
                case .string(ODBCEndpoint.kind)?: ODBCConnectionString.redacted(text)
                case .string(PostgresEndpoint.kind)?: ConnectionString.redacted(text)
                default: ConnectionString.redactedAddress(text)
                }
                return (field.key, .string(shown))
            }))
        })
    }

    /// The request, as JSON, so that it is validated exactly like one given to `ferry run`.
    func requestDocument() throws -> JSONValue {
        var request: [(key: String, value: JSONValue)] = [("contract_version", .int(ContractVersion.current))]
        if let jobDocument = job.document(table: table) { request.append(("job", jobDocument)) }
        let from = try Address(source, role: .source)
        let into = try Address(to ?? "sqlite:" + SQLiteEndpoint.defaultPath, role: .target)
        request.append(("source", try sourceDocument(from, into: into)))
        request.append(("target", try targetDocument(into, from: from)))
        request.append(("mode", .string(mode)))
        if let key {
            request.append(("key", .array(key.split(separator: ",").map { .string($0.trimmingSpaces) })))
        }
        let declared = read.column.filter { !TransformOptions.isDerived($0) }
        if !declared.isEmpty {
            request.append(("columns", .array(try declared.map(SourceOptions.columnDocument))))
        }
        var options = read.optionMembers + (try rejects.optionMembers())
        if let batchSize { options.append(("batch_size", .int(batchSize))) }
        options += retry.optionMembers
        if let ifLoaded { options.append(("if_loaded", .string(ifLoaded))) }
        if unionByName { options.append(("union_by_name", .bool(true))) }
        if provenance { options.append(("provenance", .bool(true))) }
        if let commitEvery { options.append(("commit_every", try Self.commitEveryMember(commitEvery))) }
        if let resume { options.append(("resume", .bool(resume))) }
        if !options.isEmpty { request.append(("options", .object(options))) }
        if let shape = try transform.document(derived: read.column.filter(TransformOptions.isDerived)) {
            request.append(("transform", shape))
        }
        return .object(request)
    }

    /// A command-line address and the endpoint kind it names, resolved once.
    private struct Address {
        let text: String
        let role: EndpointRole
        let kind: any EndpointConfiguration.Type
        /// The request members the address stands for (`sqlite:shop.db` → `path`).
        let members: [(key: String, value: JSONValue)]

        init(_ text: String, role: EndpointRole) throws {
            guard let (kind, members) = EndpointKinds.all.address(text, role: role) else {
                let flag = role == .source ? "SOURCE" : "--to"
                throw ValidationError("\(flag) \(ConnectionString.redactedAddress(text)): expected \(EndpointKinds.all.addressSyntaxes(as: role).joined(separator: ", "))")
            }
            self.text = text
            self.role = role
            self.kind = kind
            self.members = members
        }

        func takes(_ member: String) -> Bool { kind.members(as: role).contains(member) }
    }

    private func sourceDocument(_ from: Address, into: Address) throws -> JSONValue {
        if schema != nil && !from.takes("schema") && !into.takes("schema") {
            throw ValidationError("--schema applies to database sources and targets that have schemas (PostgreSQL, ODBC)")
        }
        return try endpointDocument(from, [
            ("--source-table", "table", sourceTable.map(JSONValue.string)),
            ("--query", "query", query.map(JSONValue.string)),
            ("--schema", "schema", schema.map(JSONValue.string)),
            ("--format", "format", read.format.map(JSONValue.string)),
        ])
    }

    private func targetDocument(_ into: Address, from: Address) throws -> JSONValue {
        // A table read from a database keeps its name in a database target, unless --table names another.
        let keepsSourceTable = from.takes("table") && into.takes("table")
        var options: [(flag: String, member: String, value: JSONValue?)] = [
            ("--table", "table", (table ?? (keepsSourceTable ? sourceTable : nil)).map(JSONValue.string)),
            ("--schema", "schema", schema.map(JSONValue.string)),
            ("--ledger-schema", "ledger_schema", ledgerSchema.map(JSONValue.string)),
            ("--copy-streams", "copy_streams", copyStreams.map { .number(String($0)) }),
        ]
        options += try parquet.targetMembers()
        options.append(("--create-schema", "create_schema", createSchema ? .bool(true) : nil))
        return try endpointDocument(into, options)
    }

    /// The request object of the endpoint at `address`: its kind, the members the address stands
    /// for, and the options that set the kind's members. An option the kind does not take is an
    /// error naming it (`--schema` only where the other side does not take it either).
    private func endpointDocument(_ address: Address, _ options: [(flag: String, member: String, value: JSONValue?)]) throws -> JSONValue {
        var members: [(key: String, value: JSONValue)] = [("kind", .string(address.kind.kind))] + address.members
        for (flag, member, value) in options {
            guard let value else { continue }
            if address.takes(member) {
                members.append((member, value))
            } else if flag != "--schema" {
                throw ValidationError("\(flag) does not apply to a \(address.kind.kind) \(address.role.rawValue) (\(ConnectionString.redactedAddress(address.text)))")
            }
        }
        return .object(members)
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
