/// How many rejected rows a load tolerates before it fails: a count, or a percentage of rows read.
package enum MaxRejects: Sendable, Equatable, CustomStringConvertible {
    case count(Int)
    /// Percent of rows read, 0...100; decided when the input ends.
    case percent(Double)

    /// The default: any rejected row fails the load.
    package static let none = MaxRejects.count(0)

    /// Whether `rejected` rows out of `read` is still acceptable once the input has ended.
    package func allows(rejected: Int, of read: Int) -> Bool {
        switch self {
        case let .count(n): return rejected <= n
        case let .percent(p): return read == 0 || Double(rejected) * 100 <= p * Double(read)
        }
    }

    /// Whether `rejected` rows already exceed the limit, before the input has ended.
    package func exceededEarly(rejected: Int) -> Bool {
        if case let .count(n) = self { return rejected > n }
        return false
    }

    package var description: String {
        switch self {
        case let .count(n): "\(n)"
        case let .percent(p): "\(p.formatted0)%"
        }
    }

    var json: JSONValue {
        switch self {
        case let .count(n): .int(n)
        case .percent: .string(description)
        }
    }

    static func read(_ v: JSONValue, at p: JSONPath, issues: IssueCollector) -> MaxRejects? {
        switch v {
        case .number:
            return ObjectReader.integer(v, at: p, in: 0...Int(Int32.max), issues: issues).map(MaxRejects.count)
        case let .string(s) where s.hasSuffix("%"):
            guard let value = percentage(s.dropLast()) else {
                issues.report(p, "a percentage must be between 0% and 100%, like \"2.5%\"")
                return nil
            }
            return .percent(value)
        default:
            issues.report(p, "expected a count such as 100 or a percentage such as \"2.5%\", found \(v.typeName)")
            return nil
        }
    }

    /// The number of a percentage as the contract's schema writes it: one or two digits with an
    /// optional fraction, or 100 (`100.0`); no sign, exponent or third digit.
    private static func percentage(_ text: Substring) -> Double? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        func digits(_ part: Substring) -> Bool { !part.isEmpty && part.allSatisfy { $0.isASCII && $0.isNumber } }
        guard digits(parts[0]), parts.count == 1 || digits(parts[1]) else { return nil }
        let hundred = parts[0] == "100" && (parts.count == 1 || parts[1].allSatisfy { $0 == "0" })
        guard parts[0].count <= 2 || hundred else { return nil }
        return Double(text)
    }
}

extension Double {
    /// The number without a trailing `.0` when it is whole.
    var formatted0: String { self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : String(self) }
}
