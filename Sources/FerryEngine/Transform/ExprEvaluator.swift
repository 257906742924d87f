import FerryCore

/// Evaluates typed expressions over a whole batch: each node runs one loop over all rows and
/// yields a column, so the cost per row is a few array operations per node, not a tree walk.
///
/// A value that cannot be computed (division by zero, an overflow, a failed cast) makes that
/// row's result NULL and records the first reason for the row in `errors`; the transform rejects
/// such rows.
struct ExprEvaluator {
    let batch: TypedBatch
    let count: Int
    /// The first reason each row could not be computed, by row.
    var errors: [Int: String] = [:]

    init(batch: TypedBatch) {
        self.batch = batch
        count = batch.rowCount
    }

    mutating func fail(_ row: Int, _ reason: String) {
        if errors[row] == nil { errors[row] = reason }
    }

    mutating func eval(_ e: TypedExpr) -> ColumnVector {
        switch e {
        case let .constant(v): return broadcast(v)
        case let .column(i, _): return batch.columns[i]
        case let .arithmetic(op, l, r, type):
            let a = eval(l), b = eval(r)
            return type == .bigint ? intArithmetic(op, a, b) : doubleArithmetic(op, a, b)
        case let .dateShift(op, l, r):
            let a = eval(l), b = eval(r)
            var out = intArithmetic(op, a, b)
            out = ColumnVector(retyping: out, as: .date)
            return out
        case let .dateDiff(l, r):
            return ColumnVector(retyping: intArithmetic(.subtract, eval(l), eval(r)), as: .bigint)
        case let .negate(x, type):
            let a = eval(x)
            var out = ColumnVector(type: type, capacity: count)
            for i in 0..<count {
                if a.isNull[i] { out.appendNull(); continue }
                if type == .bigint {
                    let (v, o) = Int64(0).subtractingReportingOverflow(a.ints[i])
                    if o { fail(i, "bigint overflow"); out.appendNull() } else { out.append(int: v) }
                } else {
                    out.append(double: -a.doubles[i])
                }
            }
            return out
        case let .compare(op, l, r, domain): return compare(op, eval(l), eval(r), domain)
        case let .and(l, r): return logic(eval(l), eval(r), isAnd: true)
        case let .or(l, r): return logic(eval(l), eval(r), isAnd: false)
        case let .not(x):
            var out = eval(x)
            out = ColumnVector(retyping: out, as: .boolean)
            for i in 0..<count where !out.isNull[i] { out.ints[i] = out.ints[i] == 0 ? 1 : 0 }
            return out
        case let .isNull(x, negated):
            let a = eval(x)
            var out = ColumnVector(type: .boolean, capacity: count)
            for i in 0..<count { out.append(int: a.isNull[i] != negated ? 1 : 0) }
            return out
        case let .like(l, r): return like(eval(l), eval(r))
        case let .regexLike(x, regex): return regexLike(eval(x), regex)
        case let .concatStrict(l, r): return concat([eval(l), eval(r)], strict: true)
        case let .function(f, args, type): return function(f, args, type)
        case let .cast(x, type): return cast(eval(x), to: type)
        case let .caseWhen(branches, otherwise, type):
            var out = ColumnVector(type: type, capacity: count)
            var chosen = [Int](repeating: -1, count: count)
            var conditions: [ColumnVector] = []
            for (c, _) in branches {
                let v = eval(c)
                for i in 0..<count where chosen[i] < 0 && !v.isNull[i] && v.ints[i] != 0 { chosen[i] = conditions.count }
                conditions.append(v)
            }
            let values = branches.map { eval($0.1) }
            let fallback = otherwise.map { eval($0) }
            for i in 0..<count {
                let source = chosen[i] >= 0 ? values[chosen[i]] : fallback
                if let source { out.appendValue(of: source, row: i) } else { out.appendNull() }
            }
            return out
        }
    }

    /// A column of `type` with a non-NULL zero in every row, for loops that set values by index.
    func slots(_ type: ColumnType) -> ColumnVector {
        var out = ColumnVector(type: type)
        out.isNull = Array(repeating: false, count: count)
        if type.storage == .float64 { out.doubles = Array(repeating: 0, count: count) } else { out.ints = Array(repeating: 0, count: count) }
        return out
    }

    /// A one-row constant repeated for every row.
    func broadcast(_ v: ColumnVector) -> ColumnVector {
        var out = ColumnVector(type: v.type, capacity: count)
        if v.isNull[0] {
            out.isNull = Array(repeating: true, count: count)
            switch v.type.storage {
            case .int64: out.ints = Array(repeating: 0, count: count)
            case .float64: out.doubles = Array(repeating: 0, count: count)
            case .bytes: out.ends = Array(repeating: 0, count: count)
            }
            return out
        }
        out.isNull = Array(repeating: false, count: count)
        switch v.type.storage {
        case .int64: out.ints = Array(repeating: v.ints[0], count: count)
        case .float64: out.doubles = Array(repeating: v.doubles[0], count: count)
        case .bytes:
            let value = v.bytes
            out.bytes.reserveCapacity(value.count * count)
            for _ in 0..<count {
                out.bytes.append(contentsOf: value)
                out.ends.append(Int32(truncatingIfNeeded: out.bytes.count))
            }
        }
        return out
    }

    private mutating func intArithmetic(_ op: ExprOperator, _ a: ColumnVector, _ b: ColumnVector) -> ColumnVector {
        var out = slots(.bigint)
        for i in 0..<count {
            if a.isNull[i] || b.isNull[i] { out.isNull[i] = true; continue }
            let x = a.ints[i], y = b.ints[i]
            let result: (Int64, Bool)
            switch op {
            case .add: result = x.addingReportingOverflow(y)
            case .subtract: result = x.subtractingReportingOverflow(y)
            case .multiply: result = x.multipliedReportingOverflow(by: y)
            case .divide, .modulo:
                if y == 0 { fail(i, "division by zero"); out.isNull[i] = true; continue }
                result = op == .divide ? x.dividedReportingOverflow(by: y) : x.remainderReportingOverflow(dividingBy: y)
            default: result = (0, true)
            }
            if result.1 { fail(i, "bigint overflow"); out.isNull[i] = true } else { out.ints[i] = result.0 }
        }
        return out
    }

    /// Double arithmetic: one loop per operator over whole columns, then NULLs and zero divisors.
    private mutating func doubleArithmetic(_ op: ExprOperator, _ a: ColumnVector, _ b: ColumnVector) -> ColumnVector {
        var out = slots(.double)
        let x = a.doubles, y = b.doubles
        switch op {
        case .add: out.doubles = zip(x, y).map { $0 + $1 }
        case .subtract: out.doubles = zip(x, y).map { $0 - $1 }
        case .multiply: out.doubles = zip(x, y).map { $0 * $1 }
        case .divide: out.doubles = zip(x, y).map { $1 == 0 ? 0 : $0 / $1 }
        default: out.doubles = zip(x, y).map { $1 == 0 ? 0 : $0.truncatingRemainder(dividingBy: $1) }
        }
        out.isNull = zip(a.isNull, b.isNull).map { $0 || $1 }
        if op == .divide || op == .modulo {
            for i in 0..<count where !out.isNull[i] && y[i] == 0 {
                fail(i, "division by zero")
                out.isNull[i] = true
            }
        }
        return out
    }

    private func compare(_ op: ExprOperator, _ a: ColumnVector, _ b: ColumnVector, _ domain: CompareDomain) -> ColumnVector {
        var out = slots(.boolean)
        for i in 0..<count {
            if a.isNull[i] || b.isNull[i] { out.isNull[i] = true; continue }
            let order: Int
            switch domain {
            case .int: order = a.ints[i] < b.ints[i] ? -1 : a.ints[i] == b.ints[i] ? 0 : 1
            case .double: order = a.doubles[i] < b.doubles[i] ? -1 : a.doubles[i] == b.doubles[i] ? 0 : 1
            case .bytes: order = Self.compareBytes(a, b, i)
            }
            let holds: Bool = switch op {
            case .equal: order == 0
            case .notEqual: order != 0
            case .less: order < 0
            case .lessOrEqual: order <= 0
            case .greater: order > 0
            default: order >= 0
            }
            out.ints[i] = holds ? 1 : 0
        }
        return out
    }

    /// Byte-wise order of value `i` of two bytes columns (UTF-8 order is code point order).
    static func compareBytes(_ a: ColumnVector, _ b: ColumnVector, _ i: Int) -> Int {
        let (s1, e1) = (a.start(of: i), Int(a.ends[i]))
        let (s2, e2) = (b.start(of: i), Int(b.ends[i]))
        let n = min(e1 - s1, e2 - s2)
        for k in 0..<n where a.bytes[s1 + k] != b.bytes[s2 + k] { return a.bytes[s1 + k] < b.bytes[s2 + k] ? -1 : 1 }
        return (e1 - s1) == (e2 - s2) ? 0 : (e1 - s1) < (e2 - s2) ? -1 : 1
    }

    /// SQL's three-valued AND/OR: FALSE AND NULL is FALSE, TRUE OR NULL is TRUE.
    private func logic(_ a: ColumnVector, _ b: ColumnVector, isAnd: Bool) -> ColumnVector {
        var out = slots(.boolean)
        let decisive: Int64 = isAnd ? 0 : 1
        for i in 0..<count {
            let x: Int64? = a.isNull[i] ? nil : a.ints[i]
            let y: Int64? = b.isNull[i] ? nil : b.ints[i]
            if x == decisive || y == decisive { out.ints[i] = decisive } else if x == nil || y == nil { out.isNull[i] = true } else { out.ints[i] = 1 - decisive }
        }
        return out
    }
}

extension ColumnVector {
    /// The same values under another type of the same storage (date arithmetic, NOT).
    init(retyping v: ColumnVector, as type: ColumnType) {
        self.init(type: type)
        isNull = v.isNull
        ints = v.ints
        doubles = v.doubles
        bytes = v.bytes
        ends = v.ends
    }

    /// Appends value `row` of `v` (of the same storage), or NULL.
    mutating func appendValue(of v: ColumnVector, row: Int) {
        if v.isNull[row] { appendNull(); return }
        switch type.storage {
        case .int64: append(int: v.ints[row])
        case .float64: append(double: v.doubles[row])
        case .bytes:
            isNull.append(false)
            bytes.append(contentsOf: v.bytes[v.start(of: row)..<Int(v.ends[row])])
            ends.append(Int32(truncatingIfNeeded: bytes.count))
        }
    }
}
