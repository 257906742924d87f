import CZstd
import FerryCore

/// A zstd decompression context (`ZSTD_DCtx`), reused for every page of a file.
///
/// Owns the context and frees it with `ZSTD_freeDCtx` in `deinit`.
final class ZstdDecompressor {
    private let context: OpaquePointer

    init() throws(FerryError) {
        guard let context = ZSTD_createDCtx() else {
            throw FerryError(.internalError, stage: .extract, "cannot create a zstd decompression context (out of memory)")
        }
        self.context = context
    }

    deinit { ZSTD_freeDCtx(context) }

    /// The reason when the frame's declared content size (`ZSTD_getFrameContentSize`) is not
    /// `size`; frames that do not declare it are checked while decompressing.
    func check(_ input: UnsafeRawBufferPointer, size: Int) -> String? {
        let declared = ZSTD_getFrameContentSize(input.baseAddress, input.count)
        // zstd.h: ZSTD_CONTENTSIZE_UNKNOWN is (0ULL - 1), ZSTD_CONTENTSIZE_ERROR (0ULL - 2);
        // Swift does not import these expression macros.
        if declared == UInt64.max - 1 { return "zstd: not a zstd frame" }
        if declared == UInt64.max { return nil }
        return declared == UInt64(size) ? nil : "zstd data holds \(declared) bytes, not the \(size) the page header gives"
    }

    /// Decompresses `input` into `output`, which has the page's uncompressed size
    /// (`ZSTD_decompressDCtx`); the reason when the data is not zstd or has another size.
    func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) -> String? {
        let written = ZSTD_decompressDCtx(context, output.baseAddress, output.count, input.baseAddress, input.count)
        if ZSTD_isError(written) != 0 { return "zstd: \(String(cString: ZSTD_getErrorName(written)))" }
        return written == output.count ? nil : "zstd data decompressed to \(written) bytes, not the \(output.count) the page header gives"
    }
}
