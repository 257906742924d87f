/// Rows were rejected: how many, the running total, where they went, and a few reasons.
public struct RowsRejected: EventPayload {
    public static let type = EventType.rowsRejected
    public var count: Int
    public var total: Int
    public var rejectFile: String?
    /// Up to five sample reasons (line, column, reason); never the values.
    public var samples: [RejectedRecord]

    public init(count: Int, total: Int, rejectFile: String?, samples: [RejectedRecord]) {
        self.count = count
        self.total = total
        self.rejectFile = rejectFile
        self.samples = samples
    }

    public var fields: [(key: String, value: JSONValue)] {
        [("count", .int(count)), ("total", .int(total)),
         ("reject_file", rejectFile.map(JSONValue.string) ?? .null),
         ("samples", .array(samples.prefix(5).map { r in
             .object([("line", .int(r.line)), ("column", r.column.map(JSONValue.string) ?? .null),
                      ("reason", .string(r.reason))])
         }))]
    }
}
