import FerryCore

/// What the footer records of one column chunk.
struct ParquetChunkMetadata {
    var spec: ParquetColumnSpec
    var codec: Int32
    /// Every encoding its pages use (PLAIN, RLE_DICTIONARY, RLE for levels).
    var encodings: [Int32]
    var valueCount: Int64
    var uncompressedBytes: Int64
    var compressedBytes: Int64
    /// Offsets in the file of the chunk's dictionary page (the chunk's start) and first data page.
    var dictionaryOffset: Int64?
    var dataOffset: Int64
    /// Where the chunk starts.
    var offset: Int64 { dictionaryOffset ?? dataOffset }
    var statistics: ParquetStatistics
}

/// What the footer records of one row group.
struct ParquetRowGroupMetadata {
    var chunks: [ParquetChunkMetadata]
    var rows: Int64
}

/// The file's `FileMetaData`, in Thrift's compact protocol: schema, row groups with their column
/// chunks and statistics, `created_by`, and the type-defined order of every column's min/max.
enum ParquetFooter {
    static var createdBy: String { "ferry version \(FerryVersion.current)" }

    static func encode(columns: [ParquetColumnSpec], rowGroups: [ParquetRowGroupMetadata]) -> [UInt8] {
        var w = ThriftCompactWriter()
        w.structure { w in
            w.field(1, i32: 1)  // version
            w.field(2, listOf: .structure, count: columns.count + 1) { w in
                w.structure { root in
                    root.field(4, string: "schema")
                    root.field(5, i32: Int32(columns.count))
                }
                for column in columns { column.writeSchemaElement(&w) }
            }
            w.field(3, i64: rowGroups.reduce(0) { $0 + $1.rows })
            w.field(4, listOf: .structure, count: rowGroups.count) { w in
                for (ordinal, group) in rowGroups.enumerated() { write(group, ordinal: ordinal, &w) }
            }
            w.field(6, string: createdBy)
            w.field(7, listOf: .structure, count: columns.count) { w in
                for _ in columns {
                    w.structure { order in order.field(1) { _ in } }  // TYPE_ORDER
                }
            }
        }
        return w.bytes
    }

    private static func write(_ group: ParquetRowGroupMetadata, ordinal: Int, _ w: inout ThriftCompactWriter) {
        w.structure { w in
            w.field(1, listOf: .structure, count: group.chunks.count) { w in
                for chunk in group.chunks { write(chunk, &w) }
            }
            w.field(2, i64: group.chunks.reduce(0) { $0 + $1.uncompressedBytes })
            w.field(3, i64: group.rows)
            if let first = group.chunks.first { w.field(5, i64: first.offset) }
            w.field(6, i64: group.chunks.reduce(0) { $0 + $1.compressedBytes })
            w.field(7, i16: Int16(clamping: ordinal))
        }
    }

    private static func write(_ chunk: ParquetChunkMetadata, _ w: inout ThriftCompactWriter) {
        w.structure { w in
            w.field(2, i64: 0)  // file_offset: no ColumnMetaData outside the footer
            w.field(3) { m in
                m.field(1, i32: chunk.spec.physical.rawValue)
                m.field(2, listOf: .i32, count: chunk.encodings.count) { w in
                    for e in chunk.encodings { w.element(i32: e) }
                }
                m.field(3, listOf: .binary, count: 1) { $0.element(binary: Array(chunk.spec.name.utf8)) }
                m.field(4, i32: chunk.codec)
                m.field(5, i64: chunk.valueCount)
                m.field(6, i64: chunk.uncompressedBytes)
                m.field(7, i64: chunk.compressedBytes)
                m.field(9, i64: chunk.dataOffset)
                if let dictionaryOffset = chunk.dictionaryOffset { m.field(11, i64: dictionaryOffset) }
                m.field(12) { chunk.statistics.write(&$0, chunk.spec) }
            }
        }
    }
}
