import FerryCore

/// The directory of a row's partition, `a=1/b=x%2Fy/`, as Hive writes it and as pyarrow
/// (`partitioning='hive'`), DuckDB (`hive_partitioning`), Spark and Trino read it back.
///
/// Names and values are escaped as Hive's `FileUtils.escapePathName` does: control characters,
/// `"`, `#`, `%`, `'`, `*`, `/`, `:`, `=`, `?`, `\`, DEL, `{`, `[`, `]` and `^` become `%XX`
/// (uppercase hex); other bytes, UTF-8 included, stay. NULL is `__HIVE_DEFAULT_PARTITION__`.
/// The empty text is `col=`, which pyarrow and DuckDB read back as the empty string (Hive would
/// fold it into NULL).
enum HivePartitionPath {
    static let nullValue = Array("__HIVE_DEFAULT_PARTITION__".utf8)

    /// Whether Hive escapes byte `b` in a path segment.
    @inline(__always)
    static func escapes(_ b: UInt8) -> Bool {
        switch b {
        case 0x00...0x1F, 0x7F: true
        case UInt8(ascii: "\""), UInt8(ascii: "#"), UInt8(ascii: "%"), UInt8(ascii: "'"), UInt8(ascii: "*"),
             UInt8(ascii: "/"), UInt8(ascii: ":"), UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "\\"),
             UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "^"):
            true
        default: false
        }
    }

    /// Appends `text` escaped.
    static func appendEscaped<Bytes: Sequence<UInt8>>(_ text: Bytes, to out: inout [UInt8]) {
        for b in text {
            if escapes(b) {
                out.append(UInt8(ascii: "%"))
                out.append(hex(b >> 4))
                out.append(hex(b & 0xF))
            } else {
                out.append(b)
            }
        }
    }

    /// The escaped form of `text`.
    static func escaped(_ text: String) -> String {
        var out: [UInt8] = []
        appendEscaped(text.utf8, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always)
    private static func hex(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") + nibble - 10
    }

    /// Appends the directory of row `row` for the partition columns `columns` (their escaped
    /// names with `=` already in `prefixes`): `a=1/b=x/`. `scratch` is reused for value texts.
    static func append(
        row: Int, of batch: TypedBatch, columns: [Int], prefixes: [[UInt8]], scratch: inout [UInt8], to out: inout [UInt8]
    ) {
        for (column, prefix) in zip(columns, prefixes) {
            out.append(contentsOf: prefix)
            let vector = batch.columns[column]
            if vector.isNull[row] {
                out.append(contentsOf: nullValue)
            } else {
                scratch.removeAll(keepingCapacity: true)
                ValueFormatter.append(vector, row: row, to: &scratch)
                appendEscaped(scratch, to: &out)
            }
            out.append(UInt8(ascii: "/"))
        }
    }
}
