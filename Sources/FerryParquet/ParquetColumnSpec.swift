import FerryCore

/// How one column of the load's schema is stored in Parquet: physical type, logical and legacy
/// converted type, repetition (Docs/connectors/parquet.md, "Types").
struct ParquetColumnSpec: Equatable {
    /// The format's physical `Type`.
    enum Physical: Int32 {
        case boolean = 0, int32 = 1, int64 = 2, double = 5, byteArray = 6, fixedLenByteArray = 7
    }

    /// The logical annotation.
    enum Logical: Equatable {
        case none
        case string
        case json
        case date
        case timestamp(adjustedToUTC: Bool)
        case decimal(precision: Int, scale: Int)
        case uuid
    }

    /// How a value of the column's batch storage becomes its Parquet value.
    enum Value: Equatable {
        case int64, int32, boolean, double, byteArray, uuid
        case decimalInt32(scale: Int), decimalInt64(scale: Int), decimalFixed(scale: Int, width: Int)
    }

    let name: String
    let physical: Physical
    let logical: Logical
    let value: Value
    /// NOT NULL columns are REQUIRED and have no definition levels; the others OPTIONAL.
    let required: Bool

    /// The widest decimal written as DECIMAL: 76 digits (32 bytes), what pyarrow (decimal256)
    /// and DuckDB-class readers accept; wider or unconstrained decimals are written as text.
    static let maxDecimalPrecision = 76

    init(_ column: Column) {
        name = column.name
        required = !column.nullable
        switch column.type {
        case .bigint: (physical, logical, value) = (.int64, .none, .int64)
        case .boolean: (physical, logical, value) = (.boolean, .none, .boolean)
        case .double: (physical, logical, value) = (.double, .none, .double)
        case .date: (physical, logical, value) = (.int32, .date, .int32)
        case .timestamp: (physical, logical, value) = (.int64, .timestamp(adjustedToUTC: false), .int64)
        case .timestamptz: (physical, logical, value) = (.int64, .timestamp(adjustedToUTC: true), .int64)
        case .uuid: (physical, logical, value) = (.fixedLenByteArray, .uuid, .uuid)
        case .json: (physical, logical, value) = (.byteArray, .json, .byteArray)
        case .text: (physical, logical, value) = (.byteArray, .string, .byteArray)
        case let .decimal(precision?, scale) where precision <= Self.maxDecimalPrecision:
            let scale = scale ?? 0
            logical = .decimal(precision: precision, scale: scale)
            if precision <= 9 {
                (physical, value) = (.int32, .decimalInt32(scale: scale))
            } else if precision <= 18 {
                (physical, value) = (.int64, .decimalInt64(scale: scale))
            } else {
                (physical, value) = (.fixedLenByteArray, .decimalFixed(scale: scale, width: Self.decimalWidth(precision)))
            }
        case .decimal:
            (physical, logical, value) = (.byteArray, .string, .byteArray)
        }
    }

    /// The bytes of a FIXED_LEN_BYTE_ARRAY that holds every unscaled value of `precision`
    /// digits in two's complement: the smallest n with 10^precision - 1 < 2^(8n-1).
    static func decimalWidth(_ precision: Int) -> Int {
        var bits = 1  // the sign
        var limit: [UInt8] = [1]  // 10^precision, little-endian base 256
        for _ in 0..<precision {
            var carry = 0
            for i in limit.indices {
                let v = Int(limit[i]) * 10 + carry
                limit[i] = UInt8(v & 0xFF)
                carry = v >> 8
            }
            if carry > 0 { limit.append(UInt8(carry)) }
        }
        // Bits of 10^precision - 1: those of 10^precision (never a power of two for precision > 0).
        let top = limit[limit.count - 1]
        bits += (limit.count - 1) * 8 + (8 - top.leadingZeroBitCount)
        return (bits + 7) / 8
    }

    /// The fixed length of FIXED_LEN_BYTE_ARRAY values.
    var typeLength: Int? {
        switch value {
        case .uuid: 16
        case let .decimalFixed(_, width): width
        default: nil
        }
    }

    /// The legacy `ConvertedType`, written next to the logical type for older readers.
    var convertedType: Int32? {
        switch logical {
        case .none, .uuid: nil
        case .string: 0  // UTF8
        case .json: 19
        case .date: 6
        case .timestamp: 10  // TIMESTAMP_MICROS, for either isAdjustedToUTC
        case .decimal: 5
        }
    }

    /// The column's `SchemaElement`.
    func writeSchemaElement(_ w: inout ThriftCompactWriter) {
        w.structure { w in
            w.field(1, i32: physical.rawValue)
            if let typeLength { w.field(2, i32: Int32(typeLength)) }
            w.field(3, i32: required ? 0 : 1)
            w.field(4, string: name)
            if let convertedType { w.field(6, i32: convertedType) }
            if case let .decimal(precision, scale) = logical {
                w.field(7, i32: Int32(scale))
                w.field(8, i32: Int32(precision))
            }
            writeLogicalType(&w)
        }
    }

    private func writeLogicalType(_ w: inout ThriftCompactWriter) {
        let empty: (inout ThriftCompactWriter) -> Void = { _ in }
        switch logical {
        case .none: return
        case .string: w.field(10) { $0.field(1, structure: empty) }
        case .json: w.field(10) { $0.field(12, structure: empty) }
        case .date: w.field(10) { $0.field(6, structure: empty) }
        case .uuid: w.field(10) { $0.field(14, structure: empty) }
        case let .decimal(precision, scale):
            w.field(10) { $0.field(5) { d in
                d.field(1, i32: Int32(scale))
                d.field(2, i32: Int32(precision))
            } }
        case let .timestamp(adjustedToUTC):
            w.field(10) { $0.field(8) { t in
                t.field(1, bool: adjustedToUTC)
                t.field(2) { $0.field(2, structure: empty) }  // MICROS
            } }
        }
    }
}
