import FerryCore

/// A column's PostgreSQL type as the catalog describes it. For a domain, `base` and
/// `baseTypmod` are the type the domain is over (one level); otherwise the type itself.
struct PostgresColumnType: Sendable, Equatable {
    var oid: UInt32
    var typmod: Int32
    var base: UInt32
    var baseTypmod: Int32
    /// `format_type(oid, typmod)`, e.g. `character varying(20)`.
    var name: String

    init(oid: UInt32, typmod: Int32, base: UInt32? = nil, baseTypmod: Int32? = nil, name: String) {
        self.oid = oid
        self.typmod = typmod
        self.base = base ?? oid
        self.baseTypmod = baseTypmod ?? typmod
        self.name = name
    }
}

/// PostgreSQL catalog types (OIDs and typmods) as Ferry column types, and their binary COPY
/// encodings (see Docs/connectors/postgres.md). The type a created column gets is the shared
/// dialect's (`SQLDialect.postgres.typeName(for:)`).
enum PostgresTypeMapping {
    /// Built-in type OIDs (`pg_type.dat`), stable across PostgreSQL versions.
    enum OID {
        static let bool: UInt32 = 16
        static let int8: UInt32 = 20
        static let int2: UInt32 = 21
        static let int4: UInt32 = 23
        static let text: UInt32 = 25
        static let json: UInt32 = 114
        static let float4: UInt32 = 700
        static let float8: UInt32 = 701
        static let bpchar: UInt32 = 1042
        static let varchar: UInt32 = 1043
        static let date: UInt32 = 1082
        static let timestamp: UInt32 = 1114
        static let timestamptz: UInt32 = 1184
        static let numeric: UInt32 = 1700
        static let uuid: UInt32 = 2950
        static let jsonb: UInt32 = 3802
    }

    /// The Ferry type of an existing column, and the narrower limit its PostgreSQL type puts on
    /// values. Types Ferry has no name for (enums, inet, arrays, intervals, …) are text: their
    /// values go through PostgreSQL's own text input.
    static func column(_ type: PostgresColumnType) -> (type: ColumnType, limit: ColumnLimit?) {
        switch type.base {
        case OID.int2: return (.bigint, .integerRange(min: Int64(Int16.min), max: Int64(Int16.max), typeName: "smallint"))
        case OID.int4: return (.bigint, .integerRange(min: Int64(Int32.min), max: Int64(Int32.max), typeName: "integer"))
        case OID.int8: return (.bigint, nil)
        case OID.float4: return (.double, .singlePrecision)
        case OID.float8: return (.double, nil)
        case OID.numeric: return (numeric(typmod: type.baseTypmod), nil)
        case OID.bool: return (.boolean, nil)
        case OID.date: return (.date, nil)
        case OID.timestamp: return (.timestamp, nil)
        case OID.timestamptz: return (.timestamptz, nil)
        case OID.uuid: return (.uuid, nil)
        case OID.json, OID.jsonb: return (.json, nil)
        case OID.varchar:
            let n = type.baseTypmod - 4
            return (.text, n > 0 ? .maxCharacters(Int(n), typeName: "varchar(\(n))") : nil)
        case OID.bpchar:
            let n = type.baseTypmod - 4
            return (.text, n > 0 ? .maxCharacters(Int(n), typeName: "char(\(n))") : nil)
        default: return (.text, nil)
        }
    }

    /// `numeric(p,s)` carries `((p << 16) | s) + 4` as its typmod (scale as a signed 11-bit
    /// field since PostgreSQL 15). Precision and scale Ferry cannot express (a negative scale, a
    /// scale above the precision) map to plain decimal.
    static func numeric(typmod: Int32) -> ColumnType {
        guard typmod >= 4 else { return .anyDecimal }
        let value = typmod - 4
        let precision = Int((value >> 16) & 0xFFFF)
        var scale = Int(value & 0x7FF)
        if scale > 1023 { scale -= 2048 }
        guard (1...1000).contains(precision), (0...precision).contains(scale) else { return .anyDecimal }
        return .decimal(precision: precision, scale: scale)
    }

    /// How a value of Ferry type `ferry` is written in binary COPY into a column of type
    /// `target`, or nil when the binary format has no encoding for the pair (then the whole load
    /// uses text COPY and PostgreSQL converts).
    static func binaryField(_ ferry: ColumnType, into target: PostgresColumnType) -> BinaryField? {
        switch (ferry, target.base) {
        case (.bigint, OID.int2): .int2
        case (.bigint, OID.int4): .int4
        case (.bigint, OID.int8): .int8
        case (.double, OID.float4): .float4
        case (.double, OID.float8): .float8
        case (.boolean, OID.bool): .bool
        case (.date, OID.date): .date
        case (.timestamp, OID.timestamp), (.timestamptz, OID.timestamptz): .timestamp
        case (.decimal, OID.numeric): .numeric
        case (.uuid, OID.uuid): .uuid
        case (.json, OID.json), (.text, OID.text), (.text, OID.varchar), (.text, OID.bpchar): .bytes
        case (.json, OID.jsonb): .jsonb
        default: nil
        }
    }
}

/// A column's binary COPY encoding.
enum BinaryField: Sendable, Equatable {
    case int2, int4, int8, float4, float8, bool, date
    /// timestamp and timestamptz: microseconds since 2000-01-01.
    case timestamp
    case numeric, uuid
    /// The UTF-8 bytes as they are (text, varchar, char, json).
    case bytes
    /// Version byte 1, then the text.
    case jsonb
}

/// The COPY data format of a load.
enum CopyFormat: String, Sendable {
    case binary, text
}
