import FerryCore

/// The dbt package `ferry` (the `dbt_macros/` directory): macros that render Ferry requests from
/// dbt's own context (`ferry_load_plan`) and guard models on the load ledger
/// (`ferry_assert_loaded`). dbt's Jinja cannot start programs, so the package holds no loading
/// logic: `ferry dbt` runs the plan, and the macros only render and check.
///
/// Every public macro has its own file and dispatches through `adapter.dispatch(name, 'ferry')`
/// to a `default__` implementation (and a `postgres__` one where PostgreSQL differs), so a project
/// can override one for its adapter.
struct DbtPackage {
    var contract: ShimContract

    static let name = DbtHandshake.packageName
    static let tag = DbtHandshake.tag
    static let checksumsVariable = DbtHandshake.checksumsVariable
    static let planMarker = DbtHandshake.planMarker
    static let planSummaryMarker = DbtHandshake.planSummaryMarker
    /// The dbt versions the macros are written and tested for.
    static let dbtVersions = [">=1.7.0", "<2.0.0"]

    /// Every generated file, in a fixed order.
    var files: [GeneratedFile] {
        [
            GeneratedFile(path: "dbt_project.yml", text: yamlBanner + projectFile),
            GeneratedFile(path: "macros/ferry_load_plan.sql", text: jinjaBanner + loadPlanMacro),
            GeneratedFile(path: "macros/ferry_assert_loaded.sql", text: jinjaBanner + assertLoadedMacro),
            GeneratedFile(path: "macros/ferry_target_endpoint.sql", text: jinjaBanner + targetEndpointMacro),
            GeneratedFile(path: "macros/ferry_latest_load.sql", text: jinjaBanner + latestLoadMacro),
            GeneratedFile(path: "macros/internal/ferry_seed_request.sql", text: jinjaBanner + seedRequestMacro),
            GeneratedFile(path: "macros/internal/ferry_seed_settings.sql", text: jinjaBanner + seedSettingsMacro),
            GeneratedFile(path: "macros/internal/ferry_column_type.sql", text: jinjaBanner + columnTypeMacro),
            GeneratedFile(path: "macros/internal/ferry_resolve_loaded.sql", text: jinjaBanner + resolveLoadedMacro),
            GeneratedFile(path: "macros/internal/ferry_max_age_seconds.sql", text: jinjaBanner + maxAgeMacro),
            GeneratedFile(path: "snippets/selectors.yml", text: yamlBanner + selectorsSnippet),
        ]
    }

    private var yamlBanner: String {
        GeneratedBanner.text(for: .dbt, contractVersion: contract.contractVersion, style: .hash)
    }

    private var jinjaBanner: String {
        GeneratedBanner.text(for: .dbt, contractVersion: contract.contractVersion, style: .jinja)
    }

    /// `dbt_project.yml`: the package's name, version and the dbt versions it supports.
    var projectFile: String {
        """
        name: \(Self.name)
        version: "\(contract.ferryVersion)"
        config-version: 2
        require-dbt-version: [\(Self.dbtVersions.map { "\"\($0)\"" }.joined(separator: ", "))]
        macro-paths: ["macros"]

        """
    }

    /// The selector a project copies into its own `selectors.yml` (dbt reads selectors only from
    /// the root project), so that `dbt seed` and `dbt build` without `--select` skip Ferry's seeds.
    var selectorsSnippet: String {
        """
        # Copy into your project's selectors.yml. With `default: true`, every dbt command run without
        # --select/--selector uses it: a plain `dbt seed` or `dbt build` then skips the seeds tagged
        # \(Self.tag), which `ferry dbt` loads at COPY speed.
        selectors:
          - name: skip_ferry_seeds
            description: Everything except the seeds tagged \(Self.tag) (`ferry dbt` loads those).
            default: true
            definition:
              union:
                - method: fqn
                  value: "*"
                - exclude:
                    - method: tag
                      value: \(Self.tag)

        """
    }
}
