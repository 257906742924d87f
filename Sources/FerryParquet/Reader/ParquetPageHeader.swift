/// A page's `PageHeader`: its type and sizes, and the header of its kind.
struct ParquetPageHeader {
    /// The format's `PageType`.
    enum Kind: Int32 {
        case dataPage = 0, indexPage = 1, dictionaryPage = 2, dataPageV2 = 3
    }

    var kind: Int32 = -1
    var uncompressedBytes: Int32 = -1
    var compressedBytes: Int32 = -1
    /// Values (rows, in a flat schema) in the page, including NULLs.
    var valueCount: Int32 = -1
    var encoding: Int32 = -1
    /// v1: the encoding of the definition levels (RLE).
    var levelEncoding: Int32 = 3
    /// v2: the byte lengths of the uncompressed levels before the values.
    var definitionBytes: Int32 = 0
    var repetitionBytes: Int32 = 0
    /// v2: whether the values section is compressed.
    var valuesCompressed = true

    static func parse(_ r: inout ThriftCompactReader) throws(ThriftCompactReader.Failure) -> ParquetPageHeader {
        var h = ParquetPageHeader()
        try r.readStruct { r, id, type throws(ThriftCompactReader.Failure) in
            switch (id, type) {
            case (1, .i32): h.kind = try r.int32(type)
            case (2, .i32): h.uncompressedBytes = try r.int32(type)
            case (3, .i32): h.compressedBytes = try r.int32(type)
            case (5, .structure):
                try r.readStruct { r, id, type throws(ThriftCompactReader.Failure) in
                    switch (id, type) {
                    case (1, .i32): h.valueCount = try r.int32(type)
                    case (2, .i32): h.encoding = try r.int32(type)
                    case (3, .i32): h.levelEncoding = try r.int32(type)
                    default: try r.skip(type)
                    }
                }
            case (7, .structure):
                try r.readStruct { r, id, type throws(ThriftCompactReader.Failure) in
                    switch (id, type) {
                    case (1, .i32): h.valueCount = try r.int32(type)
                    case (2, .i32): h.encoding = try r.int32(type)
                    default: try r.skip(type)
                    }
                }
            case (8, .structure):
                try r.readStruct { r, id, type throws(ThriftCompactReader.Failure) in
                    switch (id, type) {
                    case (1, .i32): h.valueCount = try r.int32(type)
                    case (4, .i32): h.encoding = try r.int32(type)
                    case (5, .i32): h.definitionBytes = try r.int32(type)
                    case (6, .i32): h.repetitionBytes = try r.int32(type)
                    case (7, .boolTrue), (7, .boolFalse): h.valuesCompressed = try r.bool(type)
                    default: try r.skip(type)
                    }
                }
            default: try r.skip(type)
            }
        }
        return h
    }
}
