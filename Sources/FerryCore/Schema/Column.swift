/// A named, typed column of a resolved schema.
public struct Column: Sendable, Hashable {
    /// Where a column's type came from.
    public enum Origin: String, Sendable, Hashable, CaseIterable {
        /// Given in the request's `columns`.
        case declared
        /// Inferred from the input's values.
        case inferred
        /// Taken from the existing target table.
        case target
        /// Reported by the source system (a database table or query).
        case source
    }

    public var name: String
    public var type: ColumnType
    public var nullable: Bool
    public var origin: Origin
    /// A narrower range than the type's, from an existing target column (int4, varchar(20)).
    public var limit: ColumnLimit?
    /// The target fills the column itself when a load leaves it out (a default, serial,
    /// identity), so a NOT NULL column like this need not come from the source.
    public var hasDefault = false

    public init(name: String, type: ColumnType, nullable: Bool = true, origin: Origin, limit: ColumnLimit? = nil) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.origin = origin
        self.limit = limit
    }
}

/// The ordered columns of a load.
public struct Schema: Sendable, Hashable {
    public var columns: [Column]

    public init(columns: [Column]) { self.columns = columns }

    public var names: [String] { columns.map(\.name) }

    /// The index of the column called `name`.
    /// The index of the column named `name`, compared by bytes (`ColumnName`).
    public func index(of name: String) -> Int? {
        let key = ColumnName(name)
        return columns.firstIndex { ColumnName($0.name) == key }
    }
}
