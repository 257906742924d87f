/// Rows were rejected: how many, the running total, where they went, and a few reasons.
package struct RowsRejected: EventPayload {
    /// Where a rejected row was and why; never its values (those are only in the reject file).
    package struct Sample: Sendable, Equatable {
        /// 1-based line where the record starts (or the row number for database sources).
        package var line: Int
        /// The column at fault, when one is.
        package var column: String?
        package var reason: String
        /// The file of the record, when the source reads several.
        package var file: String?

        package init(line: Int, column: String?, reason: String, file: String? = nil) {
            self.line = line
            self.column = column
            self.reason = reason
            self.file = file
        }
    }

    /// Most samples an event carries.
    package static let sampleLimit = 5

    package var count: Int
    package var total: Int
    package var rejectFile: String?
    /// Up to five sample reasons (line, column, reason); never the values.
    package var samples: [Sample]

    /// Keeps the first five of `samples`, without their records.
    package init(count: Int, total: Int, rejectFile: String?, samples: [RejectedRecord]) {
        self.count = count
        self.total = total
        self.rejectFile = rejectFile
        self.samples = samples.prefix(Self.sampleLimit).map { Sample(line: $0.line, column: $0.column, reason: $0.reason, file: $0.file) }
    }

    package var eventPayload: Event.Payload { .rowsRejected(self) }

    package var jsonMembers: [(key: String, value: JSONValue)] {
        [("count", .int(count)), ("total", .int(total)),
         ("reject_file", rejectFile.map(JSONValue.string) ?? .null),
         ("samples", .array(samples.prefix(Self.sampleLimit).map { s in
             .object([("line", .int(s.line)), ("column", s.column.map(JSONValue.string) ?? .null),
                      ("reason", .string(s.reason))] + (s.file.map { [("file", JSONValue.string($0))] } ?? []))
         }))]
    }
}
