import FerryCore

extension ExprChecker {
    func binary(_ op: ExprOperator, _ le: Expr, _ re: Expr, at p: Int) throws(ExprError) -> TypedExpr {
        let l = try check(le)
        let r = try check(re)
        switch op {
        case .and, .or:
            let a = try booleanOperand(l, at: le.position)
            let b = try booleanOperand(r, at: re.position)
            return op == .and ? .and(a, b) : .or(a, b)
        case .concat:
            return .concatStrict(coerce(l, to: .text), coerce(r, to: .text))
        case .like:
            guard Self.isTextual(l.type) || l.isNullConstant, Self.isTextual(r.type) || r.isNullConstant else {
                throw ExprError(position: p, "LIKE compares text, not \(l.type.name) and \(r.type.name)")
            }
            return .like(coerce(l, to: .text), coerce(r, to: .text))
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
            let type = try common([l, r], at: p, what: "\"\(op.rawValue)\" cannot compare values that")
            let domain: CompareDomain = switch type {
            case .double, .decimal: .double
            case .text, .uuid, .json: .bytes
            default: .int
            }
            let target: ColumnType = domain == .double ? .double : domain == .bytes ? .text : type
            return .compare(op, coerce(l, to: target), coerce(r, to: target), domain)
        case .add, .subtract, .multiply, .divide, .modulo:
            if l.type == .date && !l.isNullConstant, (op == .add || op == .subtract), r.type == .bigint {
                return .dateShift(op, l, r)
            }
            if op == .subtract, l.type == .date, r.type == .date, !l.isNullConstant, !r.isNullConstant {
                return .dateDiff(l, r)
            }
            let lt = l.isNullConstant ? (Self.numeric(r.type) ?? .bigint) : Self.numeric(l.type)
            let rt = r.isNullConstant ? (Self.numeric(l.type) ?? .bigint) : Self.numeric(r.type)
            guard let lt, let rt else {
                let bad = Self.numeric(l.type) == nil && !l.isNullConstant ? l.type : r.type
                throw ExprError(position: p, "\"\(op.rawValue)\" needs numbers, not \(bad.name)")
            }
            let type: ColumnType = lt == .bigint && rt == .bigint ? .bigint : .double
            return .arithmetic(op, coerce(l, to: type), coerce(r, to: type), type)
        case .not, .negate:
            throw ExprError(position: p, "\(op.rawValue) takes one operand")
        }
    }

    private func booleanOperand(_ t: TypedExpr, at p: Int) throws(ExprError) -> TypedExpr {
        if t.isNullConstant { return .null(.boolean) }
        guard t.type == .boolean else { throw ExprError(position: p, "expected a boolean, found \(t.type.name)") }
        return t
    }

    func call(_ name: String, _ args: [Expr], at p: Int) throws(ExprError) -> TypedExpr {
        if name == "regexp_like" {
            guard args.count == 2 else { throw ExprError(position: p, "regexp_like takes 2 arguments, not \(args.count)") }
            let value = try check(args[0])
            guard Self.isTextual(value.type) || value.isNullConstant else {
                throw ExprError(position: args[0].position, "regexp_like needs text here, not \(value.type.name); cast it with CAST(... AS text)")
            }
            return .regexLike(coerce(value, to: .text), try Self.regex(args[1], in: name))
        }
        guard let f = ExprFunction(rawValue: name) else {
            let hint = Suggestion.closest(to: name, among: ExprFunction.allCases.map(\.rawValue) + ExprFunction.patternFunctions).map { "; did you mean \($0)?" } ?? ""
            throw ExprError(position: p, "no function \(name)\(hint)")
        }
        var typed: [TypedExpr] = []
        for a in args { typed.append(try check(a)) }
        func arity(_ range: ClosedRange<Int>) throws(ExprError) {
            guard range.contains(args.count) else {
                let n = range.lowerBound == range.upperBound ? "\(range.lowerBound)" : range.upperBound == 99 ? "at least \(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
                throw ExprError(position: p, "\(name) takes \(n) argument\(range.upperBound == 1 ? "" : "s"), not \(args.count)")
            }
        }
        func text(_ i: Int) throws(ExprError) -> TypedExpr {
            let t = typed[i]
            guard Self.isTextual(t.type) || t.isNullConstant else {
                throw ExprError(position: args[i].position, "\(name) needs text here, not \(t.type.name); cast it with CAST(... AS text)")
            }
            return coerce(t, to: .text)
        }
        func integer(_ i: Int) throws(ExprError) -> TypedExpr {
            guard typed[i].type == .bigint || typed[i].isNullConstant else {
                throw ExprError(position: args[i].position, "\(name) needs a bigint here, not \(typed[i].type.name)")
            }
            return coerce(typed[i], to: .bigint)
        }
        func temporal(_ i: Int) throws(ExprError) -> TypedExpr {
            if typed[i].isNullConstant { return .null(.date) }
            guard Self.isTemporal(typed[i].type) else {
                throw ExprError(position: args[i].position, "\(name) needs a date or timestamp, not \(typed[i].type.name)")
            }
            return typed[i]
        }
        func field(_ i: Int, _ allowed: [String]) throws(ExprError) -> TypedExpr {
            guard case let .literal(.text(s), _) = args[i], allowed.contains(s.lowercased()) else {
                throw ExprError(position: args[i].position, "\(name) needs one of '\(allowed.joined(separator: "', '"))' as its first argument")
            }
            return Self.constant(.text(s.lowercased()))
        }
        switch f {
        case .coalesce:
            try arity(1...99)
            let type = try common(typed, at: p, what: "coalesce's arguments")
            return .function(f, typed.map { coerce($0, to: type) }, type)
        case .nullif:
            try arity(2...2)
            let type = try common(typed, at: p, what: "nullif's arguments")
            return .function(f, typed.map { coerce($0, to: type) }, type)
        case .trim, .ltrim, .rtrim, .lower, .upper:
            try arity(1...1)
            return .function(f, [try text(0)], .text)
        case .length:
            try arity(1...1)
            return .function(f, [try text(0)], .bigint)
        case .substr:
            try arity(2...3)
            return .function(f, [try text(0), try integer(1)] + (args.count == 3 ? [try integer(2)] : []), .text)
        case .replace:
            try arity(3...3)
            return .function(f, [try text(0), try text(1), try text(2)], .text)
        case .concat:
            try arity(1...99)
            return .function(f, typed.map { coerce($0, to: .text) }, .text)
        case .startsWith, .endsWith, .contains:
            try arity(2...2)
            return .function(f, [try text(0), try text(1)], .boolean)
        case .abs, .round, .floor, .ceil:
            try arity(1...1)
            guard let n = Self.numeric(typed[0].type) else {
                throw ExprError(position: args[0].position, "\(name) needs a number, not \(typed[0].type.name)")
            }
            return .function(f, [coerce(typed[0], to: n)], n)
        case .year, .month, .day, .hour, .minute, .second, .dow, .doy:
            try arity(1...1)
            return .function(f, [try temporal(0)], .bigint)
        case .datePart:
            try arity(2...2)
            return .function(f, [try field(0, DateParts.parts), try temporal(1)], .bigint)
        case .dateTrunc:
            try arity(2...2)
            let value = try temporal(1)
            return .function(f, [try field(0, DateParts.truncations), value], value.type)
        case .hash:
            try arity(1...99)
            return .function(f, typed, .text)
        }
    }
}

extension ExprChecker {
    /// The pattern argument of a regex function compiled by the safe engine (`SafeRegex`); it
    /// must be a string literal, so it compiles once and a bad pattern is a type-check error at
    /// its position in the expression.
    static func regex(_ arg: Expr, in name: String) throws(ExprError) -> SafeRegex {
        guard case let .literal(.text(pattern), p) = arg else {
            throw ExprError(position: arg.position, "\(name) needs the pattern as a string literal ('...')")
        }
        do {
            return try SafeRegex(pattern)
        } catch {
            // The engine counts bytes from 0; the expression counts characters from the quote.
            let prefix = String(decoding: pattern.utf8.prefix(error.position), as: UTF8.self)
            let quotes = prefix.unicodeScalars.filter { $0 == "'" }.count
            throw ExprError(position: p + 1 + prefix.unicodeScalars.count + quotes, "\(name): \(error.reason) in the pattern")
        }
    }
}
