/// The Airflow provider package (`airflow-provider-ferry`, import name `ferry_provider`): the parts
/// that mirror the contract. Behaviour (running the binary, connections, lineage) lives in the
/// hand-written `ferry_provider/runtime/` package beside the generated files.
struct AirflowProvider {
    var contract: ShimContract

    /// The distribution name on PyPI.
    static let distribution = "airflow-provider-ferry"
    /// The import package.
    static let package = "ferry_provider"
    /// Where the project and its documentation live.
    static let homepage = "https://github.com/ferry-data/ferry"

    /// The operator's own arguments, after the request members, in signature order.
    static let operatorArguments: [OperatorArgument] = [
        OperatorArgument(
            name: "request", annotation: "Mapping[str, Any] | None", defaultValue: "None", templated: true,
            help: "A whole request as a dict, for members the arguments above do not cover or a request kept elsewhere. The arguments above that are not None replace its members; contract_version defaults to the provider's contract version."),
        OperatorArgument(
            name: "conn_id", annotation: "str | None", defaultValue: "None", templated: true,
            help: "An Airflow connection that says where the target is: type postgres (or postgresql) becomes a postgres target whose connection is a libpq URI built from host, port, login, schema (the database) and the libpq options in extra; type sqlite becomes a sqlite target whose path is the connection's host. The target argument still gives the table and schema. The password never enters the request, the command line or the log: ferry reads it from PGPASSWORD in its environment."),
        OperatorArgument(
            name: "source_conn_id", annotation: "str | None", defaultValue: "None", templated: true,
            help: "An Airflow connection that says where the source is, as conn_id does for the target: type postgres (or postgresql) becomes a postgres source, type sqlite a sqlite source. The source argument still gives the table or query. The password never enters the request, the command line or the log (PGPASSWORD, or a private passfile when both connections are PostgreSQL with different passwords)."),
        OperatorArgument(
            name: "ferry_bin", annotation: "str | None", defaultValue: "None", templated: false,
            help: "The ferry binary: a path, or a name looked up on PATH. Default: $FERRY_BIN, then the binary of an installed ferry-bin wheel (the ferry_bin package), then ferry on PATH. Nothing is ever downloaded."),
        OperatorArgument(
            name: "env", annotation: "Mapping[str, str] | None", defaultValue: "None", templated: true,
            help: "Environment variables for the ferry process, over the worker's environment (for example OPENLINEAGE_URL or PGSSLROOTCERT)."),
        OperatorArgument(
            name: "cwd", annotation: "str | None", defaultValue: "None", templated: true,
            help: "The working directory of the ferry process; relative paths in the request resolve against it. Default: the worker's."),
        OperatorArgument(
            name: "progress_interval", annotation: "float", defaultValue: "30.0", templated: false,
            help: "Seconds between two progress lines in the task log; the first progress event and the result are always logged."),
    ]

    /// One argument of `FerryOperator.__init__` that is not a request member.
    struct OperatorArgument {
        var name: String
        var annotation: String
        var defaultValue: String
        var templated: Bool
        var help: String

        /// Whether the argument holds a mapping, which the Airflow UI shows rendered as JSON
        /// (like the request members that are objects or arrays).
        var isMapping: Bool { annotation.hasPrefix("Mapping[") }
    }

    /// Every generated file, in a fixed order.
    var files: [GeneratedFile] {
        [
            GeneratedFile(path: "pyproject.toml", text: pyproject),
            GeneratedFile(path: "\(Self.package)/__init__.py", text: packageInit),
            GeneratedFile(path: "\(Self.package)/provider_info.py", text: providerInfo),
            GeneratedFile(path: "\(Self.package)/contract.py", text: contractModule),
            GeneratedFile(path: "\(Self.package)/operators/__init__.py", text: operatorsInit),
            GeneratedFile(path: "\(Self.package)/operators/ferry.py", text: operatorModule),
        ]
    }

    /// The banner for Python and TOML files.
    var banner: String {
        GeneratedBanner.text(for: .airflow, contractVersion: contract.contractVersion, style: .hash)
    }

    /// The one-line description used by pyproject.toml and get_provider_info.
    var summary: String {
        "Apache Airflow provider for Ferry: FerryOperator runs one Ferry load (contract v\(contract.contractVersion)) as a task."
    }
}
