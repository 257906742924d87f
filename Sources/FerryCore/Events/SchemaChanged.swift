/// The load changed the existing table's columns (`on_schema_change`): added, widened or dropped
/// columns, inside the load's transaction, so they commit with the rows or not at all
/// (Docs/schema-evolution.md).
package struct SchemaChanged: EventPayload {
    /// One change, with the column types as the target names them.
    package struct Item: Sendable, Hashable {
        package var change: SchemaChange.Kind
        package var column: String
        /// The type before (nil for an added column).
        package var from: String?
        /// The type after (nil for a dropped column).
        package var to: String?

        package init(change: SchemaChange.Kind, column: String, from: String?, to: String?) {
            (self.change, self.column, self.from, self.to) = (change, column, from, to)
        }
    }

    /// The table, as the run's target names it.
    package var table: String
    /// The request's `on_schema_change`.
    package var policy: OnSchemaChange
    package var changes: [Item]
    /// The table's columns after the changes, as far as the load knows them (lineage's schema).
    package var columns: [Column]

    package init(table: String, policy: OnSchemaChange, changes: [Item], columns: [Column]) {
        (self.table, self.policy, self.changes, self.columns) = (table, policy, changes, columns)
    }

    package var eventPayload: Event.Payload { .schemaChanged(self) }

    package var jsonMembers: [(key: String, value: JSONValue)] {
        [("table", .string(table)), ("on_schema_change", .string(policy.rawValue)),
         ("changes", .array(changes.map { c in
             var o: [(key: String, value: JSONValue)] = [("change", .string(c.change.rawValue)), ("column", .string(c.column))]
             if let from = c.from { o.append(("from", .string(from))) }
             if let to = c.to { o.append(("to", .string(to))) }
             return .object(o)
         })),
         ("columns", .array(columns.map { c in
             .object([("name", .string(c.name)), ("type", .string(c.type.name)), ("nullable", .bool(c.nullable))])
         }))]
    }
}
