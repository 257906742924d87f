/// One row of the load ledger (`ferry_loads`): what was loaded, from which bytes, and how it
/// ended. Written in the same transaction as the data, so a completed row exists exactly when the
/// data landed; a failed load is recorded afterwards, in its own transaction, best effort.
package struct LedgerEntry: Sendable, Equatable {
    package enum Status: String, Sendable { case completed, failed }

    package var runID: RunID
    package var job: Job
    /// The target table as given (schema-qualified when the request named a schema).
    package var targetTable: String
    /// The source as it may be shown (file path, or a redacted connection and table/query).
    package var sourceURI: String
    /// SHA-256 of the source file's bytes as stored (nil for database sources).
    package var sourceSHA256: String?
    package var sourceBytes: Int?
    package var rowsRead: Int
    package var rowsWritten: Int
    package var rowsRejected: Int
    package var mode: LoadMode
    package var status: Status
    /// Unix milliseconds.
    package var startedAt: Int64
    package var endedAt: Int64
    /// The error code of a failed load.
    package var errorCode: String?
    package var ferryVersion: String
    /// The loaded table's columns as JSON (`LedgerColumn.columnTypes`); nil for failed loads.
    package var columnTypes: String?
    /// The 1-based position of the row's file in a glob's or directory's files: the row's
    /// `run_id` is then `<run id>/<part>` (one ledger row per file, all of one run; Docs/many-files.md).
    package var part: Int?
    /// What the load's checks found, as JSON (`LedgerColumn.checks`); nil for loads without checks.
    package var checks: String?

    /// The `run_id` the ledger stores: the run's id, with `/<part>` for a file of a file set.
    package var ledgerRunID: String {
        part.map { "\(runID)/\($0)" } ?? runID.description
    }

    package init(
        runID: RunID, job: Job, targetTable: String, sourceURI: String, sourceSHA256: String?, sourceBytes: Int?,
        rowsRead: Int, rowsWritten: Int, rowsRejected: Int, mode: LoadMode, status: Status,
        startedAt: Int64, endedAt: Int64, errorCode: String?, ferryVersion: String, columnTypes: String? = nil
    ) {
        self.columnTypes = columnTypes
        self.runID = runID
        self.job = job
        self.targetTable = targetTable
        self.sourceURI = sourceURI
        self.sourceSHA256 = sourceSHA256
        self.sourceBytes = sourceBytes
        self.rowsRead = rowsRead
        self.rowsWritten = rowsWritten
        self.rowsRejected = rowsRejected
        self.mode = mode
        self.status = status
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.errorCode = errorCode
        self.ferryVersion = ferryVersion
    }

    /// The ledger table's name when the request does not set one.
    package static let defaultTable = "ferry_loads"

    /// `schema`'s columns as the ledger records them: `[{"name": …, "type": …}, …]`, the shape
    /// of a request's `columns`.
    package static func columnTypes(of schema: Schema) -> String {
        JSONValue.array(schema.columns.map { column in
            .object([("name", .string(column.name)), ("type", .string(column.type.name))])
        }).serialized()
    }

    /// The `(name, type)` pairs of a `columnTypes` text, or nil when it is not one.
    package static func parseColumnTypes(_ text: String) -> [(name: String, type: ColumnType)]? {
        guard case let .array(items)? = try? JSONParser.parse(text) else { return nil }
        var out: [(name: String, type: ColumnType)] = []
        for item in items {
            guard case let .string(name)? = item["name"], case let .string(typeName)? = item["type"],
                  let type = ColumnType(name: typeName) else { return nil }
            out.append((name, type))
        }
        return out
    }
}
