/// The request's `transform.dedupe`: rows repeating an earlier row's key (or, without `key`, an
/// earlier row's every value) are left out of the load, keeping the first or the last of each,
/// exactly and in bounded memory (Docs/transforms.md, "De-duplication").
package struct DedupeSpec: Sendable, Equatable {
    /// Which row of a repeated key stays.
    package enum Keep: String, Sendable, CaseIterable {
        case first, last
    }

    /// Output column names compared; nil: whole rows (every output column).
    package var key: [String]?
    package var keep: Keep = .first
    /// Memory for keys (and, for `keep: last`, rows) before they spill to disk, in MiB. The
    /// default keeps a load of a million distinct keys under 100 MB of peak RSS (Docs/benchmarks.md).
    package static let defaultMemoryMB = 16
    package var memoryMB = DedupeSpec.defaultMemoryMB

    package init() {}

    static func read(_ v: JSONValue, at p: JSONPath, issues: IssueCollector) -> DedupeSpec? {
        guard var r = ObjectReader(v, at: p, issues: issues) else { return nil }
        var d = DedupeSpec()
        d.key = r.strings("key")
        if let keep = r.string("keep") {
            if let k = Keep(rawValue: keep) { d.keep = k } else { issues.report(p.appending("keep"), "expected first or last") }
        }
        d.memoryMB = r.integer("memory_mb", in: 1...65536) ?? d.memoryMB
        r.finish()
        if let key = d.key {
            if key.isEmpty { issues.report(p.appending("key"), "names no column; leave key out to compare whole rows") }
            if Set(key.map(ColumnName.init)).count != key.count { issues.report(p.appending("key"), "lists a column twice") }
        }
        return d
    }

    var json: JSONValue {
        var m: [(key: String, value: JSONValue)] = []
        if let key { m.append(("key", .array(key.map(JSONValue.string)))) }
        m.append(("keep", .string(keep.rawValue)))
        if memoryMB != Self.defaultMemoryMB { m.append(("memory_mb", .int(memoryMB))) }
        return .object(m)
    }
}
