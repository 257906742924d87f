import FerryCore
import FerryFiles

/// Compresses page bodies with the file's codec.
enum PageCompressor {
    case none
    case snappy
    case gzip
    /// zstd keeps one context for the whole file.
    case zstd(ZstdCompressor)

    init(_ codec: ParquetCodec) throws(FerryError) {
        switch codec {
        case .none: self = .none
        case .snappy: self = .snappy
        case .gzip: self = .gzip
        case .zstd: self = .zstd(try ZstdCompressor())
        }
    }

    /// The format's `CompressionCodec` number.
    var thriftValue: Int32 {
        switch self {
        case .none: 0
        case .snappy: 1
        case .gzip: 2
        case .zstd: 6
        }
    }

    /// Appends `body`, compressed, to `output`.
    func compress(_ body: [UInt8], appendingTo output: inout [UInt8]) throws(FerryError) {
        switch self {
        case .none:
            output.append(contentsOf: body)
        case let .zstd(context):
            try context.compress(body, appendingTo: &output)
        case .snappy:
            try SnappyCompressor.compress(body, appendingTo: &output)
        case .gzip:
            // One gzip member per page, as the format's GZIP codec reads it.
            output.append(contentsOf: try GzipDeflate(stage: .load).compress(body))
        }
    }
}
