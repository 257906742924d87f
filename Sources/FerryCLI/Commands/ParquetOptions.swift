import ArgumentParser
import FerryCore

/// How `ferry load` writes a Parquet target.
struct ParquetOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Parquet: zstd (default), snappy, gzip or none.", valueName: "CODEC"))
    var compression: String?

    @Option(name: .long, help: ArgumentHelp("Parquet: rows per row group (default 1000000).", valueName: "N"))
    var rowGroupRows: Int?

    @Option(name: .long, help: ArgumentHelp(
        "Parquet: Hive-style column=value directories under the target, which is then a directory.", valueName: "COLS"))
    var partitionBy: String?

    @Option(name: .long, help: ArgumentHelp(
        "Parquet: roll to numbered files of at most this size (bytes, or with KB, MB, GB, KiB, MiB, GiB); the target is then a directory.",
        valueName: "SIZE"))
    var maxFileSize: String?

    /// The target members these flags set, each with its flag (nil where the flag is not given),
    /// for `LoadCommand`'s endpoint document, which refuses them for a target that is not Parquet.
    func targetMembers() throws -> [(flag: String, member: String, value: JSONValue?)] {
        [
            ("--compression", "compression", compression.map(JSONValue.string)),
            ("--row-group-rows", "row_group_rows", rowGroupRows.map { .number(String($0)) }),
            ("--partition-by", "partition_by", partitionBy.map { .array($0.split(separator: ",").map { .string($0.trimmingSpaces) }) }),
            ("--max-file-size", "max_file_bytes", try maxFileSize.map { .number(String(try ByteSize.parse($0, option: "--max-file-size"))) }),
        ]
    }
}
