/// The columns a load will write, their types, and where each type came from.
public struct SchemaResolved: EventPayload {
    public var schema: Schema
    /// Rows the inference pass looked at (0 when nothing was inferred).
    public var rowsScanned: Int
    /// Whether inference looked at a sample (`infer_rows`) rather than the whole input.
    public var sampled: Bool

    public init(schema: Schema, rowsScanned: Int, sampled: Bool) {
        self.schema = schema
        self.rowsScanned = rowsScanned
        self.sampled = sampled
    }

    public var eventPayload: Event.Payload { .schemaResolved(self) }

    public var jsonMembers: [(key: String, value: JSONValue)] {
        [("columns", .array(schema.columns.map { c in
            .object([("name", .string(c.name)), ("type", .string(c.type.name)),
                     ("nullable", .bool(c.nullable)), ("origin", .string(c.origin.rawValue))])
        })),
         ("inference", .object([("rows_scanned", .int(rowsScanned)), ("sampled", .bool(sampled))]))]
    }
}
