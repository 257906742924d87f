/// What `ferry dbt` and the generated dbt package agree on, in one place for both sides.
package enum DbtHandshake {
    /// The package's name in `packages.yml`, and the namespace its macros are called with.
    package static let packageName = "ferry"
    /// The run-operation that prints the plan.
    package static let planMacro = "\(packageName).ferry_load_plan"
    /// Every plan line is a JSON object that opens with this member: `{"ferry_plan": 1, ...}`.
    package static let planMarker = "ferry_plan"
    /// The plan's last line: `{"ferry_plan_summary": 1, "other_seeds": N, "warn_error": bool}`, the
    /// project's seeds it did not select and whether dbt turns warnings into errors.
    package static let planSummaryMarker = "ferry_plan_summary"
    /// The environment variable `ferry dbt` passes to dbt: each planned seed's unique id and the
    /// SHA-256 of its CSV, as JSON (`{"seed.shop.orders": {"sha256": "…"}}`).
    package static let checksumsVariable = "FERRY_DBT_SEEDS"
    /// The tag that selects a seed for Ferry.
    package static let tag = "ferry"
}
