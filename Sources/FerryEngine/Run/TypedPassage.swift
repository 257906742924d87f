import FerryCore

/// How a typed source chunk (`SourceChunk.typed`) becomes a batch of the load's schema without
/// going through text: each schema column takes its source column's vector as it is, when the
/// Typist would store the canonical text of every value unchanged
/// (Docs/decisions/0008-typed-source-chunks.md).
///
/// That holds for equal types, for a bytes-stored type (decimal, uuid, json) into text, and for
/// a decimal (or text holding plain decimals) into a decimal of any precision and scale (the
/// Typist keeps a plain decimal's digits as given). Values the Typist would reject or that need its checks (a NULL in a NOT NULL
/// column, a target's narrower range or length, NUL in text, JSON to validate, a decimal past
/// the target's digits, NaN or infinity) send the whole chunk down the text path instead, so
/// rejects read as they always do.
struct TypedPassage: Sendable {
    private let schema: Schema
    /// For each schema column, the source column it takes.
    private let sourceIndex: [Int]
    private let limits: ValueLimits
    private let decimalRules: [DecimalRules]

    /// nil unless every schema column takes a source column of a type it can pass through.
    init?(schema: Schema, fieldIndex: [Int?], sourceColumns: [SourceColumn], limits: ValueLimits) {
        var sourceIndex: [Int] = []
        for (c, column) in schema.columns.enumerated() {
            guard c < fieldIndex.count, let s = fieldIndex[c], s < sourceColumns.count,
                  let from = sourceColumns[s].type, Self.passes(from, into: column.type) else { return nil }
            sourceIndex.append(s)
        }
        self.schema = schema
        self.sourceIndex = sourceIndex
        self.limits = limits
        decimalRules = schema.columns.map { DecimalRules($0.type) }
    }

    /// Whether values of `from`, stored canonically, are already what typing their text as `to` stores.
    static func passes(_ from: ColumnType, into to: ColumnType) -> Bool {
        if from == to { return true }
        switch (from, to) {
        case (.decimal, .decimal), (.text, .decimal): return true
        case (_, .text): return from.storage == .bytes
        default: return false
        }
    }

    /// `typed`'s rows as a batch of the schema, or nil when a value needs the Typist.
    func batch(from typed: TypedBatch) -> TypedBatch? {
        guard typed.columns.count > (sourceIndex.max() ?? -1) else { return nil }
        var out = TypedBatch(schema: schema)
        out.lines = typed.lines
        for (c, column) in schema.columns.enumerated() {
            let vector = typed.columns[sourceIndex[c]]
            guard vector.count == typed.rowCount, admits(vector, as: column, at: c) else { return nil }
            if vector.type == column.type {
                out.columns[c] = vector
            } else {
                out.columns[c].isNull = vector.isNull
                out.columns[c].bytes = vector.bytes
                out.columns[c].ends = vector.ends
            }
        }
        return out
    }

    /// Whether the Typist would take every value of `vector` into `column` (schema column `c`)
    /// as it is.
    private func admits(_ vector: ColumnVector, as column: Column, at c: Int) -> Bool {
        if !column.nullable, Self.anyTrue(vector.isNull) { return false }
        if let limit = column.limit {
            var failures = FailureTable(rows: vector.count)
            Typist.check(limit, rows: 0 ..< vector.count, column: Int32(c), in: vector, failures: &failures)
            if failures.count > 0 { return false }
        }
        switch column.type {
        case .double:
            return !vector.doubles.contains { !$0.isFinite }
        case .text:
            return limits.allowsNULInText || !vector.bytes.contains(0)
        case .json:
            return eachValue(of: vector) { f in
                do { _ = try JSONParser.parse(f) } catch { return false }
                return true
            }
        case .decimal:
            let rules = decimalRules[c]
            let maxScale = rules.scale ?? Int.max
            let maxIntegerDigits = rules.integerDigits ?? Int.max
            guard let maxDigits = limits.maxDecimalDigits else {
                return eachValue(of: vector) { f in Self.isPlainDecimal(f, maxScale: maxScale, maxIntegerDigits: maxIntegerDigits) }
            }
            return eachValue(of: vector) { f in
                let s = NumberSyntax.scan(f)
                guard s.isValid, s.isPlain(f), !s.hasExponent else { return false }
                var intFirst = s.intStart
                while intFirst < s.intEnd, f[intFirst] == 0x30 { intFirst += 1 }
                return s.fracDigits <= maxScale && s.intEnd - intFirst <= maxIntegerDigits && s.significantDigits <= maxDigits
            }
        default:
            return true
        }
    }

    /// Whether `f` is `-?digits(.digits)?` with at most `maxScale` digits after the point and
    /// `maxIntegerDigits` before it (leading zeros aside): the form of a canonical decimal, read
    /// in one pass. Stricter than `NumberSyntax` (no `+`, no bare point), which is safe: any
    /// other form sends the chunk to the Typist.
    @inline(__always)
    static func isPlainDecimal(_ f: UnsafeRawBufferPointer, maxScale: Int, maxIntegerDigits: Int) -> Bool {
        let n = f.count
        var i = 0
        if i < n, f[i] == UInt8(ascii: "-") { i &+= 1 }
        let intStart = i
        while i < n, f[i] == UInt8(ascii: "0") { i &+= 1 }
        let significantStart = i
        while i < n, f[i] &- UInt8(ascii: "0") < 10 { i &+= 1 }
        guard i > intStart, i &- significantStart <= maxIntegerDigits else { return false }
        guard i < n else { return true }
        guard f[i] == UInt8(ascii: ".") else { return false }
        i &+= 1
        let fractionStart = i
        while i < n, f[i] &- UInt8(ascii: "0") < 10 { i &+= 1 }
        return i == n && i > fractionStart && i &- fractionStart <= maxScale
    }

    /// Whether some flag is set, read eight at a time (a `Bool` is one byte, 0 or 1): a NOT NULL
    /// column's whole vector is checked for every chunk.
    static func anyTrue(_ flags: [Bool]) -> Bool {
        flags.withUnsafeBytes { raw in
            let n = raw.count
            var any: UInt64 = 0
            var i = 0
            while i &+ 8 <= n {
                any |= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                i &+= 8
            }
            while i < n {
                any |= UInt64(raw[i])
                i &+= 1
            }
            return any != 0
        }
    }

    /// Whether `accept` holds for the bytes of every non-NULL value of a bytes-stored `vector`.
    private func eachValue(of vector: ColumnVector, _ accept: (UnsafeRawBufferPointer) -> Bool) -> Bool {
        vector.bytes.withUnsafeBytes { bytes in
            for row in 0 ..< vector.count where !vector.isNull[row] {
                let f = UnsafeRawBufferPointer(rebasing: bytes[vector.start(of: row) ..< Int(vector.ends[row])])
                if !accept(f) { return false }
            }
            return true
        }
    }
}
