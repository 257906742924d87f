import FerryCore
import FerryFiles
import FerryPostgres
import FerryShimGen
import FerrySQLite

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One `ferry dbt`: ask dbt for the plan, hash the CSVs, load every planned seed that changed
/// since its last load (with its meta.ferry mode, replace by default; one ledger row each), then
/// run the user's dbt command without those seeds, the digests passed on for the guards, and hand
/// back its exit code (a plain `dbt seed` in a project whose every seed is Ferry's is not started:
/// it would select nothing, `DbtPlanSummary`). A failed plan or load ends it before dbt runs, with
/// Ferry's exit code. How long the plan, the loads and dbt took is logged (info).
struct DbtSession {
    var arguments: DbtArguments
    /// `--seed`: load these seeds (tagged or not) instead of the ones tagged `ferry`.
    var seeds: [String]
    /// False with `--no-load`: plan and hash only, so the guards check what is already loaded.
    var load: Bool
    /// `--reload`: load every planned seed, also those the ledger shows unchanged.
    var reload = false
    /// `--json`: the loads' events on stdout, dbt's output on stderr.
    var jsonEvents: Bool
    var log: Log
    var environment: (String) -> String? = { name in getenv(name).map { String(cString: $0) } }

    /// Runs it all; returns the process's exit code.
    func run(cancellation: Cancellation) -> Int32 {
        let started = Clock.monotonicSeconds()
        let planned: [DbtPlannedSeed]
        let summary: DbtPlanSummary?
        do {
            (planned, summary) = try plan(cancellation: cancellation)
        } catch {
            return driver(cancellation).fail(error).rawValue
        }
        let projectDir = arguments.effectiveProjectDir(environment: environment)
        if planned.isEmpty {
            log.info("dbt: no seed is selected for Ferry (tag seeds `\(DbtHandshake.tag)`, or name them with --seed)")
        }
        let planSeconds = Clock.monotonicSeconds() - started
        var checksums: [(key: String, value: JSONValue)] = []
        var digests: [String: String] = [:]
        for seed in planned {
            do {
                let fingerprint = try FileDigest.sha256(path: csvPath(seed, projectDir: projectDir))
                checksums.append((seed.uniqueID, .object([("sha256", .string(fingerprint.sha256))])))
                digests[seed.uniqueID] = fingerprint.sha256
            } catch {
                return driver(cancellation).fail(error).rawValue
            }
        }
        if load {
            let password = profilePassword(planned)
            var loaded = 0
            var skipped = 0
            for seed in planned {
                if cancellation.isCancelled { return ExitStatus.interrupted.rawValue }
                let request: LoadRequest
                do {
                    request = try self.request(seed, projectDir: projectDir, password: password)
                } catch {
                    return driver(cancellation).fail(error).rawValue
                }
                switch decide(seed, request: request, sha256: digests[seed.uniqueID] ?? "") {
                case let .skip(runID):
                    log.info("dbt: seed \(seed.name) is unchanged since run \(runID) (same CSV SHA-256, column types and table); not reloaded (--reload forces it)")
                    skipped += 1
                    continue
                case let .load(reason):
                    log.info("dbt: loading seed \(seed.name) (\(request.mode.rawValue)): \(reason)")
                }
                let status = driver(cancellation).run(request)
                guard status == .success else {
                    log.error("dbt: loading seed \(seed.name) failed; dbt was not run")
                    return status.rawValue
                }
                loaded += 1
            }
            if !planned.isEmpty {
                log.info("dbt: seeds: \(loaded) loaded, \(skipped) skipped as unchanged")
            }
        }
        let loadSeconds = Clock.monotonicSeconds() - started - planSeconds
        log.info("dbt: planning took \(Format.seconds(planSeconds)) (dbt run-operation), hashing and loading the seeds \(Format.seconds(loadSeconds))")
        guard !arguments.user.isEmpty else { return ExitStatus.success.rawValue }
        if !planned.isEmpty, let summary, summary.leavesNothingFor(arguments) {
            log.info("dbt: not starting dbt seed again: every seed of the project is Ferry's, so with them excluded dbt would select nothing (\"Nothing to do\", no hooks, exit code 0); target/run_results.json stays the plan's")
            return ExitStatus.success.rawValue
        }
        if arguments.usesSelector, let command = arguments.subcommand, DbtArguments.seedingCommands.contains(command), !planned.isEmpty {
            log.warning("dbt: --selector cannot be combined with --exclude; make sure the selector leaves out the seeds tagged \(DbtHandshake.tag)")
        }
        let command = arguments.command(excluding: planned.map(\.fqn))
        log.info("dbt: running \(DbtArguments.shown(command))")
        let process = DbtProcess(
            arguments: command,
            environment: [DbtHandshake.checksumsVariable: JSONValue.object(checksums).serialized()],
            outputToStandardError: jsonEvents)
        do {
            let dbtStarted = Clock.monotonicSeconds()
            let status = try process.run(cancellation: cancellation).status
            log.info("dbt: \(arguments.subcommand ?? "dbt") took \(Format.seconds(Clock.monotonicSeconds() - dbtStarted)) (exit code \(status))")
            return status
        } catch {
            log.error(error.message)
            return ExitStatus(error).rawValue
        }
    }

    /// The driver every load, and every failure before dbt runs, ends through.
    private func driver(_ cancellation: Cancellation) -> RunDriver {
        RunDriver(log: log, jsonEvents: jsonEvents, cancellation: cancellation)
    }

    /// The seeds `ferry_load_plan` selects, from a `dbt run-operation`.
    private func plan(cancellation: Cancellation) throws(FerryError) -> (seeds: [DbtPlannedSeed], summary: DbtPlanSummary?) {
        let command = arguments.plan(seeds: seeds, createSchemas: load)
        log.debug("dbt: planning with \(DbtArguments.shown(command))")
        let finished = try DbtProcess(arguments: command, captureOutput: true).run(cancellation: cancellation)
        if cancellation.isCancelled {
            throw FerryError(.cancelled, stage: .cancelled, "cancelled (\(cancellation.why)) while dbt was planning; nothing was loaded")
        }
        let parsed = try DbtPlannedSeed.parse(finished.output)
        let (summary, otherLines) = DbtPlanSummary.take(from: parsed.otherLines)
        guard finished.status == 0 else {
            for line in otherLines { log.error("dbt: " + line) }
            throw DbtPlanFailure.error(status: finished.status, lines: otherLines)
        }
        for line in otherLines { log.debug("dbt: " + line) }
        for seed in parsed.seeds {
            log.info("dbt: planned seed \(seed.name) (\(seed.path))")
        }
        return (parsed.seeds, summary)
    }

    /// The request that loads one seed, as rendered: the CSV path made absolute and the
    /// profile's password, when it has one, added to the connection.
    private func request(_ seed: DbtPlannedSeed, projectDir: String, password: Secret?) throws(FerryError) -> LoadRequest {
        var request: LoadRequest
        do {
            request = try LoadRequest.parse(Array(seed.request.serialized().utf8))
        } catch {
            var failure = FerryError(error)
            failure.message = "the plan for seed \(seed.name): " + failure.message
            throw failure
        }
        if var file = request.source.as(FileEndpoint.self) {
            file.path = csvPath(seed, projectDir: projectDir)
            request.source = .file(file)
        }
        if let password, var target = request.target.as(PostgresEndpoint.self) {
            let connection = target.connection?.reveal() ?? ""
            target.connection = Secret(connection + (connection.isEmpty ? "" : " ") + "password=" + Self.conninfoValue(password.reveal()))
            request.target = .postgres(target)
        }
        return request
    }

    /// Whether to load `seed` (`DbtSeedReload`), from its target's ledger. A ledger that cannot be
    /// read (the database is unreachable, say) means loading: the load then reports the cause.
    private func decide(_ seed: DbtPlannedSeed, request: LoadRequest, sha256: String) -> DbtSeedReload {
        guard !reload else { return DbtSeedReload.decide(latest: nil, sha256: sha256, declared: request.columns, forced: true) }
        let latest: LedgerSnapshot?
        do {
            if let target = request.target.as(PostgresEndpoint.self) {
                latest = try PostgresLedger.latest(for: target)
            } else if let target = request.target.as(SQLiteEndpoint.self) {
                latest = try SQLiteLedger.latest(for: target)
            } else {
                latest = nil
            }
        } catch {
            log.warning("dbt: cannot read the load ledger for seed \(seed.name) (\(error.message)); loading it")
            return .load(reason: "the ledger could not be read")
        }
        return DbtSeedReload.decide(latest: latest, sha256: sha256, declared: request.columns, forced: false)
    }

    /// The CSV of `seed`: in the project, or in an installed package under dbt_packages/.
    private func csvPath(_ seed: DbtPlannedSeed, projectDir: String) -> String {
        let root = projectDir.hasSuffix("/") ? String(projectDir.dropLast()) : projectDir
        let packageDir = seed.inRootProject ? root : root + "/dbt_packages/" + seed.package
        return seed.path.hasPrefix("/") ? seed.path : packageDir + "/" + seed.path
    }

    /// The password of the profile output the plan was rendered for, if `profiles.yml` gives one.
    private func profilePassword(_ planned: [DbtPlannedSeed]) -> Secret? {
        // Only PostgreSQL targets take a password (a dbt-sqlite profile has none).
        guard let first = planned.first(where: { $0.request["target"]?["kind"] == .string("postgres") }),
              let profile = first.profile, let target = first.target,
              let path = DbtProfile.file(directory: arguments.effectiveProfilesDir, environment: environment),
              case let .success(bytes) = RequestFile.read(path)
        else { return nil }
        switch DbtProfile.password(in: String(decoding: bytes, as: UTF8.self), profile: profile, target: target, environment: environment) {
        case let .found(secret):
            return secret
        case .none:
            return nil
        case let .unreadable(reason):
            log.warning("dbt: cannot take the password from \(path) (\(reason)); libpq's PGPASSWORD, ~/.pgpass or service file apply")
            return nil
        }
    }

    /// A libpq conninfo value: single-quoted, with `\` and `'` escaped.
    static func conninfoValue(_ value: String) -> String {
        "'" + value.replacing("\\", with: "\\\\").replacing("'", with: "\\'") + "'"
    }
}
