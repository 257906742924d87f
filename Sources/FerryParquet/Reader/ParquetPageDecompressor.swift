import FerryCore
import FerryFiles

/// Decompresses page bodies with a column chunk's codec (`CompressionCodec`): UNCOMPRESSED,
/// SNAPPY, GZIP and ZSTD; the others (LZO, BROTLI, LZ4) are refused when the chunk is opened.
final class ParquetPageDecompressor {
    private enum Codec {
        case none, snappy, gzip
        case zstd(ZstdDecompressor)
    }

    private let codec: Codec
    private let path: String

    /// The decompressor of codec number `value`, or an `unsupported` error naming it.
    init(codec value: Int32, path: String) throws(FerryError) {
        self.path = path
        switch value {
        case 0: codec = .none
        case 1: codec = .snappy
        case 2: codec = .gzip
        case 6: codec = .zstd(try ZstdDecompressor())
        default:
            let names: [Int32: String] = [3: "LZO", 4: "BROTLI", 5: "LZ4 (Hadoop)", 7: "LZ4_RAW"]
            throw ParquetFormatError.unsupported(path, "the compression codec \(names[value] ?? "number \(value)") (Ferry reads ZSTD, SNAPPY, GZIP and uncompressed pages)")
        }
    }

    /// Whether bodies pass through unchanged.
    var isIdentity: Bool {
        if case .none = codec { return true }
        return false
    }

    /// Decompresses `input` into `output`, replacing its contents with exactly `size` bytes.
    func decompress(_ input: UnsafeRawBufferPointer, size: Int, into output: inout [UInt8]) throws(FerryError) {
        output.removeAll(keepingCapacity: true)
        if case .none = codec {
            guard input.count == size else {
                throw ParquetFormatError.failure(path, "an uncompressed page of \(input.count) bytes whose header gives \(size)")
            }
            output.append(contentsOf: input)
            return
        }
        // Sizes the compressed data contradicts are refused before the output is allocated.
        var problem: String?
        switch codec {
        case .none: break
        case .snappy: problem = SnappyDecompressor.check(input, size: size)
        case let .zstd(context): problem = context.check(input, size: size)
        case .gzip:
            // Deflate expands at most 1032:1.
            if size > input.count * 1032 + 64 { problem = "gzip data of \(input.count) bytes cannot hold a page of \(size)" }
        }
        if let problem { throw ParquetFormatError.failure(path, "a page does not decompress: \(problem)") }
        output.append(contentsOf: repeatElement(0, count: size))
        guard size > 0 else { return }
        switch codec {
        case .none: problem = nil
        case .snappy:
            problem = output.withUnsafeMutableBytes { SnappyDecompressor.decompress(input, into: $0) }
        case let .zstd(context):
            problem = output.withUnsafeMutableBytes { context.decompress(input, into: $0) }
        case .gzip:
            do throws(FerryError) {
                problem = try output.withUnsafeMutableBufferPointer { (out) throws(FerryError) -> String? in
                    try Gzip.decompress(input, into: UnsafeMutableRawBufferPointer(out), name: path)
                }
            } catch {
                guard error.code == .sourceFormat else { throw error }
                problem = "gzip: \(error.driver?.message ?? error.message)"
            }
        }
        if let problem { throw ParquetFormatError.failure(path, "a page does not decompress: \(problem)") }
    }
}
