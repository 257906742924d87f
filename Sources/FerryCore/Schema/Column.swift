/// A named, typed column of a resolved schema.
package struct Column: Sendable, Hashable {
    /// Where a column's type came from.
    package enum Origin: String, Sendable, Hashable, CaseIterable {
        /// Given in the request's `columns`.
        case declared
        /// Inferred from the input's values.
        case inferred
        /// Taken from the existing target table.
        case target
        /// Reported by the source system (a database table or query).
        case source
    }

    package var name: String
    package var type: ColumnType
    package var nullable: Bool
    package var origin: Origin
    /// A narrower range than the type's, from an existing target column (int4, varchar(20)).
    package var limit: ColumnLimit?
    /// The target fills the column itself when a load leaves it out (a default, serial,
    /// identity), so a NOT NULL column like this need not come from the source.
    package var hasDefault = false

    package init(name: String, type: ColumnType, nullable: Bool = true, origin: Origin, limit: ColumnLimit? = nil) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.origin = origin
        self.limit = limit
    }
}

/// The ordered columns of a load.
package struct Schema: Sendable, Hashable {
    package var columns: [Column]

    package init(columns: [Column]) { self.columns = columns }

    package var names: [String] { columns.map(\.name) }

    /// The index of the column called `name`.
    /// The index of the column named `name`, compared by bytes (`ColumnName`).
    package func index(of name: String) -> Int? {
        let key = ColumnName(name)
        return columns.firstIndex { ColumnName($0.name) == key }
    }
}
