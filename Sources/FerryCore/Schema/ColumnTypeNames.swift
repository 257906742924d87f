/// A name for each Ferry `ColumnType` as one system spells it: the contract's own names
/// (`ColumnType.name`) and the type a created column gets in each SQL family
/// (`SQLDialect.typeName(for:)`). The one place that turns a `ColumnType` into a name.
package struct ColumnTypeNames: Sendable, Equatable {
    package var bigint: String
    /// The name a decimal's precision and scale follow: `DECIMAL` in `DECIMAL(12,2)`.
    package var decimal: String
    /// A decimal without precision, or beyond `decimalLimit`.
    package var anyDecimal: String
    /// The largest precision and scale the system declares. Nil: any, and a decimal is written
    /// as declared (`decimal(p)` when it has no scale); otherwise always with a scale
    /// (`decimal(p,0)` when it has none).
    package var decimalLimit: DecimalLimit?
    package var double: String
    package var boolean: String
    package var date: String
    package var timestamp: String
    package var timestamptz: String
    package var uuid: String
    package var json: String
    package var text: String

    /// The largest decimal a system declares.
    package struct DecimalLimit: Sendable, Equatable {
        package var precision: Int
        /// Nil: the precision's limit alone.
        package var scale: Int?
    }

    /// The name of `type`.
    package func name(for type: ColumnType) -> String {
        switch type {
        case .bigint: bigint
        case let .decimal(p?, s): decimalName(precision: p, scale: s)
        case .decimal: anyDecimal
        case .double: double
        case .boolean: boolean
        case .date: date
        case .timestamp: timestamp
        case .timestamptz: timestamptz
        case .uuid: uuid
        case .json: json
        case .text: text
        }
    }

    private func decimalName(precision p: Int, scale s: Int?) -> String {
        guard let decimalLimit else {
            return s.map { "\(decimal)(\(p),\($0))" } ?? "\(decimal)(\(p))"
        }
        guard p <= decimalLimit.precision, decimalLimit.scale.map({ (s ?? 0) <= $0 }) ?? true else { return anyDecimal }
        return "\(decimal)(\(p),\(s ?? 0))"
    }

    /// The request contract's names: `bigint`, `decimal(12,2)`, `double`, ….
    package static let contract = ColumnTypeNames(
        bigint: "bigint", decimal: "decimal", anyDecimal: "decimal", decimalLimit: nil, double: "double",
        boolean: "boolean", date: "date", timestamp: "timestamp", timestamptz: "timestamptz", uuid: "uuid",
        json: "json", text: "text")
}
