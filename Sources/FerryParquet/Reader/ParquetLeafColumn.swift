import FerryCore

/// One leaf column of a flat Parquet schema: its physical type, how its values become Ferry's
/// canonical texts, and the `ColumnType` it declares (Docs/connectors/parquet.md, "Reading").
struct ParquetLeafColumn {
    /// The format's physical `Type`.
    enum Physical: Int32 {
        case boolean = 0, int32 = 1, int64 = 2, int96 = 3, float = 4, double = 5, byteArray = 6, fixedLenByteArray = 7

        /// The format's name of the type, for messages.
        var name: String {
            ["BOOLEAN", "INT32", "INT64", "INT96", "FLOAT", "DOUBLE", "BYTE_ARRAY", "FIXED_LEN_BYTE_ARRAY"][Int(rawValue)]
        }
    }

    /// How a value becomes text.
    enum Rendering: Equatable {
        case boolean
        case signed
        /// INT32 or INT64 read as unsigned (`INT(n, false)`, `UINT_n`).
        case unsigned
        case float, double
        /// INT32 days since 1970-01-01.
        case date
        /// INT64 since the epoch in `unit`, in UTC (`Z`) when adjusted to UTC.
        case timestamp(ParquetLogicalType.TimeUnit, utc: Bool)
        /// INT96: nanoseconds of the day, then the Julian day (legacy Impala/Spark timestamps).
        case int96
        /// INT32, INT64, FIXED_LEN_BYTE_ARRAY or BYTE_ARRAY holding an unscaled two's complement.
        case decimal(scale: Int)
        /// INT32 milliseconds or INT64 micro/nanoseconds of the day, as `HH:MM:SS[.ffffff]`.
        case time(ParquetLogicalType.TimeUnit)
        /// The bytes as they are (UTF-8 text, JSON, enums).
        case text
        /// 16 bytes as the canonical 8-4-4-4-12 form.
        case uuid
        /// Bytes without a text annotation: `\x` and lowercase hex, as SQLite's BLOBs.
        case hex
    }

    let name: String
    /// The physical type, and FIXED_LEN_BYTE_ARRAY's length.
    let physical: Physical, typeLength: Int
    /// REQUIRED columns have no definition levels and are NOT NULL.
    let required: Bool
    /// How values become text, and the type they declare.
    let rendering: Rendering, type: ColumnType

    /// The bytes of one value in the decoded form of fixed-width types (booleans take one byte).
    var width: Int {
        switch physical {
        case .boolean: 1
        case .int32, .float: 4
        case .int64, .double: 8
        case .int96: 12
        case .fixedLenByteArray: typeLength
        case .byteArray: 0
        }
    }

    /// The largest FIXED_LEN_BYTE_ARRAY length accepted (a decimal of 76 digits takes 32 bytes;
    /// longer fixed values are raw bytes shown as hex).
    static let maxTypeLength = 1 << 20

    /// The column of `element`, a leaf; `path` is the file, for errors.
    init(_ element: ParquetFileMetadata.SchemaElement, path: String) throws(FerryError) {
        name = element.name
        guard let raw = element.physical, let physical = Physical(rawValue: raw) else {
            throw ParquetFormatError.failure(path, "column \(element.name) has no valid physical type")
        }
        self.physical = physical
        required = element.repetition == 0
        typeLength = Int(element.typeLength ?? 0)
        if physical == .fixedLenByteArray, !(1...Self.maxTypeLength).contains(typeLength) {
            throw ParquetFormatError.failure(path, "column \(element.name) is a FIXED_LEN_BYTE_ARRAY of length \(typeLength)")
        }
        (rendering, type) = try Self.mapping(element, physical, typeLength: typeLength, path: path)
    }

    private static func mapping(
        _ e: ParquetFileMetadata.SchemaElement, _ physical: Physical, typeLength: Int, path: String
    ) throws(FerryError) -> (Rendering, ColumnType) {
        func refuse(_ what: String) -> FerryError {
            ParquetFormatError.unsupported(path, "column \(e.name) is \(what) stored as \(physical.name)")
        }
        // The logical type wins over the legacy converted type; the converted type stands in
        // when there is no logical type (older writers).
        let logical = e.logical ?? legacyLogical(e)
        switch (logical, physical) {
        case (nil, .boolean), (.unknown?, .boolean): return (.boolean, .boolean)
        case (nil, .int32), (nil, .int64), (.unknown?, .int32), (.unknown?, .int64): return (.signed, .bigint)
        case let (.integer(width, signed)?, .int32), let (.integer(width, signed)?, .int64):
            if !signed, width == 64 { return (.unsigned, .decimal(precision: 20, scale: 0)) }
            return (signed ? .signed : .unsigned, .bigint)
        case (nil, .float), (.unknown?, .float): return (.float, .double)
        case (nil, .double), (.unknown?, .double): return (.double, .double)
        case (.date?, .int32): return (.date, .date)
        case let (.timestamp(utc, unit)?, .int64): return (.timestamp(unit, utc: utc), utc ? .timestamptz : .timestamp)
        case (nil, .int96), (.unknown?, .int96): return (.int96, .timestamp)
        case let (.decimal(scale, precision)?, .int32), let (.decimal(scale, precision)?, .int64),
             let (.decimal(scale, precision)?, .fixedLenByteArray), let (.decimal(scale, precision)?, .byteArray):
            guard precision >= 1, scale >= 0, scale <= precision, precision <= 1000 else {
                throw ParquetFormatError.failure(path, "column \(e.name) is a decimal with precision \(precision) and scale \(scale)")
            }
            return (.decimal(scale: Int(scale)), .decimal(precision: Int(precision), scale: Int(scale)))
        case let (.time(_, unit)?, .int32) where unit == .millis: return (.time(unit), .text)
        case let (.time(_, unit)?, .int64) where unit != .millis: return (.time(unit), .text)
        case (.string?, .byteArray), (.enumeration?, .byteArray), (.string?, .fixedLenByteArray): return (.text, .text)
        case (.json?, .byteArray): return (.text, .json)
        case (.uuid?, .fixedLenByteArray) where typeLength == 16: return (.uuid, .uuid)
        case (nil, .byteArray), (nil, .fixedLenByteArray), (.bson?, .byteArray), (.unknown?, .byteArray),
             (.unknown?, .fixedLenByteArray):
            return (.hex, .text)
        case (.list?, _): throw refuse("a list")
        case (.map?, _): throw refuse("a map")
        case (.float16?, _): throw refuse("a FLOAT16")
        case (.interval?, _): throw refuse("an INTERVAL")
        case let (.other(id)?, _): throw refuse("of a logical type Ferry does not know (union field \(id))")
        case let (logical?, _): throw refuse("a \(logical)")
        }
    }

    /// The logical type a legacy `ConvertedType` stands for.
    private static func legacyLogical(_ e: ParquetFileMetadata.SchemaElement) -> ParquetLogicalType? {
        switch e.convertedType {
        case nil: return nil
        case 0?: return .string
        case 1?, 2?: return .map
        case 3?: return .list
        case 4?: return .enumeration
        case 5?: return .decimal(scale: e.scale ?? 0, precision: e.precision ?? 0)
        case 6?: return .date
        case 7?: return .time(adjustedToUTC: true, unit: .millis)
        case 8?: return .time(adjustedToUTC: true, unit: .micros)
        case 9?: return .timestamp(adjustedToUTC: true, unit: .millis)
        case 10?: return .timestamp(adjustedToUTC: true, unit: .micros)
        case 11?: return .integer(bitWidth: 8, signed: false)
        case 12?: return .integer(bitWidth: 16, signed: false)
        case 13?: return .integer(bitWidth: 32, signed: false)
        case 14?: return .integer(bitWidth: 64, signed: false)
        case 15?: return .integer(bitWidth: 8, signed: true)
        case 16?: return .integer(bitWidth: 16, signed: true)
        case 17?: return .integer(bitWidth: 32, signed: true)
        case 18?: return .integer(bitWidth: 64, signed: true)
        case 19?: return .json
        case 20?: return .bson
        case 21?: return .interval
        default: return .unknown
        }
    }
}
