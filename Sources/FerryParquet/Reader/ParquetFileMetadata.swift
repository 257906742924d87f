/// The parts of a file's `FileMetaData` (its footer) the reader needs: the schema's elements,
/// and per row group its row count and the location of each column chunk.
struct ParquetFileMetadata {
    /// One `SchemaElement`: a group (the root, a struct, a list, a map) or a leaf column.
    struct SchemaElement {
        var name = ""
        /// `type`, `type_length`, `num_children`, `converted_type`, `scale` and `precision`;
        /// `repetition_type` is 0 REQUIRED, 1 OPTIONAL, 2 REPEATED.
        var physical, typeLength, repetition, children, convertedType, scale, precision: Int32?
        var logical: ParquetLogicalType?
    }

    /// One column chunk's `ColumnMetaData`.
    struct Chunk {
        var physical: Int32 = -1
        var codec: Int32 = 0
        var valueCount: Int64 = 0
        var compressedBytes: Int64 = 0
        var dataOffset: Int64 = -1
        var dictionaryOffset: Int64?
        /// Set when the chunk lives in another file (`ColumnChunk.file_path`), which Ferry does not read.
        var externalPath: String?

        /// Where the chunk's first page starts: its dictionary page when there is one.
        var start: Int64 {
            if let d = dictionaryOffset, d > 0, d < dataOffset { return d }
            return dataOffset
        }
    }

    struct RowGroup {
        var rows: Int64 = 0
        var chunks: [Chunk] = []
    }

    var schema: [SchemaElement] = []
    var rows: Int64 = 0
    var rowGroups: [RowGroup] = []
    var createdBy: String?

    /// Parses `FileMetaData` from the footer's bytes.
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(ThriftCompactReader.Failure) -> ParquetFileMetadata {
        var r = ThriftCompactReader(bytes)
        var m = ParquetFileMetadata()
        try r.readStruct { r, id, type throws(ThriftCompactReader.Failure) in
            switch (id, type) {
            case (2, .list):
                try r.readList { r, _ throws(ThriftCompactReader.Failure) in m.schema.append(try schemaElement(&r)) }
            case (3, .i64), (3, .i32): m.rows = try r.integer(type)
            case (4, .list):
                try r.readList { r, _ throws(ThriftCompactReader.Failure) in m.rowGroups.append(try rowGroup(&r)) }
            case (6, .binary): m.createdBy = try r.string()
            default: try r.skip(type)
            }
        }
        return m
    }

    private static func schemaElement(_ r: inout ThriftCompactReader) throws(ThriftCompactReader.Failure) -> SchemaElement {
        var e = SchemaElement()
        try r.readStruct { r, id, type throws(ThriftCompactReader.Failure) in
            if type == .i32, let field = schemaIntegers[id] {
                e[keyPath: field] = try r.int32(type)
            } else if id == 4, type == .binary {
                e.name = try r.string()
            } else if id == 10, type == .structure {
                e.logical = try ParquetLogicalType.parse(&r)
            } else {
                try r.skip(type)
            }
        }
        return e
    }

    /// The i32 fields of `SchemaElement`, by field id.
    private static let schemaIntegers: [Int16: WritableKeyPath<SchemaElement, Int32?> & Sendable] = [
        1: \.physical, 2: \.typeLength, 3: \.repetition, 5: \.children, 6: \.convertedType, 7: \.scale, 8: \.precision,
    ]

    private static func rowGroup(_ r: inout ThriftCompactReader) throws(ThriftCompactReader.Failure) -> RowGroup {
        var g = RowGroup()
        try r.readStruct { r, id, type throws(ThriftCompactReader.Failure) in
            switch (id, type) {
            case (1, .list):
                try r.readList { r, _ throws(ThriftCompactReader.Failure) in g.chunks.append(try columnChunk(&r)) }
            case (3, .i64), (3, .i32): g.rows = try r.integer(type)
            default: try r.skip(type)
            }
        }
        return g
    }

    private static func columnChunk(_ r: inout ThriftCompactReader) throws(ThriftCompactReader.Failure) -> Chunk {
        var c = Chunk()
        try r.readStruct { r, id, type throws(ThriftCompactReader.Failure) in
            switch (id, type) {
            case (1, .binary): c.externalPath = try r.string()
            case (3, .structure):
                try r.readStruct { r, id, type throws(ThriftCompactReader.Failure) in
                    switch (id, type) {
                    case (1, .i32): c.physical = try r.int32(type)
                    case (4, .i32): c.codec = try r.int32(type)
                    case (5, .i64): c.valueCount = try r.integer(type)
                    case (7, .i64): c.compressedBytes = try r.integer(type)
                    case (9, .i64): c.dataOffset = try r.integer(type)
                    case (11, .i64): c.dictionaryOffset = try r.integer(type)
                    default: try r.skip(type)
                    }
                }
            default: try r.skip(type)
            }
        }
        return c
    }
}

/// A `SchemaElement`'s `LogicalType` (the union), as far as Ferry maps it.
enum ParquetLogicalType: Equatable {
    enum TimeUnit: Equatable { case millis, micros, nanos }

    case string, map, list, enumeration, json, bson, uuid, date, float16, unknown, interval
    case decimal(scale: Int32, precision: Int32)
    case time(adjustedToUTC: Bool, unit: TimeUnit)
    case timestamp(adjustedToUTC: Bool, unit: TimeUnit)
    case integer(bitWidth: Int8, signed: Bool)
    /// A type this reader does not know (VARIANT, GEOMETRY, …), by its union field id.
    case other(Int16)

    static func parse(_ r: inout ThriftCompactReader) throws(ThriftCompactReader.Failure) -> ParquetLogicalType? {
        var result: ParquetLogicalType?
        try r.readStruct { r, id, type throws(ThriftCompactReader.Failure) in
            guard type == .structure else { try r.skip(type); return }
            switch id {
            case 5:
                var scale: Int32 = 0, precision: Int32 = 0
                try r.readStruct { r, id, type throws(ThriftCompactReader.Failure) in
                    switch (id, type) {
                    case (1, .i32): scale = try r.int32(type)
                    case (2, .i32): precision = try r.int32(type)
                    default: try r.skip(type)
                    }
                }
                result = .decimal(scale: scale, precision: precision)
            case 7, 8:
                var utc = false
                var unit = TimeUnit.micros
                try r.readStruct { r, id, type throws(ThriftCompactReader.Failure) in
                    switch (id, type) {
                    case (1, .boolTrue), (1, .boolFalse): utc = try r.bool(type)
                    case (2, .structure): unit = try timeUnit(&r)
                    default: try r.skip(type)
                    }
                }
                result = id == 7 ? .time(adjustedToUTC: utc, unit: unit) : .timestamp(adjustedToUTC: utc, unit: unit)
            case 10:
                var width: Int8 = 64, signed = true
                try r.readStruct { r, id, type throws(ThriftCompactReader.Failure) in
                    switch (id, type) {
                    case (1, .byte): width = Int8(truncatingIfNeeded: try r.integer(type))
                    case (2, .boolTrue), (2, .boolFalse): signed = try r.bool(type)
                    default: try r.skip(type)
                    }
                }
                result = .integer(bitWidth: width, signed: signed)
            default:
                try r.skip(type)
                switch id {
                case 1: result = .string
                case 2: result = .map
                case 3: result = .list
                case 4: result = .enumeration
                case 6: result = .date
                case 11: result = .unknown
                case 12: result = .json
                case 13: result = .bson
                case 14: result = .uuid
                case 15: result = .float16
                default: result = .other(id)
                }
            }
        }
        return result
    }

    private static func timeUnit(_ r: inout ThriftCompactReader) throws(ThriftCompactReader.Failure) -> TimeUnit {
        var unit = TimeUnit.micros
        try r.readStruct { r, id, type throws(ThriftCompactReader.Failure) in
            switch id {
            case 1: unit = .millis
            case 2: unit = .micros
            case 3: unit = .nanos
            default: break
            }
            try r.skip(type)
        }
        return unit
    }
}
