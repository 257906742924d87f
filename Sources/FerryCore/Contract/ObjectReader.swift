/// Reads the members of one JSON object, reporting wrong types, missing and unknown fields.
///
/// Each accessor records a problem in the shared `IssueCollector` and returns `nil` rather than
/// throwing, so reading continues and the caller sees every problem of the request at once.
package struct ObjectReader {
    package let path: JSONPath
    private let members: [(key: String, value: JSONValue)]
    private let issues: IssueCollector
    private var used: Set<String> = []

    /// Starts reading `value` at `path`; reports and returns nil when it is not an object.
    package init?(_ value: JSONValue, at path: JSONPath, issues: IssueCollector) {
        guard case let .object(members) = value else {
            issues.report(path, "expected an object, found \(value.typeName)")
            return nil
        }
        self.path = path
        self.members = members
        self.issues = issues
    }

    /// The raw value of `key`, marking it as known; `nil` when absent or `null`.
    package mutating func value(_ key: String) -> JSONValue? {
        used.insert(key)
        guard let v = members.first(where: { $0.key == key })?.value else { return nil }
        if case .null = v { return nil }
        return v
    }

    /// Reads `key` with `read`; reports a missing required field.
    package mutating func field<T>(
        _ key: String, required: Bool = false,
        _ read: (JSONValue, JSONPath, IssueCollector) -> T?
    ) -> T? {
        guard let v = value(key) else {
            if required { issues.report(path.appending(key), "is required") }
            return nil
        }
        return read(v, path.appending(key), issues)
    }

    package mutating func string(_ key: String, required: Bool = false, nonEmpty: Bool = true) -> String? {
        field(key, required: required) { v, p, issues in
            guard case let .string(s) = v else {
                issues.report(p, "expected a string, found \(v.typeName)")
                return nil
            }
            if nonEmpty && s.isEmpty {
                issues.report(p, "must not be empty")
                return nil
            }
            return s
        }
    }

    /// A file path: a non-empty string without NUL, which the C library would silently cut
    /// the path at (`sm\u0000all.csv` would open `sm`).
    package mutating func path(_ key: String, required: Bool = false) -> String? {
        guard let text = string(key, required: required) else { return nil }
        guard !text.utf8.contains(0) else {
            issues.report(path.appending(key), "must not contain a NUL character")
            return nil
        }
        return text
    }

    package mutating func bool(_ key: String) -> Bool? {
        field(key) { v, p, issues in
            guard case let .bool(b) = v else {
                issues.report(p, "expected true or false, found \(v.typeName)")
                return nil
            }
            return b
        }
    }

    package mutating func integer(_ key: String, in range: ClosedRange<Int>) -> Int? {
        field(key) { v, p, issues in ObjectReader.integer(v, at: p, in: range, issues: issues) }
    }

    package mutating func strings(_ key: String) -> [String]? {
        field(key) { v, p, issues in
            guard let items = ObjectReader.items(v, at: p, of: "strings", issues: issues) else { return nil }
            var out: [String] = []
            for (item, at) in items {
                guard case let .string(s) = item else {
                    issues.report(at, "expected a string, found \(item.typeName)")
                    continue
                }
                out.append(s)
            }
            return out.count == items.count ? out : nil
        }
    }

    /// Reads a string member that must be one of an enum's raw values.
    package mutating func choice<E: RawRepresentable & CaseIterable>(_ key: String, required: Bool = false) -> E?
    where E.RawValue == String {
        field(key, required: required) { v, p, issues in ObjectReader.choice(v, at: p, issues: issues) }
    }

    /// Reports members that no accessor asked for. Call once, after reading every known field.
    package func finish() {
        // "$comment" members document a request (as in JSON Schema); they are never data.
        for (key, _) in members where !used.contains(key) && !key.hasPrefix("$comment") {
            let hint = Suggestion.closest(to: key, among: used).map { "; did you mean \"\($0)\"?" } ?? ""
            issues.report(path.appending(key), "unknown field\(hint)")
        }
    }

    /// The items of the array `v`, each with its path; nil, reported as "expected an array of
    /// `what`", when `v` is not an array.
    package static func items(_ v: JSONValue, at p: JSONPath, of what: String, issues: IssueCollector) -> [(value: JSONValue, path: JSONPath)]? {
        guard case let .array(items) = v else {
            issues.report(p, "expected an array of \(what), found \(v.typeName)")
            return nil
        }
        return items.enumerated().map { i, item in (item, p.appending(index: i)) }
    }

    package static func integer(_ v: JSONValue, at p: JSONPath, in range: ClosedRange<Int>, issues: IssueCollector) -> Int? {
        guard case let .number(text) = v, let n = Int(text) else {
            issues.report(p, "expected an integer, found \(v.typeName == "number" ? "a non-integer number" : v.typeName)")
            return nil
        }
        guard range.contains(n) else {
            issues.report(p, "must be between \(range.lowerBound) and \(range.upperBound), found \(n)")
            return nil
        }
        return n
    }

    package static func choice<E: RawRepresentable & CaseIterable>(_ v: JSONValue, at p: JSONPath, issues: IssueCollector) -> E?
    where E.RawValue == String {
        let allowed = E.allCases.map(\.rawValue)
        guard case let .string(s) = v else {
            issues.report(p, "expected one of \(allowed.joined(separator: ", ")), found \(v.typeName)")
            return nil
        }
        guard let e = E(rawValue: s) else {
            let hint = Suggestion.closest(to: s, among: allowed).map { "; did you mean \"\($0)\"?" } ?? ""
            issues.report(p, "\"\(s)\" is not one of \(allowed.joined(separator: ", "))\(hint)")
            return nil
        }
        return e
    }
}
