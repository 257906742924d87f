import FerryCore

/// What a call into the driver was doing, for its error: the stage, a description that names
/// tables and columns (never values), which side of a load the connection serves, and how the
/// DBMS's own codes refine the SQLSTATE.
struct ODBCContext {
    /// Which side of a load a connection serves: errors of a source are `source_*`, of a target
    /// `target_*`.
    enum Role: Sendable {
        case source, target
    }

    var stage: FerryError.Stage
    var action: String
    var role: Role
    /// The DBMS's classification of native codes (SQLite's result codes behind `HY000`).
    var dialect: ODBCDialect?

    init(_ stage: FerryError.Stage, _ action: String, role: Role = .target, dialect: ODBCDialect? = nil) {
        self.stage = stage
        self.action = action
        self.role = role
        self.dialect = dialect
    }
}
