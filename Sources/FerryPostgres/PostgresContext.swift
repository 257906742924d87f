import FerryCore

/// What a call to the server was doing, for its error: the stage, a description that names
/// tables and columns (never values), and for COPY the source lines of the rows sent.
struct PostgresContext {
    var stage: FerryError.Stage
    var action: String
    /// The load's column names, to recognise the column a COPY error context names.
    var columns: [String] = []
    /// Source lines of the most recent rows of the COPY stream.
    var lines: CopyRowLines?

    init(_ stage: FerryError.Stage, _ action: String, columns: [String] = [], lines: CopyRowLines? = nil) {
        self.stage = stage
        self.action = action
        self.columns = columns
        self.lines = lines
    }
}

/// Source lines of the last few batches sent through a COPY stream, so that an error the server
/// reports for COPY row N can name the source line. Bounded: older batches are forgotten.
struct CopyRowLines {
    private var batches: [(firstRow: Int, lines: [Int])] = []
    /// Batches remembered; the server reports an error within a few MiB of where it happened.
    static let depth = 16

    /// Adds the lines of a batch whose first row is row `firstRow` (0-based) of the stream.
    mutating func append(firstRow: Int, lines: [Int]) {
        if batches.count == Self.depth { batches.removeFirst() }
        batches.append((firstRow, lines))
    }

    /// The source line of 1-based COPY row `row`, when it is still remembered.
    func line(ofRow row: Int) -> Int? {
        let index = row - 1
        for batch in batches.reversed() where index >= batch.firstRow && index < batch.firstRow + batch.lines.count {
            return batch.lines[index - batch.firstRow]
        }
        return nil
    }
}

extension PostgresDiagnostics {
    /// The `FerryError` for these diagnostics:
    /// - class 08, 53 (resources), 57P01–57P03 (shutdown), or a lost connection:
    ///   `target_unavailable`, retryable;
    /// - 57014 (query_canceled): `cancelled`, stage `cancelled`;
    /// - class 23: `target_constraint`;
    /// - 40001 (serialization), 40P01 (deadlock), 55P03 (lock not available): `target_write`,
    ///   retryable;
    /// - 42P07 (duplicate table): `target_exists`; 3F000 (no such schema): `target_not_found`;
    ///   42501 (insufficient privilege): `target_write`;
    ///   other class 42: `target_schema_mismatch`;
    /// - anything else: `target_write`.
    func error(_ context: PostgresContext, connectionLost: Bool = false) -> FerryError {
        let text = safeMessage
        var message = "\(context.action): \(text)"
        if let copyRow {
            if let line = context.lines?.line(ofRow: copyRow) {
                message += " (source line \(line))"
            } else {
                message += " (row \(copyRow) of the COPY stream)"
            }
        }
        let code = sqlstate ?? (context.stage == .connect ? "08001" : "08006")
        let driver = DriverError(system: "postgres", code: code, message: text)
        let stage = context.stage
        guard let sqlstate else {
            if connectionLost || context.stage == .connect {
                return FerryError(.targetUnavailable, stage: stage, message, retryable: !isPermanentConnectionFailure, driver: driver)
            }
            return FerryError(.targetWrite, stage: stage, message, driver: driver)
        }
        let (ferryCode, retryable) = Self.classify(sqlstate)
        return FerryError(ferryCode, stage: ferryCode == .cancelled ? .cancelled : stage, message, retryable: retryable, driver: driver)
    }

    /// The Ferry code of a SQLSTATE and whether trying again may succeed, as listed at `error`:
    /// exact states first, then classes.
    static func classify(_ sqlstate: String) -> (FerryError.Code, retryable: Bool) {
        switch sqlstate {
        case "57014": (.cancelled, false)
        case "40001", "40P01", "55P03": (.targetWrite, true)
        case "42P07": (.targetExists, false)
        case "3F000": (.targetNotFound, false)
        case "42501": (.targetWrite, false)
        case "57P01", "57P02", "57P03": (.targetUnavailable, true)
        default:
            switch sqlstate.prefix(2) {
            case "08", "53": (.targetUnavailable, true)
            case "28": (.targetUnavailable, false)
            case "23": (.targetConstraint, false)
            case "42": (.targetSchemaMismatch, false)
            default: (.targetWrite, false)
            }
        }
    }

    /// Whether libpq's message (it has no SQLSTATE for connection failures) says retrying cannot
    /// help: refused credentials (retrying may lock the account), a missing database or role, an
    /// invalid option. Anything else (refused, timed out, shutting down) is worth a retry.
    private var isPermanentConnectionFailure: Bool {
        let lower = primary.lowercased()
        return ["password", "authentication", "does not exist", "pg_hba.conf", "invalid"].contains { lower.contains($0) }
    }
}
