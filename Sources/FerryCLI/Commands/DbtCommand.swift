import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import FerryCore
import FerryShimGen

/// `ferry dbt`: loads a dbt project's big seeds at COPY speed, then runs dbt without them.
struct DbtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dbt",
        abstract: "Load a dbt project's Ferry seeds at COPY speed, then run a dbt command without them.",
        discussion: """
        1. Plan: `dbt run-operation \(DbtHandshake.planMacro)` renders one
           request per seed tagged `\(DbtHandshake.tag)` (or named with --seed), from
           dbt's own context: the CSV, the relation dbt would create,
           column_types, the delimiter, the connection.
        2. Load: each seed is loaded in one transaction with the mode of its
           `+meta: {ferry: {mode: ...}}` (replace by default; append; upsert
           with key), with a row in the ferry_loads ledger, progress and
           lineage (its parent comes from OPENLINEAGE_PARENT_ID and friends).
           A seed whose CSV, column types and table are those of its last
           completed load is skipped; --reload loads it anyway. The password
           comes from the profile's env_var(), a literal one in profiles.yml,
           PGPASSWORD or ~/.pgpass; it never passes through dbt's output.
        3. Run `dbt <args>` with those seeds excluded from seed and build, and
           with \(DbtHandshake.checksumsVariable) set, so ferry_assert_loaded can
           compare each CSV's SHA-256 with the loaded one. The exit code is
           then dbt's.
        A failed plan or load ends the command before dbt runs, with Ferry's
        exit code.

        Examples:
          ferry dbt -- build
          ferry dbt --project-dir analytics --target prod -- run --select marts
          ferry dbt --seed big_orders            # load only; run no dbt command
          ferry dbt --reload -- seed             # load every seed, changed or not
          ferry dbt --no-load -- run             # let the guards check what is loaded
        """
    )

    @Option(name: .long, help: ArgumentHelp("The dbt project (passed to dbt as --project-dir).", valueName: "DIR"))
    var projectDir: String?

    @Option(name: .long, help: ArgumentHelp("Where profiles.yml is (passed to dbt as --profiles-dir).", valueName: "DIR"))
    var profilesDir: String?

    @Option(name: .long, help: ArgumentHelp("The profile's target (passed to dbt as --target).", valueName: "NAME"))
    var target: String?

    @Option(name: .customLong("seed"), help: ArgumentHelp("Load this seed, tagged or not (repeatable; default: the seeds tagged ferry).", valueName: "NAME"))
    var seeds: [String] = []

    @Option(name: .long, help: ArgumentHelp("The dbt executable (default: $FERRY_DBT, else dbt on PATH).", valueName: "PATH"))
    var dbt: String?

    @Flag(name: .long, help: "Plan and hash the seeds, but load nothing: the guards check what is already loaded.")
    var noLoad = false

    @Flag(name: .long, help: "Load every planned seed, also those unchanged since their last load.")
    var reload = false

    @Flag(name: .long, help: "Write the loads' JSON-lines events to stdout; dbt's output then goes to stderr.")
    var json = false

    @Argument(parsing: .postTerminator, help: ArgumentHelp("The dbt command and its arguments, after --.", valueName: "dbt-args"))
    var dbtArguments: [String] = []

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if noLoad && !seeds.isEmpty {
            throw ValidationError("--seed selects seeds to load; it cannot be combined with --no-load")
        }
        if noLoad && reload {
            throw ValidationError("--reload forces loading; it cannot be combined with --no-load")
        }
    }

    func run() throws {
        let cancellation = Cancellation()
        SignalTrap.install(cancellation)
        let executable = dbt ?? getenvString("FERRY_DBT") ?? "dbt"
        let session = DbtSession(
            arguments: DbtArguments(
                executable: executable, user: dbtArguments, projectDir: projectDir, profilesDir: profilesDir, target: target),
            seeds: seeds, load: !noLoad, reload: reload, jsonEvents: json, log: global.log)
        let status = session.run(cancellation: cancellation)
        if status != 0 { throw ExitCode(status) }
    }

    private func getenvString(_ name: String) -> String? {
        getenv(name).flatMap { pointer in
            let value = String(cString: pointer)
            return value.isEmpty ? nil : value
        }
    }
}
