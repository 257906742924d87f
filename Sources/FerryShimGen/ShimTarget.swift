/// A shim `ferry generate` can write: a package for one orchestrator or tool, rendered from the
/// contract. Each target owns one output directory.
package enum ShimTarget: String, Sendable, CaseIterable {
    /// The Airflow provider package: `FerryOperator`, its provider metadata and contract constants.
    case airflow
    /// The dbt package of macros: `ferry_load_plan`, `ferry_assert_loaded` and their helpers.
    case dbt

    /// The directory the target is written to, relative to the repository root.
    package var defaultDirectory: String {
        switch self {
        case .airflow: "airflow_provider"
        case .dbt: "dbt_macros"
        }
    }

    /// Every generated file of the target, in a fixed order, with the same text on every call for the
    /// same contract.
    package func render(_ contract: ShimContract) -> [GeneratedFile] {
        switch self {
        case .airflow: AirflowProvider(contract: contract).files
        case .dbt: DbtPackage(contract: contract).files
        }
    }
}
