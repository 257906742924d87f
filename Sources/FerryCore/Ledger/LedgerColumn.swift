/// The columns of the load ledger `ferry_loads`, defined once for every database's ledger and for
/// the dbt macros that read it (Docs/connectors/sqlite.md, "Load ledger").
package enum LedgerColumn: String, CaseIterable, Sendable, CustomStringConvertible {
    case runID = "run_id"
    case jobName = "job_name"
    case jobNamespace = "job_namespace"
    case targetTable = "target_table"
    case sourceURI = "source_uri"
    case sourceSHA256 = "source_sha256"
    case sourceBytes = "source_bytes"
    case rowsRead = "rows_read"
    case rowsWritten = "rows_written"
    case rowsRejected = "rows_rejected"
    case mode
    case status
    case errorCode = "error_code"
    case startedAt = "started_at"
    case endedAt = "ended_at"
    case ferryVersion = "ferry_version"

    /// What a column holds; each database names the type its own way.
    package enum Kind: Sendable {
        case text, integer, timestamp
    }

    package var kind: Kind {
        switch self {
        case .sourceBytes, .rowsRead, .rowsWritten, .rowsRejected: .integer
        case .startedAt, .endedAt: .timestamp
        default: .text
        }
    }

    package var nullable: Bool {
        [.sourceSHA256, .sourceBytes, .errorCode].contains(self)
    }

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
}

extension LedgerEntry {
    /// The row's values in `LedgerColumn.allCases` order.
    package var values: [LedgerValue] {
        LedgerColumn.allCases.map(value)
    }

    /// The value of `column`.
    package func value(_ column: LedgerColumn) -> LedgerValue {
        switch column {
        case .runID: .text(runID.description)
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
        }
    }
}
