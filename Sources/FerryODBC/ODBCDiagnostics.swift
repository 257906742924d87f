import FerryCore

/// One diagnostic record of a handle (`SQLGetDiagRec`): SQLSTATE, the native error code and the
/// driver's message.
struct ODBCDiagnosticRecord: Sendable, Equatable {
    var sqlstate: String
    var native: Int32
    var message: String
}

/// Every diagnostic record a failed call left, turned into a `FerryError`.
///
/// Drivers quote row values in some messages (psqlODBC appends the server's `DETAIL: Key (id)=(5)
/// already exists`), so for conditions that concern data — data exceptions (class 22), integrity
/// violations (class 23, or a native code the dialect knows as one), triggered data changes (27),
/// WITH CHECK OPTION (44) and raised exceptions (P0) — the message is built from the SQLSTATE and
/// its name only. Every other message is the driver's, scrubbed of the connection's secrets and
/// put on one line.
struct ODBCDiagnostics: Sendable, Equatable {
    var records: [ODBCDiagnosticRecord]

    /// The first record's SQLSTATE (the driver manager puts the most important one first).
    var sqlstate: String? { records.first?.sqlstate }

    /// The records as one line each, joined with ` | `: `[23505] (native 1) duplicate key …`.
    func describe(_ condition: (ODBCDiagnosticRecord) -> Condition, scrub: (String) -> String) -> String {
        guard !records.isEmpty else { return "the driver reported no diagnostic record" }
        return records.map { record in
            let text: String
            switch condition(record) {
            case let .dataCondition(name): text = name
            case .other: text = Self.oneLine(scrub(record.message))
            }
            return "[\(record.sqlstate)] (native \(record.native)) \(text)"
        }.joined(separator: " | ")
    }

    /// What a record is about, for deciding whether its message may be shown.
    enum Condition: Equatable {
        /// A condition about row data, named here; the driver's message may quote values.
        case dataCondition(String)
        case other
    }

    /// The `FerryError` for these records in `context`:
    /// - HY008 (operation canceled), 57014 (query canceled): `cancelled`;
    /// - class 08 (connection): `*_unavailable`, retryable; class 28 (authorization) and IM003
    ///   (driver not loadable): `*_unavailable`, not retryable; IM002 (no such data source):
    ///   `invalid_request`;
    /// - class 23, or a native code the dialect calls a constraint: `target_constraint`;
    /// - 40001 (serialization), 40P01 and 40 with a deadlock: retryable `target_write`;
    /// - HYT00, HYT01 (timeouts): `*_unavailable`, retryable;
    /// - 42S01, 42P07 (table exists): `target_exists`; 42S02, 42P01 (no such table), 3F000 (no
    ///   such schema): `target_not_found`; other class 42, 21S01, 21S02, 42S22: `target_schema_mismatch`;
    /// - anything else: `target_write`.
    /// For a source every target code except `cancelled` becomes `source_unreadable`, a missing
    /// table `source_not_found`, and an unreachable server stays retryable.
    func error(_ context: ODBCContext, scrub: (String) -> String) -> FerryError {
        let classify: (ODBCDiagnosticRecord) -> Condition = { Self.condition(of: $0, dialect: context.dialect) }
        let text = describe(classify, scrub: scrub)
        let message = "\(context.action): \(text)"
        let code = sqlstate ?? "HY000"
        let driver = DriverError(system: "odbc", code: code, message: text)
        let isConstraint = records.contains { record in
            record.sqlstate.hasPrefix("23") || context.dialect?.isConstraintViolation(native: record.native, sqlstate: record.sqlstate) == true
        }
        let (ferryCode, retryable, stage) = Self.classify(code, isConstraint: isConstraint, records: records, context: context)
        return FerryError(ferryCode, stage: stage, message, retryable: retryable, driver: driver)
    }

    private static func classify(
        _ sqlstate: String, isConstraint: Bool, records: [ODBCDiagnosticRecord], context: ODBCContext
    ) -> (FerryError.Code, Bool, FerryError.Stage) {
        let stage = context.stage
        let source = context.role == .source
        let cancelled = records.contains { record in
            record.sqlstate == "HY008" || record.sqlstate == "57014"
                || context.dialect?.isCancellation(native: record.native, sqlstate: record.sqlstate) == true
        }
        if cancelled {
            return (.cancelled, false, .cancelled)
        }
        let cls = sqlstate.prefix(2)
        switch sqlstate {
        case "IM002":
            return (.invalidRequest, false, .validate)
        case "IM003", "IM004", "IM005", "IM006":
            return (source ? .sourceUnreadable : .targetUnavailable, false, stage)
        case "01000" where stage == .connect:
            // unixODBC reports a driver it cannot load ("Can't open lib …: file not found") as a
            // general warning while connecting: the database cannot be reached.
            return (source ? .sourceUnreadable : .targetUnavailable, false, stage)
        case "40001", "40P01":
            return (source ? .sourceUnreadable : .targetWrite, true, stage)
        case "HYT00", "HYT01":
            // Timeout expired, connection timeout expired: a busy or unreachable server.
            return (source ? .sourceUnreadable : .targetUnavailable, true, stage)
        case "42S01", "42P07":
            return (source ? .sourceUnreadable : .targetExists, false, stage)
        case "42S02", "42P01", "3F000":
            return (source ? .sourceNotFound : .targetNotFound, false, stage)
        default:
            break
        }
        if isConstraint { return (source ? .sourceUnreadable : .targetConstraint, false, stage) }
        if context.dialect?.isRetryable(native: records.first?.native ?? 0, sqlstate: sqlstate) == true {
            return (source ? .sourceUnreadable : .targetWrite, true, stage)
        }
        switch cls {
        case "08":
            // Refused credentials (retrying may lock the account), a missing database or role:
            // drivers report these as connection failures too, and retrying cannot help.
            let permanent = records.contains { record in
                let lower = record.message.lowercased()
                return ["password", "authentication", "does not exist"].contains { lower.contains($0) }
            }
            return (source ? .sourceUnreadable : .targetUnavailable, !permanent, stage)
        case "28":
            return (source ? .sourceUnreadable : .targetUnavailable, false, stage)
        case "42", "21":
            return (source ? .sourceUnreadable : .targetSchemaMismatch, false, stage)
        default:
            return (source ? .sourceUnreadable : .targetWrite, false, stage)
        }
    }

    /// Whether a record's message may quote row values, and the condition's name when it may.
    static func condition(of record: ODBCDiagnosticRecord, dialect: ODBCDialect?) -> Condition {
        let state = record.sqlstate
        if dialect?.isConstraintViolation(native: record.native, sqlstate: state) == true {
            return .dataCondition("integrity constraint violated")
        }
        switch state.prefix(2) {
        case "22", "23", "27", "44", "P0": return .dataCondition(conditionName(state))
        default: return .other
        }
    }

    /// A short English name of a data condition's SQLSTATE (ISO/IEC 9075, ODBC and PostgreSQL codes).
    static func conditionName(_ sqlstate: String) -> String {
        switch sqlstate {
        case "22001": "value too long for the column's type"
        case "22002": "NULL value without an indicator"
        case "22003": "numeric value out of range"
        case "22007": "invalid date/time format"
        case "22008": "date/time value out of range"
        case "22012": "division by zero"
        case "22018": "invalid character value for a cast"
        case "22021": "character not in the database's encoding"
        case "22P02": "invalid input syntax for the column's type"
        case "23000": "integrity constraint violated"
        case "23502": "NULL in a NOT NULL column"
        case "23503": "foreign key violation"
        case "23505": "duplicate key violates a unique constraint"
        case "23514": "check constraint violated"
        case "23P01": "exclusion constraint violated"
        case "27000": "triggered data change violation"
        case "44000": "WITH CHECK OPTION violated"
        case "P0001": "a function or trigger raised an exception"
        default:
            switch sqlstate.prefix(2) {
            case "22": "data exception"
            case "23": "integrity constraint violated"
            case "P0": "a function or trigger failed"
            default: "data condition"
            }
        }
    }

    /// The text with every run of line breaks and tabs turned into one space, trimmed.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\t" })
            .map { $0.trimmingPrefix(while: { $0 == " " }) }
            .filter { !$0.isEmpty }
            .joined(separator: " ")
    }
}
