import FerryCore

/// Types an `Expr` against the columns of a schema, or says (with the position) why it cannot
/// run: an unknown column, an operator or function applied to the wrong types.
struct ExprChecker {
    let schema: Schema

    func check(_ e: Expr) throws(ExprError) -> TypedExpr {
        switch e {
        case let .literal(l, _):
            return Self.constant(l)
        case let .column(name, p):
            guard let i = schema.index(of: name) else {
                let known = schema.names
                let hint = Suggestion.closest(to: name, among: known).map { "; did you mean \"\($0)\"?" } ?? ""
                throw ExprError(position: p, "no column \"\(name)\" in the input\(hint)")
            }
            return .column(i, schema.columns[i].type)
        case let .unary(op, inner, p):
            let t = try check(inner)
            if op == .not { return .not(try boolean(t, at: inner.position)) }
            if t.isNullConstant { return t }
            guard let n = Self.numeric(t.type) else { throw ExprError(position: p, "minus needs a number, not \(t.type.name)") }
            return .negate(n == .bigint ? t : .cast(t, .double), n)
        case let .isNull(inner, negated, _):
            return .isNull(try check(inner), negated: negated)
        case let .cast(inner, type, p):
            let t = try check(inner)
            guard Self.castable(from: t.type, to: type) else { throw ExprError(position: p, "cannot cast \(t.type.name) to \(type.name)") }
            return t.type == type ? t : .cast(t, type)
        case let .binary(op, l, r, p):
            return try binary(op, l, r, at: p)
        case let .call(name, args, p):
            return try call(name, args, at: p)
        case let .caseWhen(branches, otherwise, p):
            var typed: [(TypedExpr, TypedExpr)] = []
            for (c, v) in branches { typed.append((try boolean(try check(c), at: c.position), try check(v))) }
            let rest = try otherwise.map { (x: Expr) throws(ExprError) in try check(x) }
            let values = typed.map(\.1) + (rest.map { [$0] } ?? [])
            let type = try common(values, at: p, what: "CASE branches")
            return .caseWhen(typed.map { ($0.0, coerce($0.1, to: type)) }, rest.map { coerce($0, to: type) }, type)
        }
    }

    static func constant(_ l: ExprLiteral) -> TypedExpr {
        switch l {
        case .null: return .null(.text)
        case let .bool(b): var v = ColumnVector(type: .boolean); v.append(int: b ? 1 : 0); return .constant(v)
        case let .int(n): var v = ColumnVector(type: .bigint); v.append(int: n); return .constant(v)
        case let .double(d): var v = ColumnVector(type: .double); v.append(double: d); return .constant(v)
        case let .text(s): var v = ColumnVector(type: .text); v.append(text: s); return .constant(v)
        }
    }

    /// `bigint`, `double` or nil: the arithmetic type of `t` (decimal computes as double).
    static func numeric(_ t: ColumnType) -> ColumnType? {
        switch t {
        case .bigint: .bigint
        case .double, .decimal: .double
        default: nil
        }
    }

    static func isTextual(_ t: ColumnType) -> Bool { t == .text || t == .uuid || t == .json }
    static func isTemporal(_ t: ColumnType) -> Bool { t == .date || t == .timestamp || t == .timestamptz }

    static func castable(from: ColumnType, to: ColumnType) -> Bool {
        if from == to || to == .text || from == .text { return true }
        let numbers = numeric(from) != nil || from == .boolean
        switch to {
        case .bigint, .double, .decimal: return numbers
        case .boolean: return from == .bigint
        case .date, .timestamp, .timestamptz: return isTemporal(from)
        case .uuid, .json, .text: return isTextual(from)
        }
    }

    private func boolean(_ t: TypedExpr, at p: Int) throws(ExprError) -> TypedExpr {
        if t.isNullConstant { return .null(.boolean) }
        guard t.type == .boolean else { throw ExprError(position: p, "expected a boolean, found \(t.type.name)") }
        return t
    }

    /// `t` as `type`: a NULL literal takes it; numbers widen; a text literal next to a date or
    /// timestamp is read as one (`d >= '2024-01-01'`).
    func coerce(_ t: TypedExpr, to type: ColumnType) -> TypedExpr {
        if t.type == type { return t }
        if t.isNullConstant { return .null(type) }
        return .cast(t, type)
    }

    /// The one type `values` share (numbers widen to double; a text literal takes a date's type).
    func common(_ values: [TypedExpr], at p: Int, what: String) throws(ExprError) -> ColumnType {
        let typed = values.filter { !$0.isNullConstant }
        guard let first = typed.first else { return .text }
        var type = first.type
        for v in typed.dropFirst() where v.type != type {
            if let a = Self.numeric(type), let b = Self.numeric(v.type) {
                type = a == .bigint && b == .bigint ? .bigint : .double
            } else if Self.isTextual(type) && Self.isTextual(v.type) {
                type = .text
            } else if Self.isTemporal(type) && Self.isTextLiteral(v) {
                continue
            } else if Self.isTemporal(v.type) && Self.isTextLiteral(first) {
                type = v.type
            } else {
                throw ExprError(position: p, "\(what) mix \(type.name) and \(v.type.name)")
            }
        }
        return type
    }

    static func isTextLiteral(_ t: TypedExpr) -> Bool {
        if case let .constant(v) = t { return v.type == .text }
        return false
    }
}
