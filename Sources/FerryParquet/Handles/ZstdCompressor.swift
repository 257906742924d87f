import CZstd
import FerryCore

/// A zstd compression context (`ZSTD_CCtx`), reused for every page of a file.
///
/// Owns the context and frees it with `ZSTD_freeCCtx` in `deinit`.
final class ZstdCompressor {
    private let context: OpaquePointer

    /// The level Parquet writers use by default (zstd's own default, 3).
    static let level: Int32 = 3

    init() throws(FerryError) {
        guard let context = ZSTD_createCCtx() else {
            throw FerryError(.targetWrite, stage: .load, "cannot create a zstd compression context (out of memory)")
        }
        self.context = context
    }

    deinit { ZSTD_freeCCtx(context) }

    /// Appends the zstd frame of `input` to `output`.
    func compress(_ input: [UInt8], appendingTo output: inout [UInt8]) throws(FerryError) {
        let bound = ZSTD_compressBound(input.count)
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: bound))
        let written = input.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { out in
                ZSTD_compressCCtx(context, out.baseAddress! + start, bound, source.baseAddress, source.count, ZstdCompressor.level)
            }
        }
        guard ZSTD_isError(written) == 0 else {
            output.removeSubrange(start...)
            throw FerryError(.targetWrite, stage: .load, "zstd compression failed: \(String(cString: ZSTD_getErrorName(written)))")
        }
        output.removeSubrange((start + written)...)
    }
}
