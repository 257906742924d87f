/// Ferry's portable column types. Every connector maps them to its own (see Docs/connectors/).
package enum ColumnType: Sendable, Hashable, CustomStringConvertible {
    /// 64-bit signed integer.
    case bigint
    /// Exact decimal; `precision`/`scale` when declared, unconstrained when inferred.
    case decimal(precision: Int?, scale: Int?)
    /// IEEE 754 double.
    case double
    case boolean
    /// A calendar date without time zone.
    case date
    /// Date and time without time zone, microsecond precision.
    case timestamp
    /// An instant: date and time with a UTC offset, normalised to UTC, microsecond precision.
    case timestamptz
    case uuid
    /// A JSON object or array, stored as its validated text.
    case json
    case text

    /// The plain `decimal` with no precision or scale.
    package static let anyDecimal = ColumnType.decimal(precision: nil, scale: nil)

    /// Names accepted in requests (`decimal(p,s)` also, see `init?(name:)`).
    package static let names = ["bigint", "decimal", "double", "boolean", "date", "timestamp", "timestamptz", "uuid", "json", "text"]

    package var description: String { name }

    /// The contract name, e.g. `bigint` or `decimal(12,2)`.
    package var name: String { ColumnTypeNames.contract.name(for: self) }

    /// Parses a contract type name such as `bigint`, `decimal` or `decimal(12,2)`.
    package init?(name raw: String) {
        // Spaces are allowed around the name and around decimal's numbers: `decimal(12, 2)`,
        // never inside a number (`decimal(1 2)`).
        var name = raw.lowercased()
        while name.first == " " { name.removeFirst() }
        while name.last == " " { name.removeLast() }
        switch name {
        case "bigint": self = .bigint
        case "decimal": self = .anyDecimal
        case "double": self = .double
        case "boolean": self = .boolean
        case "date": self = .date
        case "timestamp": self = .timestamp
        case "timestamptz": self = .timestamptz
        case "uuid": self = .uuid
        case "json": self = .json
        case "text": self = .text
        default:
            guard name.hasPrefix("decimal("), name.hasSuffix(")") else { return nil }
            let inner = name.dropFirst("decimal(".count).dropLast()
            let parts = inner.split(separator: ",", omittingEmptySubsequences: false)
            func number(_ spaced: Substring) -> Int? {
                var text = spaced
                while text.first == " " { text.removeFirst() }
                while text.last == " " { text.removeLast() }
                guard !text.isEmpty, text.count <= 4, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber),
                      text == "0" || text.first != "0" else { return nil }
                return Int(text)
            }
            guard (1...2).contains(parts.count), let p = number(parts[0]), (1...1000).contains(p) else { return nil }
            if parts.count == 2 {
                guard let s = number(parts[1]), (0...p).contains(s) else { return nil }
                self = .decimal(precision: p, scale: s)
            } else {
                self = .decimal(precision: p, scale: 0)
            }
        }
    }

    /// The storage a `ColumnVector` of this type uses.
    package var storage: ColumnStorage {
        switch self {
        case .bigint, .boolean, .date, .timestamp, .timestamptz: .int64
        case .double: .float64
        case .decimal, .uuid, .json, .text: .bytes
        }
    }
}

/// How a column's values are held in a batch.
package enum ColumnStorage: Sendable, Hashable {
    /// `Int64`: bigint; boolean as 0/1; date as days since 1970-01-01; timestamps as microseconds
    /// since 1970-01-01T00:00:00 (UTC for timestamptz).
    case int64
    /// `Double`.
    case float64
    /// UTF-8 text in canonical form: decimal digits, lowercase uuid, JSON as given, text as given.
    case bytes
}
