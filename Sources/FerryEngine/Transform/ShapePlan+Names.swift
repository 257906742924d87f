import FerryCore

extension ShapePlan {
    /// Applies `transform.names` to output columns named as their input column (not renamed,
    /// not a new derived or audit column), and reports, at `$.transform.names`, two output
    /// columns that end up with one name.
    mutating func normaliseNames() {
        var renamedFrom: [Int: String] = [:]
        if spec.names != .asIs {
            for (k, entry) in entries.enumerated() {
                let base: Int?
                switch entry.source {
                case let .input(i): base = i
                case let .derived(_, b, _): base = b
                case .audit: base = nil
                }
                guard let i = base, ColumnName(entry.name) == ColumnName(input.columns[i].name) else { continue }
                let name = spec.names.apply(entry.name, position: i + 1)
                if name != entry.name {
                    renamedFrom[k] = entry.name
                    entries[k].name = name
                }
            }
        }
        guard !renamedFrom.isEmpty else { return }
        var seen: [ColumnName: Int] = [:]
        for (k, entry) in entries.enumerated() {
            let key = ColumnName(entry.name)
            guard let first = seen[key] else { seen[key] = k; continue }
            guard renamedFrom[first] != nil || renamedFrom[k] != nil else { continue }
            let a = renamedFrom[first] ?? entries[first].name
            let b = renamedFrom[k] ?? entry.name
            report(root.appending("names"),
                   "columns \"\(a)\" and \"\(b)\" both become \"\(entry.name)\" under \(spec.names.rawValue); rename or drop one of them")
        }
    }
}
