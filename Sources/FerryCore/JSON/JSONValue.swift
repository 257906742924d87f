/// A JSON document with object keys in their original order and numbers kept as their exact text.
///
/// Ferry parses requests and JSON Lines data into this type (see `JSONParser`) and writes events
/// from it (see `JSONValue.serialized`). Keeping numbers as text means `0.1` or a 30-digit integer
/// survive a round trip unchanged, and ordered keys keep events readable and stable.
package enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number exactly as written (already validated as a JSON number).
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in document order.
    case object([(key: String, value: JSONValue)])

    package static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// A JSON number from an integer.
    package static func int<I: BinaryInteger>(_ value: I) -> JSONValue { .number(String(value)) }

    /// A JSON number from a double; non-finite values become `null` (JSON has no NaN).
    package static func double(_ value: Double) -> JSONValue {
        value.isFinite ? .number(String(value)) : .null
    }

    /// The value of `key` when this is an object that has it.
    package subscript(key: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        return members.first(where: { $0.key == key })?.value
    }

    /// A short name of the JSON type, for error messages.
    package var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
