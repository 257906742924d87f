/// How a load treats the target. Every mode is atomic: on failure the target is left as it was.
package enum LoadMode: String, Sendable, CaseIterable {
    /// Create the table; fail when it exists.
    case create
    /// Add rows to the table (creating it when absent), in one transaction.
    case append
    /// Load a new table and swap it for the old one in one transaction.
    case replace
    /// Empty the table and load it, in one transaction.
    case truncate
    /// Insert new keys and update existing ones (needs `key`).
    case upsert
    /// Update rows whose key exists; other rows are counted as not matched (needs `key`).
    case update

    /// Whether the mode matches rows by the request's `key` columns.
    package var needsKey: Bool { self == .upsert || self == .update }

    /// Whether the mode takes `key` columns: to match rows (upsert, update), or as the primary
    /// key of the table it makes (create, replace).
    package var takesKey: Bool { self != .append && self != .truncate }
}
