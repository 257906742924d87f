/// Parses the expression language (grammar in Docs/transforms.md) by recursive descent, with
/// SQL's precedence: OR < AND < NOT < comparison/IS/LIKE < + - || < * / % < unary minus.
package struct ExprParser {
    private var tokens: [ExprToken]
    private var at = 0

    /// Words that cannot name a column unquoted.
    static let keywords: Set<String> = ["AND", "OR", "NOT", "IS", "NULL", "TRUE", "FALSE", "CASE", "WHEN", "THEN",
                                        "ELSE", "END", "CAST", "AS", "LIKE"]

    /// Parses `text` into an expression; the error names the position of the first problem.
    package static func parse(_ text: String) throws(ExprError) -> Expr {
        var parser = ExprParser(tokens: try ExprToken.tokens(text))
        guard parser.tokens.count > 1 else { throw ExprError(position: 1, "the expression is empty") }
        let e = try parser.or()
        guard case .end = parser.peek.kind else { throw parser.unexpected("an operator or the end") }
        return e
    }

    private init(tokens: [ExprToken]) { self.tokens = tokens }

    private var peek: ExprToken { tokens[at] }

    private mutating func next() -> ExprToken {
        let t = tokens[at]
        if at < tokens.count - 1 { at += 1 }
        return t
    }

    private func unexpected(_ wanted: String) -> ExprError {
        let t = peek
        let found: String = switch t.kind {
        case .end: "the end of the expression"
        case let .identifier(n): "\"\(n)\""
        case let .quoted(n): "\"\(n)\""
        case let .int(n): String(n)
        case let .double(d): String(d)
        case .text: "a string"
        case let .symbol(s): "\"\(s)\""
        }
        return ExprError(position: t.position, "expected \(wanted), found \(found)")
    }

    private mutating func expectKeyword(_ word: String) throws(ExprError) {
        guard peek.isKeyword(word) else { throw unexpected(word) }
        _ = next()
    }

    private mutating func expectSymbol(_ s: String) throws(ExprError) {
        guard peek.isSymbol(s) else { throw unexpected("\"\(s)\"") }
        _ = next()
    }

    private mutating func or() throws(ExprError) -> Expr {
        try level({ $0.isKeyword("OR") ? .or : nil }) { (p: inout ExprParser) throws(ExprError) in try p.and() }
    }

    private mutating func and() throws(ExprError) -> Expr {
        try level({ $0.isKeyword("AND") ? .and : nil }) { (p: inout ExprParser) throws(ExprError) in try p.not() }
    }

    private mutating func not() throws(ExprError) -> Expr {
        if peek.isKeyword("NOT") {
            let p = next().position
            return .unary(.not, try not(), position: p)
        }
        return try comparison()
    }

    private mutating func comparison() throws(ExprError) -> Expr {
        let left = try additive()
        let t = peek
        if t.isKeyword("IS") {
            _ = next()
            let negated = peek.isKeyword("NOT")
            if negated { _ = next() }
            try expectKeyword("NULL")
            return .isNull(left, negated: negated, position: t.position)
        }
        if t.isKeyword("LIKE") || (t.isKeyword("NOT") && tokens[at + 1].isKeyword("LIKE")) {
            let negated = t.isKeyword("NOT")
            _ = next()
            if negated { _ = next() }
            let like = Expr.binary(.like, left, try additive(), position: t.position)
            return negated ? .unary(.not, like, position: t.position) : like
        }
        if case let .symbol(s) = t.kind, let op = ExprOperator(rawValue: s),
           [.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual].contains(op) {
            _ = next()
            return .binary(op, left, try additive(), position: t.position)
        }
        return left
    }

    private mutating func additive() throws(ExprError) -> Expr {
        try level({ Self.symbol($0, in: ["+", "-", "||"]) }) { (p: inout ExprParser) throws(ExprError) in try p.multiplicative() }
    }

    private mutating func multiplicative() throws(ExprError) -> Expr {
        try level({ Self.symbol($0, in: ["*", "/", "%"]) }) { (p: inout ExprParser) throws(ExprError) in try p.unary() }
    }

    private static func symbol(_ t: ExprToken, in symbols: [String]) -> ExprOperator? {
        guard case let .symbol(s) = t.kind, symbols.contains(s) else { return nil }
        return ExprOperator(rawValue: s)
    }

    /// One left-associative precedence level: operands from `operand`, joined by the operators
    /// `op` recognises.
    private mutating func level(_ op: (ExprToken) -> ExprOperator?, _ operand: (inout ExprParser) throws(ExprError) -> Expr) throws(ExprError) -> Expr {
        var left = try operand(&self)
        while let op = op(peek) {
            let p = next().position
            left = .binary(op, left, try operand(&self), position: p)
        }
        return left
    }

    private mutating func unary() throws(ExprError) -> Expr {
        if peek.isSymbol("-") {
            let p = next().position
            // A minus before a number literal is part of it, so -9223372036854775808 parses.
            if case let .int(n) = peek.kind { _ = next(); return .literal(.int(0 &- n), position: p) }
            return .unary(.negate, try unary(), position: p)
        }
        if peek.isSymbol("+") { _ = next() }
        return try primary()
    }

    private mutating func primary() throws(ExprError) -> Expr {
        let t = peek
        switch t.kind {
        case let .int(n): _ = next(); return .literal(.int(n), position: t.position)
        case let .double(d): _ = next(); return .literal(.double(d), position: t.position)
        case let .text(s): _ = next(); return .literal(.text(s), position: t.position)
        case let .quoted(name): _ = next(); return .column(name, position: t.position)
        case .symbol("("):
            _ = next()
            let e = try or()
            try expectSymbol(")")
            return e
        case let .identifier(name):
            let upper = name.uppercased()
            switch upper {
            case "NULL": _ = next(); return .literal(.null, position: t.position)
            case "TRUE", "FALSE": _ = next(); return .literal(.bool(upper == "TRUE"), position: t.position)
            case "CASE": return try caseWhen()
            case "CAST": return try cast()
            default:
                guard !Self.keywords.contains(upper) else { throw unexpected("a value") }
                _ = next()
                guard peek.isSymbol("(") else { return .column(name, position: t.position) }
                _ = next()
                var args: [Expr] = []
                if !peek.isSymbol(")") {
                    args.append(try or())
                    while peek.isSymbol(",") { _ = next(); args.append(try or()) }
                }
                try expectSymbol(")")
                return .call(name.lowercased(), args, position: t.position)
            }
        default:
            throw unexpected("a value")
        }
    }

    private mutating func caseWhen() throws(ExprError) -> Expr {
        let p = next().position
        var branches: [(Expr, Expr)] = []
        while peek.isKeyword("WHEN") {
            _ = next()
            let condition = try or()
            try expectKeyword("THEN")
            branches.append((condition, try or()))
        }
        guard !branches.isEmpty else { throw unexpected("WHEN") }
        var otherwise: Expr?
        if peek.isKeyword("ELSE") {
            _ = next()
            otherwise = try or()
        }
        try expectKeyword("END")
        return .caseWhen(branches, otherwise: otherwise, position: p)
    }

    private mutating func cast() throws(ExprError) -> Expr {
        let p = next().position
        try expectSymbol("(")
        let e = try or()
        try expectKeyword("AS")
        let typePosition = peek.position
        var name = ""
        while !peek.isSymbol(")") || name.hasPrefix("decimal(") && !name.hasSuffix(")") {
            let t = next()
            switch t.kind {
            case let .identifier(word): name += word.lowercased()
            case let .int(n): name += String(n)
            case let .symbol(s): name += s
            default: throw ExprError(position: t.position, "expected a Ferry type name")
            }
        }
        guard let type = ColumnType(name: name) else {
            throw ExprError(position: typePosition, "\"\(name)\" is not a Ferry type; expected \(ColumnType.names.joined(separator: ", ")) or decimal(p,s)")
        }
        try expectSymbol(")")
        return .cast(e, type, position: p)
    }
}
