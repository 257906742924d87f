import FerryCore
import FerryFiles

/// Compresses page bodies with the file's codec; one per encoding thread. It also holds that
/// thread's scratch buffers for a page's body and its compressed form, so that their storage is
/// reused from page to page and shared by all the columns the thread encodes (rather than two
/// buffers of a page's size per column).
final class PageCompressor {
    enum Codec {
        case none
        case snappy
        case gzip
        /// zstd keeps one context for the whole file.
        case zstd(ZstdCompressor)
    }

    let codec: Codec
    /// A page's uncompressed body, rebuilt for every page (`ParquetColumnWriter.closePage`).
    var body: [UInt8] = []
    /// A page's compressed body, rebuilt for every page.
    var compressed: [UInt8] = []

    init(_ codec: ParquetCodec) throws(FerryError) {
        switch codec {
        case .none: self.codec = .none
        case .snappy: self.codec = .snappy
        case .gzip: self.codec = .gzip
        case .zstd: self.codec = .zstd(try ZstdCompressor())
        }
    }

    /// The format's `CompressionCodec` number.
    var thriftValue: Int32 {
        switch codec {
        case .none: 0
        case .snappy: 1
        case .gzip: 2
        case .zstd: 6
        }
    }

    /// Appends `body`, compressed, to `output`.
    func compress(_ body: [UInt8], appendingTo output: inout [UInt8]) throws(FerryError) {
        switch codec {
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
