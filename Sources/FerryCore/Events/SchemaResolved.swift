/// The columns a load will write, their types, and where each type came from.
package struct SchemaResolved: EventPayload {
    package var schema: Schema
    /// Rows the inference pass looked at (0 when nothing was inferred).
    package var rowsScanned: Int
    /// Whether inference looked at a sample (`infer_rows`) rather than the whole input.
    package var sampled: Bool
    /// Whether the types were inferred from the first `rowsScanned` rows and every later row is
    /// checked against them while it loads (a row that changes one starts the load over).
    package var checked: Bool

    package init(schema: Schema, rowsScanned: Int, sampled: Bool, checked: Bool = false) {
        self.schema = schema
        self.rowsScanned = rowsScanned
        self.sampled = sampled
        self.checked = checked
    }

    package var eventPayload: Event.Payload { .schemaResolved(self) }

    package var jsonMembers: [(key: String, value: JSONValue)] {
        [("columns", .array(schema.columns.map { c in
            .object([("name", .string(c.name)), ("type", .string(c.type.name)),
                     ("nullable", .bool(c.nullable)), ("origin", .string(c.origin.rawValue))])
        })),
         ("inference", .object([("rows_scanned", .int(rowsScanned)), ("sampled", .bool(sampled)), ("checked", .bool(checked))]))]
    }
}
