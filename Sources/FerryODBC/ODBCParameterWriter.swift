import FerryCore

/// Writes typed batches through one prepared statement with parameter arrays: column-wise
/// bound buffers (`SQL_ATTR_PARAM_BIND_TYPE` by column), one `SQLExecute` per array of parameter
/// sets (`SQL_ATTR_PARAMSET_SIZE`), with each set's status (`SQL_ATTR_PARAM_STATUS_PTR`) to name
/// the failing rows' source lines.
///
/// A statement may insert `rowsPerSet` rows (`INSERT … VALUES (?, …), (?, …), …`): then each
/// parameter set carries that many rows, and the database runs one statement per set instead of
/// one per row. Column-wise binding needs each bound parameter's values side by side, so a
/// column's buffer holds its values transposed: first the first row of every set, then the
/// second row of every set, and so on; parameter (row `r`, column `c`) is bound to the `r`-th
/// part of column `c`'s buffer.
///
/// Values are bound natively where the dialect allows: bigint as `SQL_C_SBIGINT`, double as
/// `SQL_C_DOUBLE`, boolean as `SQL_C_BIT` (or 0/1), date and timestamps as
/// `SQL_DATE_STRUCT`/`SQL_TIMESTAMP_STRUCT` (UTC for timestamptz), decimal, uuid, json and text as
/// UTF-8 `SQL_C_CHAR` with length indicators, NULL as `SQL_NULL_DATA`.
final class ODBCParameterWriter {
    /// What one execution of the statement does with a row.
    enum Kind: Equatable {
        /// Inserts it.
        case insert
        /// Inserts it or updates the row with its key.
        case upsert
        /// Updates the rows with its key (the set columns' parameters come first, then the key's).
        case update
    }

    /// How one parameter's values are bound.
    enum Binding: Equatable {
        case int64, booleanBit, booleanInteger, double, date, timestamp
        /// UTF-8 text of a `.bytes` column (uuid, json, text), as `SQL_VARCHAR`.
        case text
        /// Canonical decimal text, as `SQL_NUMERIC` with the precision and scale of the values.
        case decimal(precision: Int?, scale: Int?)
        /// Dates and timestamps as canonical text (`temporalAsText` dialects).
        case rendered
    }

    /// One bound parameter: the schema column it takes values from, and its buffers.
    private struct Parameter {
        let column: Int
        let binding: Binding
        let cType: ODBCCType
        let values: ODBCBuffer
        let indicators: ODBCBuffer
        /// Bytes per value in `values`; for text, the longest value so far (it only grows, so
        /// the bindings, and the driver's prepared statement, stay as they are).
        var stride: Int
        var sqlType: Int16
        var columnSize: Int
        var digits: Int
    }

    /// Rows per execution: about this many rows travel in one `SQLExecute`.
    static let defaultRowsPerExecution = 1000
    /// Most bytes of text values bound at once; a chunk of very long values gets fewer rows.
    static let chunkByteLimit = 32 << 20
    /// Status value meaning "the driver did not set this one" (some drivers never do).
    private static let unset: UInt16 = 0xFFFF

    private let statement: ODBCStatement
    private let schema: Schema
    private let kind: Kind
    private let table: ODBCTableName
    /// Rows each parameter set carries (rows per statement).
    let rowsPerSet: Int
    /// Most parameter sets per execution.
    private let maxSets: Int
    private let stage: FerryError.Stage
    private var parameters: [Parameter]
    private let statuses: ODBCBuffer
    private let processed: ODBCBuffer
    private var boundSetSize = 0
    /// Whether a buffer moved or a parameter's size changed since the last bind.
    private var bindingsChanged = true
    /// Scratch for rendering one temporal value as text.
    private var scratch: [UInt8] = []

    /// Prepares `sql` — `rowsPerSet` rows of markers, each row's in `parameterColumns` order
    /// (schema column indexes) — and allocates buffers for about `rowsPerExecution` rows.
    init(
        connection: ODBCConnection, sql: String, table: ODBCTableName, schema: Schema, parameterColumns: [Int],
        kind: Kind, rowsPerSet: Int = 1, rowsPerExecution: Int, stage: FerryError.Stage = .load
    ) throws(FerryError) {
        self.stage = stage
        let context = connection.context(stage, "preparing the statement that writes table \(table)")
        statement = try connection.statement(context)
        try statement.prepare(sql, context)
        self.schema = schema
        self.kind = kind
        self.table = table
        self.rowsPerSet = max(1, rowsPerSet)
        maxSets = max(1, rowsPerExecution / max(1, rowsPerSet))
        let capacity = maxSets * max(1, rowsPerSet)
        let dialect = connection.dialect
        parameters = parameterColumns.map { column in
            let type = schema.columns[column].type
            let binding = Self.binding(for: type, dialect: dialect)
            let (cType, sqlType, size, digits) = Self.cTypes(binding)
            let stride = cType.fixedSize ?? Self.initialTextStride(binding)
            return Parameter(
                column: column, binding: binding, cType: cType, values: ODBCBuffer(bytes: stride * capacity),
                indicators: ODBCBuffer(bytes: MemoryLayout<Int>.stride * capacity),
                stride: stride, sqlType: sqlType, columnSize: size, digits: digits)
        }
        statuses = ODBCBuffer(bytes: MemoryLayout<UInt16>.stride * maxSets)
        processed = ODBCBuffer(bytes: MemoryLayout<UInt>.stride)
        try statement.setParameterReports(status: statuses.typed(UInt16.self), processed: processed.typed(UInt.self), context)
    }

    private static func binding(for type: ColumnType, dialect: ODBCDialect) -> Binding {
        switch type {
        case .bigint: .int64
        case .boolean: dialect.booleanBinding == .bit ? .booleanBit : .booleanInteger
        case .double: .double
        case .date, .timestamp, .timestamptz: dialect.temporalAsText ? .rendered : type == .date ? .date : .timestamp
        case let .decimal(p, s): .decimal(precision: p, scale: s)
        case .uuid, .json, .text: .text
        }
    }

    /// The C type, SQL type, column size and decimal digits of a binding (text sizes are set per chunk).
    private static func cTypes(_ binding: Binding) -> (ODBCCType, Int16, Int, Int) {
        switch binding {
        case .int64, .booleanInteger: (.int64, ODBCSQLType.bigint, 19, 0)
        case .booleanBit: (.bit, ODBCSQLType.bit, 1, 0)
        case .double: (.double, ODBCSQLType.double, 15, 0)
        case .date: (.date, ODBCSQLType.date, 10, 0)
        case .timestamp: (.timestamp, ODBCSQLType.timestamp, 26, 6)
        case .decimal: (.char, ODBCSQLType.numeric, 1, 0)
        case .text, .rendered: (.char, ODBCSQLType.varchar, 1, 0)
        }
    }

    private static func initialTextStride(_ binding: Binding) -> Int {
        binding == .rendered ? 27 : 1
    }

    /// Writes rows `rows` of `batch` (a multiple of `rowsPerSet` of them); returns the rows
    /// inserted, or for upsert the rows inserted or updated, for update the rows whose key matched.
    func write(_ batch: TypedBatch, rows: Range<Int>) throws(FerryError) -> Int {
        try validate(batch)
        guard rows.count % rowsPerSet == 0, rows.upperBound <= batch.rowCount, rows.lowerBound >= 0 else {
            throw FerryError(.internalError, stage: stage, "rows \(rows) of a batch for table \(table) do not fill whole statements of \(rowsPerSet) rows")
        }
        var written = 0
        var first = rows.lowerBound
        while first < rows.upperBound {
            let count = fill(batch, first: first, count: min(maxSets * rowsPerSet, rows.upperBound - first))
            let sets = count / rowsPerSet
            try bind(sets)
            let statusPointer = statuses.typed(UInt16.self)
            for index in 0..<sets { statusPointer[index] = Self.unset }
            do {
                try statement.execute(context(batch.lines, first: first, count: count))
            } catch {
                throw located(error, batch.lines, first: first, sets: sets)
            }
            written += try counted(sets, batch.lines, first: first)
            first += count
        }
        return written
    }

    /// Sets the array size and binds every parameter again when a buffer moved, a size changed
    /// or the number of sets did (each row's part of a buffer starts `sets` values further).
    private func bind(_ sets: Int) throws(FerryError) {
        guard bindingsChanged || sets != boundSetSize else { return }
        let context = statement.connection.context(stage, "binding the parameters that write table \(table)")
        if sets != boundSetSize {
            try statement.setParameterSetSize(sets, context)
            boundSetSize = sets
        }
        bindingsChanged = false
        var number = 1
        for part in 0..<rowsPerSet {
            for parameter in parameters {
                try statement.bindParameter(
                    number, parameter.cType, sqlType: parameter.sqlType, columnSize: parameter.columnSize,
                    decimalDigits: parameter.digits, buffer: parameter.values.pointer + part * sets * parameter.stride,
                    elementLength: parameter.stride, indicators: parameter.indicators.typed(Int.self) + part * sets, context)
                number += 1
            }
        }
    }

    /// The rows the last execution wrote: per parameter set when the driver counts each
    /// (`SQLMoreResults`), else `SQLRowCount`'s total (at most one per row).
    private func counted(_ count: Int, _ lines: [Int], first: Int) throws(FerryError) -> Int {
        guard kind != .insert else { return count * rowsPerSet }
        let context = context(lines, first: first, count: count)
        var total = 0
        if statement.connection.facts.rowCountPerParameterSet {
            var sets = 0
            var more = true
            while more {
                let rows = statement.rowCount
                total += kind == .update ? (rows > 0 ? 1 : 0) : rows
                sets += 1
                more = sets < count ? try statement.moreResults(context) : false
            }
        } else {
            total = statement.rowCount
        }
        statement.closeCursor()
        // Every row of an upsert was applied (a failure throws), and rows_written counts input
        // rows on every target: not the system's count of changes (MySQL: 2 per update, 0 per
        // unchanged row; ON CONFLICT DO NOTHING: 0 for an existing key).
        if kind == .upsert { return count }
        return min(total, count)
    }

    // MARK: Filling buffers

    /// Where row `i` of a chunk goes in a column's buffer: rows are grouped into sets of
    /// `rowsPerSet`, and each set's `r`-th row goes to part `r` (see the type's documentation).
    private struct Layout {
        let rowsPerSet: Int
        let sets: Int

        @inline(__always)
        func slot(_ i: Int) -> Int {
            rowsPerSet == 1 ? i : (i % rowsPerSet) * sets + i / rowsPerSet
        }
    }

    /// Fills every parameter's buffers with rows `first ..< first + count` (fewer, in whole sets,
    /// when their text would pass `chunkByteLimit`); returns the rows filled.
    private func fill(_ batch: TypedBatch, first: Int, count: Int) -> Int {
        var count = count
        var rowBytes = 0
        for index in parameters.indices {
            switch parameters[index].binding {
            case .text, .decimal:
                let longest = Self.longest(batch.columns[parameters[index].column], first: first, count: count)
                if longest > parameters[index].stride {
                    parameters[index].stride = longest
                    bindingsChanged = true
                }
                rowBytes += parameters[index].stride
            default:
                rowBytes += parameters[index].stride
            }
        }
        if rowBytes * count > Self.chunkByteLimit {
            count = max(rowsPerSet, Self.chunkByteLimit / max(rowBytes, 1) / rowsPerSet * rowsPerSet)
        }
        let layout = Layout(rowsPerSet: rowsPerSet, sets: count / rowsPerSet)
        for index in parameters.indices {
            let parameter = parameters[index]
            if parameter.values.reserve(parameter.stride * count) { bindingsChanged = true }
            if parameter.indicators.reserve(MemoryLayout<Int>.stride * count) { bindingsChanged = true }
            let column = batch.columns[parameter.column]
            switch parameter.binding {
            case .int64, .booleanInteger:
                Self.fillIntegers(column, parameter, first: first, count: count, layout, boolean: parameter.binding == .booleanInteger)
            case .booleanBit: Self.fillBits(column, parameter, first: first, count: count, layout)
            case .double: Self.fillDoubles(column, parameter, first: first, count: count, layout)
            case .date, .timestamp: Self.fillTemporal(column, parameter, first: first, count: count, layout)
            case .text:
                Self.fillText(column, parameter, first: first, count: count, layout)
                let sqlType = parameter.stride > 8000 ? ODBCSQLType.longVarchar : ODBCSQLType.varchar
                if sqlType != parameter.sqlType || parameter.columnSize != parameter.stride {
                    parameters[index].sqlType = sqlType
                    parameters[index].columnSize = parameter.stride
                    bindingsChanged = true
                }
            case let .decimal(precision, scale):
                Self.fillText(column, parameter, first: first, count: count, layout)
                // Declared precision and scale, else the widest the values so far needed.
                let (p, s) = precision.map { ($0, scale ?? 0) } ?? Self.precision(column, first: first, count: count)
                let digits = max(parameter.digits, s)
                let size = max(parameter.columnSize - parameter.digits, p - s) + digits
                if size != parameter.columnSize || digits != parameter.digits {
                    parameters[index].columnSize = size
                    parameters[index].digits = digits
                    bindingsChanged = true
                }
            case .rendered:
                fillRendered(column, parameter, first: first, count: count, layout)
                if parameter.columnSize != parameter.stride {
                    parameters[index].columnSize = parameter.stride
                    bindingsChanged = true
                }
            }
        }
        return count
    }

    /// Bytes of the longest non-NULL value among the rows of a `.bytes` column.
    private static func longest(_ column: ColumnVector, first: Int, count: Int) -> Int {
        column.ends.withUnsafeBufferPointer { ends in
            var longest = 0
            var previous = first == 0 ? 0 : Int(ends[first - 1])
            for row in first..<(first + count) {
                let end = Int(ends[row])
                longest = max(longest, end - previous)
                previous = end
            }
            return longest
        }
    }

    private static func fillIntegers(_ column: ColumnVector, _ p: Parameter, first: Int, count: Int, _ layout: Layout, boolean: Bool) {
        let out = p.values.typed(Int64.self)
        fill(column.ints, of: column, p, first: first, count: count, layout) { value, slot in
            out[slot] = boolean ? (value != 0 ? 1 : 0) : value
            return 8
        }
    }

    private static func fillBits(_ column: ColumnVector, _ p: Parameter, first: Int, count: Int, _ layout: Layout) {
        let out = p.values.typed(UInt8.self)
        fill(column.ints, of: column, p, first: first, count: count, layout) { value, slot in
            out[slot] = value != 0 ? 1 : 0
            return 1
        }
    }

    private static func fillDoubles(_ column: ColumnVector, _ p: Parameter, first: Int, count: Int, _ layout: Layout) {
        let out = p.values.typed(Double.self)
        fill(column.doubles, of: column, p, first: first, count: count, layout) { value, slot in
            out[slot] = value
            return 8
        }
    }

    private static func fillTemporal(_ column: ColumnVector, _ p: Parameter, first: Int, count: Int, _ layout: Layout) {
        let out = p.values.pointer
        let isDate = p.binding == .date
        fill(column.ints, of: column, p, first: first, count: count, layout) { value, slot in
            if isDate {
                ODBCTemporal.storeDate(days: value, into: out, at: slot)
            } else {
                ODBCTemporal.storeTimestamp(micros: value, into: out, at: slot)
            }
            return p.stride
        }
    }

    /// The loop of the fixed-size fills: a NULL row gets the NULL indicator; `store` puts any
    /// other row's value in its slot and returns the indicator (the value's length).
    @inline(__always)
    private static func fill<Value>(_ values: [Value], of column: ColumnVector, _ p: Parameter, first: Int, count: Int,
                                    _ layout: Layout, _ store: (Value, _ slot: Int) -> Int) {
        let indicators = p.indicators.typed(Int.self)
        column.isNull.withUnsafeBufferPointer { nulls in
            values.withUnsafeBufferPointer { values in
                for i in 0..<count {
                    let row = first + i
                    let slot = layout.slot(i)
                    indicators[slot] = nulls[row] ? ODBCIndicator.null : store(values[row], slot)
                }
            }
        }
    }

    /// Copies each value of a `.bytes` column into its `stride`-byte cell; the indicator holds
    /// its length (no terminating NUL is needed).
    private static func fillText(_ column: ColumnVector, _ p: Parameter, first: Int, count: Int, _ layout: Layout) {
        let out = p.values.pointer
        let stride = p.stride
        let indicators = p.indicators.typed(Int.self)
        column.isNull.withUnsafeBufferPointer { nulls in
            column.ends.withUnsafeBufferPointer { ends in
                column.bytes.withUnsafeBytes { bytes in
                    var previous = first == 0 ? 0 : Int(ends[first - 1])
                    for i in 0..<count {
                        let row = first + i
                        let slot = layout.slot(i)
                        let end = Int(ends[row])
                        if nulls[row] {
                            indicators[slot] = ODBCIndicator.null
                        } else {
                            let length = end - previous
                            if length > 0, let base = bytes.baseAddress {
                                (out + slot * stride).copyMemory(from: base + previous, byteCount: length)
                            }
                            indicators[slot] = length
                        }
                        previous = end
                    }
                }
            }
        }
    }

    /// Renders dates and timestamps as canonical text (`ValueFormatter`) into their cells.
    private func fillRendered(_ column: ColumnVector, _ p: Parameter, first: Int, count: Int, _ layout: Layout) {
        let out = p.values.pointer
        let indicators = p.indicators.typed(Int.self)
        var scratch = self.scratch
        defer { self.scratch = scratch }
        for i in 0..<count {
            let row = first + i
            let slot = layout.slot(i)
            if column.isNull[row] {
                indicators[slot] = ODBCIndicator.null
                continue
            }
            scratch.removeAll(keepingCapacity: true)
            ValueFormatter.append(column, row: row, to: &scratch)
            let length = min(scratch.count, p.stride)
            scratch.withUnsafeBytes { bytes in
                if let base = bytes.baseAddress { (out + slot * p.stride).copyMemory(from: base, byteCount: length) }
            }
            indicators[slot] = length
        }
    }

    /// The precision and scale that hold every decimal among the rows: most integer digits plus
    /// most fraction digits, and most fraction digits.
    private static func precision(_ column: ColumnVector, first: Int, count: Int) -> (Int, Int) {
        var integerDigits = 1
        var scale = 0
        column.isNull.withUnsafeBufferPointer { nulls in
            column.ends.withUnsafeBufferPointer { ends in
                column.bytes.withUnsafeBufferPointer { bytes in
                    var previous = first == 0 ? 0 : Int(ends[first - 1])
                    for row in first..<(first + count) {
                        let end = Int(ends[row])
                        if !nulls[row] {
                            var digits = 0
                            var fraction = -1
                            for i in previous..<end {
                                let byte = bytes[i]
                                if byte == 0x2E { fraction = 0 } else if byte >= 0x30 && byte <= 0x39 {
                                    if fraction >= 0 { fraction += 1 } else { digits += 1 }
                                }
                            }
                            integerDigits = max(integerDigits, digits)
                            scale = max(scale, fraction)
                        }
                        previous = end
                    }
                }
            }
        }
        return (integerDigits + scale, scale)
    }

    // MARK: Checks and messages (names and line numbers, never values)

    /// Checks that the batch matches the schema the statement was prepared for, so the pointer
    /// loops stay in bounds.
    private func validate(_ batch: TypedBatch) throws(FerryError) {
        let rowCount = batch.rowCount
        var valid = batch.columns.count == schema.columns.count && batch.lines.count == rowCount
        for (index, column) in batch.columns.enumerated() where valid {
            valid = column.type == schema.columns[index].type && column.isNull.count == rowCount
            switch column.type.storage {
            case .int64: valid = valid && column.ints.count >= rowCount
            case .float64: valid = valid && column.doubles.count >= rowCount
            case .bytes: valid = valid && column.ends.count >= rowCount && (rowCount == 0 || Int(column.ends[rowCount - 1]) <= column.bytes.count)
            }
        }
        guard valid else {
            throw FerryError(.internalError, stage: .load, "a batch for table \(table) does not match the schema the load began with")
        }
    }

    private func context(_ lines: [Int], first: Int, count: Int) -> ODBCContext {
        let place = count == 1 ? "source line \(lines[first])" : "source lines \(lines[first])–\(lines[first + count - 1])"
        let action = switch kind {
        case .insert: "writing \(place) into table \(table)"
        case .upsert: "upserting \(place) into table \(table)"
        case .update: "updating table \(table) from \(place)"
        }
        return statement.connection.context(stage, action)
    }

    /// The error of a failed execution, naming the failed parameter set's source lines when the
    /// driver's statuses single out one set.
    private func located(_ error: FerryError, _ lines: [Int], first: Int, sets: Int) -> FerryError {
        let statuses = statuses.typed(UInt16.self)
        var failed: [Int] = []
        var unknown = 0
        for index in 0..<sets {
            switch statuses[index] {
            case ODBCParameterStatus.error: failed.append(index)
            case Self.unset: unknown += 1
            default: break
            }
        }
        guard failed.count == 1, unknown == 0, error.code != .cancelled else { return error }
        var located = error
        let original = context(lines, first: first, count: sets * rowsPerSet).action
        let precise = context(lines, first: first + failed[0] * rowsPerSet, count: rowsPerSet).action
        if located.message.hasPrefix(original) {
            located.message = precise + located.message.dropFirst(original.count)
        }
        return located
    }
}
