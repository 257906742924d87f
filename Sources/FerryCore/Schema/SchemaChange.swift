/// One change a load makes to an existing table's columns (`on_schema_change`), applied inside
/// the load's transaction and reported in the `schema_changed` event.
package struct SchemaChange: Sendable, Hashable {
    package enum Kind: String, Sendable, Hashable {
        /// A new, nullable column.
        case addColumn = "add_column"
        /// A column's type made wider (int4 → bigint, varchar(n) → text, bigint → numeric).
        case widenColumn = "widen_column"
        /// A column the input no longer has (`sync_all_columns`).
        case dropColumn = "drop_column"
    }

    package var kind: Kind
    /// The column as the table has it before the change (nil for `addColumn`).
    package var before: Column?
    /// The column after the change (nil for `dropColumn`).
    package var after: Column?

    package init(kind: Kind, before: Column?, after: Column?) {
        self.kind = kind
        self.before = before
        self.after = after
    }

    /// The column's name.
    package var column: String { after?.name ?? before?.name ?? "" }
}
