/// What a file target wrote, in the result event's `output` member: rows, bytes, and each file.
package struct OutputStatistics: Sendable, Equatable {
    package var files: [WrittenFile]

    package init(files: [WrittenFile]) { self.files = files }

    package var rows: Int { files.reduce(0) { $0 + $1.rows } }
    package var bytes: Int { files.reduce(0) { $0 + $1.bytes } }

    var json: JSONValue {
        .object([
            ("rows", .int(rows)), ("bytes", .int(bytes)), ("file_count", .int(files.count)),
            ("files", .array(files.map { .object([("path", .string($0.path)), ("rows", .int($0.rows)), ("bytes", .int($0.bytes))]) })),
        ])
    }
}
