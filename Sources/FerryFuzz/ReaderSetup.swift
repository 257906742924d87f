import FerryCore

/// How one fuzz input is read, taken from its first two bytes (the rest is the file): the header
/// flag, Latin-1 or UTF-8, declared or detected compression, the batch size, the CSV quote and
/// escape and delimiter, the null markers, and the small chunk size the second read uses.
struct ReaderSetup {
    var options = LoadOptions()
    var compression = Compression.auto
    /// The chunk size of the read that is compared with the default (1 MiB) read.
    var chunkSize = 1

    private static let chunkSizes = [1, 2, 3, 4, 5, 7, 8, 13, 16, 31, 64, 100, 255, 1024, 4093, 65536]
    private static let batchSizes = [1, 2, 3, 10_000]

    init(format: FileFormat, control: UInt8, dialect: UInt8) {
        options.header = control & 1 == 0
        options.encoding = control & 2 == 0 ? .utf8 : .latin1
        compression = control & 4 == 0 ? .auto : .none
        chunkSize = Self.chunkSizes[Int(control >> 4)]
        options.batchSize = Self.batchSizes[Int(dialect & 3)]
        switch (dialect >> 2) & 3 {
        case 1: options.nullMarkers = ["NULL", ""]
        case 2: options.nullMarkers = []
        default: break
        }
        guard format != .jsonl else { return }
        switch (dialect >> 4) & 3 {
        case 1: options.delimiter = format == .tsv ? 0x2C : 0x3B   // `,` for TSV, `;` for CSV
        case 2: options.delimiter = 0x7C                           // `|`
        default: break
        }
        if format == .csv {
            switch dialect >> 6 {
            case 1: options.escape = 0x5C                          // `\"` inside quotes
            case 2: options.quote = 0x27                           // single quotes
            default: break
            }
        }
    }
}
