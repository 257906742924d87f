/// What a target can store exactly. The engine checks every value against these before a batch
/// reaches the sink, so a value the target would change is rejected with its reason instead.
package struct ValueLimits: Sendable, Equatable {
    /// Most significant digits of a decimal the target keeps exactly (SQLite: 15); nil for no limit.
    package var maxDecimalDigits: Int?
    /// Whether NaN can be stored (SQLite turns it into NULL).
    package var allowsNaN: Bool
    /// Whether ±Infinity can be stored.
    package var allowsInfinity: Bool
    /// Whether text may contain NUL bytes (PostgreSQL text may not).
    package var allowsNULInText: Bool
    /// The target's name for messages, e.g. "SQLite".
    package var targetName: String
    /// How long a column name may be (PostgreSQL: 63 bytes); nil: no limit the engine checks.
    package var identifierLimit: SQLDialect.IdentifierLimit?
    /// The most columns a table may have (PostgreSQL: 1,600); nil: no limit the engine checks.
    package var maxColumns: Int?

    package init(targetName: String, maxDecimalDigits: Int? = nil, allowsNaN: Bool = true, allowsInfinity: Bool = true, allowsNULInText: Bool = true) {
        self.targetName = targetName
        self.maxDecimalDigits = maxDecimalDigits
        self.allowsNaN = allowsNaN
        self.allowsInfinity = allowsInfinity
        self.allowsNULInText = allowsNULInText
    }

    /// No limits: text files and in-memory sinks store every value.
    package static let none = ValueLimits(targetName: "file")
}
