/// The columns of the load ledger `ferry_loads`, defined once for every database's ledger and for
/// the dbt macros that read it (Docs/connectors/sqlite.md, "Load ledger").
package enum LedgerColumn: String, CaseIterable, Sendable, CustomStringConvertible {
    // Grouped by what they describe; the order of `allCases` is the table's column order.
    case runID = "run_id", jobName = "job_name", jobNamespace = "job_namespace", targetTable = "target_table"
    case sourceURI = "source_uri", sourceSHA256 = "source_sha256", sourceBytes = "source_bytes"
    case rowsRead = "rows_read", rowsWritten = "rows_written", rowsRejected = "rows_rejected"
    case mode, status, errorCode = "error_code"
    case startedAt = "started_at", endedAt = "ended_at", ferryVersion = "ferry_version"
    /// The loaded table's columns and Ferry types, as the request's `columns` spell them
    /// (`[{"name": "id", "type": "bigint"}, …]`); null for failed loads and rows of older Ferry versions.
    case columnTypes = "column_types"
    /// The identity of the table the load left behind, read by the database in the load's
    /// transaction: PostgreSQL's oid (`to_regclass(…)::oid`); null where a database has none
    /// (SQLite, ODBC) and in rows of older Ferry versions. A table recreated behind Ferry's back
    /// has another oid, so the row no longer describes it.
    case targetOID = "target_oid"
    /// What the load's checks found (Docs/checks.md, "The ledger"): a JSON object with the
    /// counts by status, each check's outcome and the metrics `drift` checks compare with the
    /// next load; null for loads without checks and in rows of older Ferry versions.
    case checks

    /// What a column holds; each database names the type its own way.
    package enum Kind: Sendable {
        case text, integer, timestamp
    }

    package var kind: Kind {
        switch self {
        case .sourceBytes, .rowsRead, .rowsWritten, .rowsRejected, .targetOID: .integer
        case .startedAt, .endedAt: .timestamp
        default: .text
        }
    }

    package var nullable: Bool {
        [.sourceSHA256, .sourceBytes, .errorCode, .columnTypes, .targetOID, .checks].contains(self)
    }

    /// The columns a ledger table made by an older Ferry version may lack: each ledger adds the
    /// missing ones in place (`ALTER TABLE … ADD COLUMN`) before it writes a row. New columns
    /// are nullable, go at the end of `allCases` and are listed here.
    package static let addedLater: [LedgerColumn] = [.columnTypes, .targetOID, .checks]

    /// The column's name, as SQL and the dbt macros spell it.
    package var description: String { rawValue }
}

/// One value of a ledger row, in a column's kind.
package enum LedgerValue: Sendable, Equatable {
    case text(String)
    case integer(Int64)
    /// Unix milliseconds.
    case timestamp(Int64)
    case null
    /// The database's identity of the target table, read when the row is written (PostgreSQL:
    /// its oid); null where the database has none.
    case targetIdentity
}

extension LedgerEntry {
    /// The row's values in `LedgerColumn.allCases` order.
    package var values: [LedgerValue] {
        LedgerColumn.allCases.map(value)
    }

    /// The value of `column`.
    package func value(_ column: LedgerColumn) -> LedgerValue {
        switch column {
        case .runID: .text(ledgerRunID)
        case .jobName: .text(job.name)
        case .jobNamespace: .text(job.namespace)
        case .targetTable: .text(targetTable)
        case .sourceURI: .text(sourceURI)
        case .sourceSHA256: sourceSHA256.map(LedgerValue.text) ?? .null
        case .sourceBytes: sourceBytes.map { .integer(Int64($0)) } ?? .null
        case .rowsRead: .integer(Int64(rowsRead))
        case .rowsWritten: .integer(Int64(rowsWritten))
        case .rowsRejected: .integer(Int64(rowsRejected))
        case .mode: .text(mode.rawValue)
        case .status: .text(status.rawValue)
        case .errorCode: errorCode.map(LedgerValue.text) ?? .null
        case .startedAt: .timestamp(startedAt)
        case .endedAt: .timestamp(endedAt)
        case .ferryVersion: .text(ferryVersion)
        case .columnTypes: columnTypes.map(LedgerValue.text) ?? .null
        case .targetOID: .targetIdentity
        case .checks: checks.map(LedgerValue.text) ?? .null
        }
    }
}
