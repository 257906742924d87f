@testable import FerryCLI
import FerryCore
import Testing

@Suite("ferry dbt: the dbt command lines")
struct DbtArgumentsTests {
    private func arguments(_ user: [String], projectDir: String? = nil, profilesDir: String? = nil, target: String? = nil) -> DbtArguments {
        DbtArguments(executable: "dbt", user: user, projectDir: projectDir, profilesDir: profilesDir, target: target)
    }

    @Test("build and seed get --exclude with each planned seed's fqn; other commands are left alone")
    func excludesFromSeedingCommands() {
        #expect(arguments(["build"]).command(excluding: ["shop.orders", "shop.big.events"])
            == ["dbt", "build", "--exclude", "shop.orders", "shop.big.events"])
        #expect(arguments(["--debug", "seed", "--full-refresh"]).command(excluding: ["shop.orders"])
            == ["dbt", "--debug", "seed", "--full-refresh", "--exclude", "shop.orders"])
        #expect(arguments(["run", "--select", "marts"]).command(excluding: ["shop.orders"]) == ["dbt", "run", "--select", "marts"])
        #expect(arguments(["build"]).command(excluding: []) == ["dbt", "build"])
    }

    @Test("a --selector is left alone: dbt cannot combine it with --exclude")
    func selectorIsNotCombined() {
        let args = arguments(["build", "--selector", "nightly"])
        #expect(args.usesSelector)
        #expect(args.command(excluding: ["shop.orders"]) == ["dbt", "build", "--selector", "nightly"])
    }

    @Test("ferry dbt's own --project-dir, --profiles-dir and --target reach both commands unless the user gave them")
    func ownOptionsPassThrough() {
        let args = arguments(["run", "-t", "prod"], projectDir: "analytics", profilesDir: "/etc/dbt", target: "dev")
        #expect(args.command(excluding: []) == ["dbt", "run", "-t", "prod", "--project-dir", "analytics", "--profiles-dir", "/etc/dbt"])
        let plan = args.plan(seeds: [], createSchemas: true)
        #expect(Array(plan.prefix(7)) == ["dbt", "run-operation", "ferry.ferry_load_plan", "--quiet", "--no-use-colors", "--args", "{\"create_schemas\": true}"])
        #expect(Array(plan.dropFirst(7)) == ["--project-dir", "analytics", "--profiles-dir", "/etc/dbt", "--target", "dev"])
    }

    @Test("the plan sees the project, profile, target and vars the user's command names")
    func planFollowsTheUsersConnectionOptions() {
        let args = arguments(["build", "--target=prod", "--profiles-dir", "ci", "--vars", "{day: 1}", "--select", "x"])
        let plan = args.plan(seeds: ["orders", "a\"b"], createSchemas: false)
        #expect(plan[6] == "{\"create_schemas\": false, \"seeds\": [\"orders\", \"a\\\"b\"]}")
        #expect(Array(plan.dropFirst(7)) == ["--profiles-dir", "ci", "--target", "prod", "--vars", "{day: 1}"])
        #expect(args.effectiveProfilesDir == "ci")
        #expect(args.subcommand == "build")
    }

    @Test("a logged command line hides the value of --vars")
    func varsAreHidden() {
        #expect(DbtArguments.shown(["dbt", "run", "--vars", "{pw: x}", "--vars={pw: y}", "-s", "m"])
            == "dbt run --vars *** --vars=*** -s m")
    }

    @Test("the project directory is ferry's option, then the user's, then DBT_PROJECT_DIR, then the working directory")
    func projectDirectory() {
        let environment: (String) -> String? = { $0 == "DBT_PROJECT_DIR" ? "/env/project" : nil }
        #expect(arguments([], projectDir: "own").effectiveProjectDir(environment: environment) == "own")
        #expect(arguments(["run", "--project-dir", "user"]).effectiveProjectDir(environment: environment) == "user")
        #expect(arguments(["run"]).effectiveProjectDir(environment: environment) == "/env/project")
        #expect(arguments(["run"]).effectiveProjectDir(environment: { _ in nil }) == ".")
    }
}

@Suite("ferry dbt: the profile's password")
struct DbtProfileTests {
    private let profiles = """
    # comment
    shop:
      target: dev
      outputs:
        dev:
          type: postgres
          host: localhost
          password: "{{ env_var('SHOP_PG_PASSWORD') }}"
        ci:
          type: postgres
          password: "{{ env_var(\\"CI_PW\\", 'fallback') }}"
        literal:
          type: postgres
          password: 's3cret'
        templated:
          type: postgres
          password: "{{ var('pw') }}"
        none:
          type: postgres
    """

    private func password(_ target: String, _ environment: [String: String] = [:]) -> DbtProfile.Password {
        DbtProfile.password(in: profiles, profile: "shop", target: target, environment: { environment[$0] })
    }

    @Test("env_var() in the password is read from the environment, with its default when unset")
    func envVar() {
        #expect(password("dev", ["SHOP_PG_PASSWORD": "pw1"]) == .found(Secret("pw1")))
        #expect(password("dev") == .none)
        #expect(password("ci") == .found(Secret("fallback")))
        #expect(password("ci", ["CI_PW": "pw2"]) == .found(Secret("pw2")))
    }

    @Test("a literal password is used; other Jinja, a missing output or unreadable YAML is reported without the secret")
    func literalAndUnreadable() {
        #expect(password("literal") == .found(Secret("s3cret")))
        #expect(password("none") == .none)
        guard case let .unreadable(reason) = password("templated") else { Issue.record("expected unreadable"); return }
        #expect(reason.contains("env_var('NAME')") && !reason.contains("pw"))
        guard case let .unreadable(missing) = password("prod") else { Issue.record("expected unreadable"); return }
        #expect(missing.contains("shop.outputs.prod"))
        guard case .unreadable = DbtProfile.password(in: "shop:\n  - a\n", profile: "shop", target: "dev", environment: { _ in nil }) else {
            Issue.record("a list is not read"); return
        }
    }

    @Test("only a whole env_var call is evaluated")
    func envVarCallParsing() {
        #expect(DbtProfile.EnvVarCall("{{ env_var('A') }}")?.name == "A")
        #expect(DbtProfile.EnvVarCall("{{env_var(\"B\",\"d\")}}")?.fallback == "d")
        #expect(DbtProfile.EnvVarCall("{{ env_var('A') | trim }}") == nil)
        #expect(DbtProfile.EnvVarCall("{{ env_var('A') }} tail") == nil)
        #expect(DbtProfile.EnvVarCall("{{ env_var(A) }}") == nil)
    }

    @Test("profiles.yml is looked for where dbt looks: the option, DBT_PROFILES_DIR, then ~/.dbt")
    func location() {
        #expect(DbtProfile.file(directory: "/p", environment: { _ in nil }) == "/p/profiles.yml")
        #expect(DbtProfile.file(directory: nil, environment: { $0 == "DBT_PROFILES_DIR" ? "/e" : nil }) == "/e/profiles.yml")
    }
}

@Suite("ferry dbt: reading the plan")
struct DbtPlannedSeedTests {
    @Test("plan lines are read; dbt's own lines are kept apart")
    func parse() throws {
        let output = """
        03:00:01  Running with dbt=1.11.16
        {"ferry_plan": 1, "seed": "seed.shop.orders", "name": "orders", "fqn": "shop.orders", "package": "shop", "in_root_project": true, "path": "seeds/orders.csv", "profile": "shop", "target": "dev", "request": {"contract_version": 1, "source": {"kind": "file", "path": "seeds/orders.csv"}}}
        {"ferry_plan": 1, "seed": "seed.lib.codes", "name": "codes", "fqn": "lib.codes", "package": "lib", "in_root_project": false, "path": "data/codes.csv", "request": {"contract_version": 1}}
        """
        let (seeds, other) = try DbtPlannedSeed.parse(output)
        #expect(other == ["03:00:01  Running with dbt=1.11.16"])
        #expect(seeds.map(\.uniqueID) == ["seed.shop.orders", "seed.lib.codes"])
        #expect(seeds[0].inRootProject && !seeds[1].inRootProject)
        #expect(seeds[0].profile == "shop" && seeds[0].target == "dev" && seeds[1].profile == nil)
        #expect(seeds[0].request["source"]?["path"] == .string("seeds/orders.csv"))
    }

    @Test("a plan line from another version of the package is refused with what to do")
    func foreignLine() {
        #expect(throws: FerryError.self) { try DbtPlannedSeed.parse("{\"ferry_plan\": 2, \"seed\": \"x\"}") }
        do {
            _ = try DbtPlannedSeed.parse("{\"ferry_plan\": 1, \"seed\": \"x\"}")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("ferry generate dbt") && error.code == .invalidRequest)
        }
    }

    @Test("a conninfo value is quoted with backslash and quote escaped")
    func conninfoQuoting() {
        #expect(DbtSession.conninfoValue(#"a'b\c"#) == #"'a\'b\\c'"#)
    }
}

@Suite("ferry dbt: a failed plan")
struct DbtPlanFailureTests {
    @Test("a database dbt cannot reach is target_unavailable, retryable, with dbt's own line")
    func unreachable() {
        let error = DbtPlanFailure.error(status: 1, lines: [
            "20:11:58  Encountered an error:", "Database Error",
            "  connection to server at \"127.0.0.1\", port 1 failed: Connection refused",
        ])
        #expect(error.code == .targetUnavailable)
        #expect(error.retryable)
        #expect(error.message.hasSuffix(": connection to server at \"127.0.0.1\", port 1 failed: Connection refused"))
    }

    @Test("a missing macro points at the package; anything else is dbt's first error line")
    func otherFailures() {
        let missing = DbtPlanFailure.error(status: 1, lines: ["Compilation Error", "  Could not find a macro named ferry_load_plan"])
        #expect(missing.code == .invalidRequest)
        #expect(missing.message.contains("did `dbt deps` install it?"))
        let other = DbtPlanFailure.error(status: 2, lines: ["Encountered an error:", "Runtime Error", "  Profile 'x' not found"])
        #expect(other.code == .invalidRequest)
        #expect(other.message.hasSuffix("exited with 2: Profile 'x' not found"))
    }
}
