import FerryCore

extension ExprEvaluator {
    /// `CAST(v AS type)`: numbers and dates convert directly; text (and anything through its
    /// canonical text) is read by the loader's own `Typist` as a declared column of `type`, so a
    /// cast accepts exactly what loading a file column of that type accepts. A value that does
    /// not convert (or would lose digits) rejects its row.
    mutating func cast(_ v: ColumnVector, to type: ColumnType) -> ColumnVector {
        if v.type == type { return v }
        switch (v.type, type) {
        case (.bigint, .double), (.boolean, .double):
            var out = ColumnVector(type: .double, capacity: count)
            for i in 0..<count { if v.isNull[i] { out.appendNull() } else { out.append(double: Double(v.ints[i])) } }
            return out
        case (.double, .bigint):
            var out = ColumnVector(type: .bigint, capacity: count)
            for i in 0..<count {
                if v.isNull[i] { out.appendNull(); continue }
                let d = v.doubles[i].rounded(.toNearestOrEven)
                if let n = Int64(exactly: d) { out.append(int: n) } else { fail(i, "cannot cast double to bigint: out of range"); out.appendNull() }
            }
            return out
        case (.boolean, .bigint):
            return ColumnVector(retyping: v, as: .bigint)
        case (.bigint, .boolean):
            var out = ColumnVector(retyping: v, as: .boolean)
            for i in 0..<count where !out.isNull[i] { out.ints[i] = out.ints[i] != 0 ? 1 : 0 }
            return out
        case (.date, .timestamp), (.date, .timestamptz):
            var out = ColumnVector(type: type, capacity: count)
            for i in 0..<count {
                if v.isNull[i] { out.appendNull(); continue }
                let (m, o) = v.ints[i].multipliedReportingOverflow(by: DateParts.microsPerDay)
                if o { fail(i, "cannot cast date to \(type.name): out of range"); out.appendNull() } else { out.append(int: m) }
            }
            return out
        case (.timestamp, .date), (.timestamptz, .date):
            var out = ColumnVector(type: .date, capacity: count)
            for i in 0..<count { if v.isNull[i] { out.appendNull() } else { out.append(int: DateParts.split(v.ints[i], v.type).days) } }
            return out
        case (.timestamp, .timestamptz), (.timestamptz, .timestamp):
            return ColumnVector(retyping: v, as: type)
        default:
            break
        }
        if type == .text {
            if ExprChecker.isTextual(v.type) || v.type.storage == .bytes { return ColumnVector(retyping: v, as: .text) }
            var out = ColumnVector(type: .text, capacity: count)
            for i in 0..<count {
                if v.isNull[i] { out.appendNull(); continue }
                ValueFormatter.append(v, row: i, to: &out.bytes)
                out.isNull.append(false)
                out.ends.append(Int32(truncatingIfNeeded: out.bytes.count))
            }
            return out
        }
        return typed(v.type.storage == .bytes ? v : cast(v, to: .text), as: type)
    }

    /// Reads the text values of `text` as a declared column of `type`, rejecting rows whose text
    /// does not fit.
    private mutating func typed(_ text: ColumnVector, as type: ColumnType) -> ColumnVector {
        var raw = RawBatch()
        raw.storage = text.bytes
        for i in 0..<count {
            if text.isNull[i] { raw.appendField(start: 0, length: -1) } else {
                raw.appendField(start: text.start(of: i), length: Int(text.ends[i]) - text.start(of: i))
            }
            raw.endRow(line: i, recordStart: 0, recordEnd: 0)
        }
        let schema = Schema(columns: [Column(name: "value", type: type, origin: .declared)])
        var typedRows = TypedBatch(schema: schema, capacity: count)
        var rejects: [RejectedRecord] = []
        Typist(schema: schema, fieldIndex: [0], limits: .none).type(raw, into: &typedRows, rejects: &rejects)
        for r in rejects { fail(r.line, "cannot cast \(text.type.name) to \(type.name): \(r.reason)") }
        guard !rejects.isEmpty else { return typedRows.columns[0] }
        var out = ColumnVector(type: type, capacity: count)
        var k = 0
        for i in 0..<count {
            if k < typedRows.rowCount && typedRows.lines[k] == i { out.appendValue(of: typedRows.columns[0], row: k); k += 1 } else { out.appendNull() }
        }
        return out
    }
}
