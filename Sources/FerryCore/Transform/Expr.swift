/// A parsed transform expression (`price * qty`, `lower(trim(name))`, `x IS NOT NULL`): the tree
/// the parser builds; `ExprChecker` types it against a schema. `position` is the 1-based character
/// offset of the node's first token in the expression text, for error messages.
package indirect enum Expr: Sendable, Equatable {
    case literal(ExprLiteral, position: Int)
    case column(String, position: Int)
    case unary(ExprOperator, Expr, position: Int)
    case binary(ExprOperator, Expr, Expr, position: Int)
    case isNull(Expr, negated: Bool, position: Int)
    case call(String, [Expr], position: Int)
    case cast(Expr, ColumnType, position: Int)
    /// `CASE WHEN c THEN v ... ELSE e END`; `otherwise` nil means ELSE NULL.
    case caseWhen([(Expr, Expr)], otherwise: Expr?, position: Int)

    package var position: Int {
        switch self {
        case let .literal(_, p), let .column(_, p), let .unary(_, _, p), let .binary(_, _, _, p),
             let .isNull(_, _, p), let .call(_, _, p), let .cast(_, _, p), let .caseWhen(_, _, p): p
        }
    }

    /// The column names the expression reads.
    package var columns: [String] {
        switch self {
        case .literal: []
        case let .column(name, _): [name]
        case let .unary(_, e, _), let .isNull(e, _, _), let .cast(e, _, _): e.columns
        case let .binary(_, l, r, _): l.columns + r.columns
        case let .call(_, args, _): args.flatMap(\.columns)
        case let .caseWhen(branches, otherwise, _):
            branches.flatMap { $0.0.columns + $0.1.columns } + (otherwise?.columns ?? [])
        }
    }

    package static func == (a: Expr, b: Expr) -> Bool { a.description == b.description }
}

/// A constant in an expression.
package enum ExprLiteral: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case text(String)
}

/// The operators of the expression language.
package enum ExprOperator: String, Sendable, Equatable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%", concat = "||"
    case equal = "=", notEqual = "<>", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case and = "AND", or = "OR", not = "NOT", negate = "NEG", like = "LIKE"
}

extension Expr: CustomStringConvertible {
    /// The expression in canonical text (fully parenthesised), for tests and messages.
    package var description: String {
        switch self {
        case let .literal(l, _):
            switch l {
            case .null: "NULL"
            case let .bool(b): b ? "TRUE" : "FALSE"
            case let .int(i): String(i)
            case let .double(d): String(d)
            case let .text(t): "'" + t.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'"
            }
        case let .column(name, _): name
        case let .unary(op, e, _): op == .negate ? "(-\(e))" : "(NOT \(e))"
        case let .binary(op, l, r, _): "(\(l) \(op.rawValue) \(r))"
        case let .isNull(e, negated, _): "(\(e) IS \(negated ? "NOT " : "")NULL)"
        case let .call(name, args, _): "\(name)(\(args.map(\.description).joined(separator: ", ")))"
        case let .cast(e, type, _): "CAST(\(e) AS \(type.name))"
        case let .caseWhen(branches, otherwise, _):
            "CASE" + branches.map { " WHEN \($0.0) THEN \($0.1)" }.joined() + (otherwise.map { " ELSE \($0)" } ?? "") + " END"
        }
    }
}
