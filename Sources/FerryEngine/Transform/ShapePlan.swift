import FerryCore

/// Works out a transform's output columns against the input's schema: which input columns stay
/// and under which names, each derived column's typed value, and every problem with its JSON path
/// (and, for expressions, the position in the expression).
struct ShapePlan {
    struct Output {
        var column: Column
        var value: TypedExpr
    }

    let spec: TransformSpec
    let input: Schema
    private let checker: ExprChecker
    private(set) var issues: [RequestIssue] = []
    /// Output columns before typing: name, and the input column or derived column behind it.
    var entries: [(name: String, source: Source)] = []
    private(set) var columns: [Output] = []
    private(set) var filter: TypedExpr?

    enum Source {
        case input(Int)
        case derived(TransformSpec.DerivedColumn, base: Int?, path: JSONPath)
        case audit(TransformSpec.AuditColumn)
    }

    var root: JSONPath { JSONPath.root.appending("transform") }

    init(spec: TransformSpec, input: Schema) {
        self.spec = spec
        self.input = input
        checker = ExprChecker(schema: input)
    }

    mutating func report(_ path: JSONPath, _ message: String) {
        issues.append(RequestIssue(path: path, message: message))
    }

    /// The input column `name`, or a reported issue at `path`.
    private mutating func inputColumn(_ name: String, at path: JSONPath) -> Int? {
        if let i = input.index(of: name) { return i }
        let hint = Suggestion.closest(to: name, among: input.names).map { "; did you mean \"\($0)\"?" } ?? ""
        report(path, "no column \"\(name)\" in the input\(hint)")
        return nil
    }

    private func position(of name: String) -> Int? {
        let key = ColumnName(name)
        return entries.firstIndex { ColumnName($0.name) == key }
    }

    /// Select, drop, rename, derived columns, audit columns: the output's names in order.
    mutating func build() {
        if let select = spec.select {
            for (k, name) in select.enumerated() {
                if let i = inputColumn(name, at: root.appending("select").appending(index: k)) { entries.append((input.columns[i].name, .input(i))) }
            }
        } else {
            entries = input.columns.indices.map { (input.columns[$0].name, .input($0)) }
        }
        for (k, name) in spec.drop.enumerated() {
            guard inputColumn(name, at: root.appending("drop").appending(index: k)) != nil else { continue }
            entries.removeAll { ColumnName($0.name) == ColumnName(name) }
        }
        for (from, to) in spec.rename {
            let path = root.appending("rename").appending(from)
            guard let at = position(of: from) else {
                if inputColumn(from, at: path) != nil { report(path, "column \"\(from)\" is not in the output (select or drop left it out)") }
                continue
            }
            if let other = position(of: to), other != at {
                report(path, "renames \"\(from)\" onto \"\(to)\", which the output already has; drop or rename that one first")
                continue
            }
            entries[at].name = to
        }
        for (k, c) in spec.columns.enumerated() {
            let path = root.appending("columns").appending(index: k)
            if let at = position(of: c.name) {
                var base: Int? = nil
                if case let .input(i) = entries[at].source { base = i }
                entries[at].source = .derived(c, base: base, path: path)
            } else {
                if c.expr == nil { report(path.appending("name"), "no output column \"\(c.name)\" to cast or default; give expr to derive it") }
                entries.append((c.name, .derived(c, base: nil, path: path)))
            }
        }
        for (k, a) in spec.audit.enumerated() {
            if position(of: a.rawValue) != nil {
                report(root.appending("audit_columns").appending(index: k), "the output already has a column \"\(a.rawValue)\"")
            }
            entries.append((a.rawValue, .audit(a)))
        }
        if entries.isEmpty { report(root, "leaves no columns to load") }
    }

    /// Types every output column and the filter.
    mutating func compile(audit: [TransformSpec.AuditColumn: TypedExpr]) {
        for (name, source) in entries {
            switch source {
            case let .input(i):
                var c = input.columns[i]
                c.name = name
                columns.append(Output(column: c, value: .column(i, c.type)))
            case let .audit(a):
                if let v = audit[a] { columns.append(Output(column: Column(name: name, type: v.type, origin: .declared), value: v)) }
            case let .derived(d, base, path):
                if let v = derived(d, base: base, at: path) {
                    var c = base.map { input.columns[$0] } ?? Column(name: name, type: v.type, origin: .declared)
                    c.name = name
                    if c.type != v.type { c.type = v.type; c.origin = .declared; c.limit = nil }
                    c.nullable = true
                    columns.append(Output(column: c, value: v))
                }
            }
        }
        clean("trim", spec.trim) { .function(.trim, [$0], .text) }
        clean("empty_as_null", spec.emptyAsNull) { .function(.nullif, [$0, ExprChecker.constant(.text(""))], .text) }
        if let f = spec.filter, let typed = typed(f) {
            if typed.type == .boolean || typed.isNullConstant { filter = typed } else {
                report(f.path, "at position 1: where needs a boolean expression, found \(typed.type.name)")
            }
        }
    }

    /// Wraps the output text columns `names` (the member `key`) in `wrap`.
    private mutating func clean(_ key: String, _ names: [String], _ wrap: (TypedExpr) -> TypedExpr) {
        for (k, name) in names.enumerated() {
            let path = root.appending(key).appending(index: k)
            guard let i = columns.firstIndex(where: { ColumnName($0.column.name) == ColumnName(name) }) else {
                report(path, "no column \"\(name)\" in the output")
                continue
            }
            guard columns[i].column.type == .text else {
                report(path, "column \"\(name)\" is \(columns[i].column.type.name); \(key) applies to text columns")
                continue
            }
            columns[i].value = wrap(columns[i].value)
            columns[i].column.origin = .declared
        }
    }

    private mutating func typed(_ e: TransformExpression) -> TypedExpr? {
        do { return try checker.check(e.expr) } catch {
            report(e.path, error.description)
            return nil
        }
    }

    private mutating func derived(_ d: TransformSpec.DerivedColumn, base: Int?, at path: JSONPath) -> TypedExpr? {
        var value: TypedExpr
        if let e = d.expr {
            guard let t = typed(e) else { return nil }
            value = t
        } else if let base {
            value = .column(base, input.columns[base].type)
        } else {
            return nil
        }
        if let type = d.type, type != value.type {
            guard ExprChecker.castable(from: value.type, to: type) || value.isNullConstant else {
                report(path.appending("type"), "cannot cast \(value.type.name) to \(type.name)")
                return nil
            }
            value = checker.coerce(value, to: type)
        }
        if let dv = d.defaultValue {
            guard let t = typed(dv) else { return nil }
            guard t.type == value.type || t.isNullConstant || ExprChecker.castable(from: t.type, to: value.type) else {
                report(dv.path, "the default is \(t.type.name), the column \(value.type.name)")
                return nil
            }
            value = .function(.coalesce, [value, checker.coerce(t, to: value.type)], value.type)
        }
        return value
    }

    /// Casts output columns that the existing target table types otherwise to its types.
    mutating func fit(_ columns: inout [Output], to existing: [Column]) {
        for (i, o) in columns.enumerated() {
            guard let t = existing.first(where: { ColumnName($0.name) == ColumnName(o.column.name) }), t.type != o.column.type else { continue }
            guard ExprChecker.castable(from: o.column.type, to: t.type) else {
                report(root, "output column \"\(o.column.name)\" is \(o.column.type.name) but the target's column is \(t.type.name)")
                continue
            }
            columns[i].value = checker.coerce(o.value, to: t.type)
            columns[i].column.type = t.type
            columns[i].column.limit = t.limit
        }
    }

    /// Output names the existing table lacks.
    static func extra(_ names: [String], existing: [Column]) -> [String] {
        let known = Set(existing.map { ColumnName($0.name) })
        return names.filter { !known.contains(ColumnName($0)) }
    }
}
