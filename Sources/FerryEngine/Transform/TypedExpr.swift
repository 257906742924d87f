import FerryCore

/// An expression checked against a schema: every node knows its result type, so the evaluator
/// runs one typed loop per node over a whole batch (`ExprEvaluator`).
indirect enum TypedExpr {
    /// A constant; `value` is a one-row vector of `type` (NULL for the NULL literal).
    case constant(ColumnVector)
    case column(Int, ColumnType)
    /// `+ - * / %` over bigint (exact, overflow rejects the row) or double.
    case arithmetic(ExprOperator, TypedExpr, TypedExpr, ColumnType)
    /// `date ± bigint` days.
    case dateShift(ExprOperator, TypedExpr, TypedExpr)
    /// `date - date`: days between.
    case dateDiff(TypedExpr, TypedExpr)
    case negate(TypedExpr, ColumnType)
    case compare(ExprOperator, TypedExpr, TypedExpr, CompareDomain)
    case and(TypedExpr, TypedExpr)
    case or(TypedExpr, TypedExpr)
    case not(TypedExpr)
    case isNull(TypedExpr, negated: Bool)
    case like(TypedExpr, TypedExpr)
    /// `regexp_like(text, 'pattern')`: the pattern compiled once, at type-check time.
    case regexLike(TypedExpr, SafeRegex)
    /// `a || b`: NULL when either is NULL.
    case concatStrict(TypedExpr, TypedExpr)
    case function(ExprFunction, [TypedExpr], ColumnType)
    case cast(TypedExpr, ColumnType)
    case caseWhen([(TypedExpr, TypedExpr)], TypedExpr?, ColumnType)

    var type: ColumnType {
        switch self {
        case let .constant(v): v.type
        case let .column(_, t), let .arithmetic(_, _, _, t), let .negate(_, t), let .function(_, _, t),
             let .cast(_, t), let .caseWhen(_, _, t): t
        case .dateShift: .date
        case .dateDiff: .bigint
        case .compare, .and, .or, .not, .isNull, .like, .regexLike: .boolean
        case .concatStrict: .text
        }
    }

    /// A constant of `type` holding NULL.
    static func null(_ type: ColumnType) -> TypedExpr {
        var v = ColumnVector(type: type, capacity: 1)
        v.appendNull()
        return .constant(v)
    }

    /// Whether this is the NULL literal (whose type the context decides).
    var isNullConstant: Bool {
        if case let .constant(v) = self { return v.isNull.first == true }
        return false
    }
}

/// How two values are compared: as integers (bigint, boolean, date, timestamps of one kind),
/// as doubles (mixed or decimal numbers), or as UTF-8 bytes (text, uuid, json).
enum CompareDomain {
    case int, double, bytes
}

/// The functions of the expression language.
enum ExprFunction: String, CaseIterable {
    case coalesce, nullif, trim, ltrim, rtrim, lower, upper, length, substr, replace, concat
    case startsWith = "starts_with", endsWith = "ends_with", contains
    case abs, round, floor, ceil
    case year, month, day, hour, minute, second, dow, doy
    case datePart = "date_part", dateTrunc = "date_trunc"
    case hash

    /// Functions typed as their own nodes rather than `.function` (their pattern compiles once).
    static let patternFunctions = ["regexp_like"]
}
