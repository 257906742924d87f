/// What `append` and `upsert` do when the load's columns differ from the existing table's
/// (`transform.on_schema_change`, CLI `--on-schema-change`), in dbt's words
/// (Docs/schema-evolution.md).
package enum OnSchemaChange: String, Sendable, CaseIterable {
    /// Any difference (a new column, a missing one, a type to widen) fails the run before the
    /// target is touched: exit 3, naming every difference.
    case fail
    /// New input columns are left out; table columns the input lacks are loaded as NULL.
    case ignore
    /// New input columns are added to the table (nullable) and columns are widened where the
    /// input needs it; nothing is dropped.
    case appendNewColumns = "append_new_columns"
    /// As `append_new_columns`, and table columns the input no longer has are dropped.
    case syncAllColumns = "sync_all_columns"

    /// Whether the table's columns may change.
    package var evolves: Bool { self == .appendNewColumns || self == .syncAllColumns }
}

extension OnSchemaChange {
    /// `on_schema_change` applies to the modes that load into an existing table and keep its
    /// rows: append and upsert.
    static func check(_ request: LoadRequest, issues: IssueCollector) {
        guard request.transform?.onSchemaChange != nil, ![.append, .upsert].contains(request.mode) else { return }
        issues.report(.root.appending("transform").appending("on_schema_change"),
                      "applies to modes append and upsert, not \(request.mode.rawValue)")
    }
}
