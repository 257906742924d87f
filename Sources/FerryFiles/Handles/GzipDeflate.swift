import CZlib
package import FerryCore

/// A zlib deflate stream that writes gzip (`deflateInit2` with windowBits 15+16: a gzip header
/// and trailer around raw deflate data).
///
/// Owns the `z_stream` and frees it with `deflateEnd` in `deinit`. One stream compresses one
/// input into one gzip member.
package final class GzipDeflate {
    /// Ended here (`deinit`), freed by its own `deinit` after that.
    private let memory: ZStreamMemory
    private var stream: UnsafeMutablePointer<z_stream> { memory.stream }
    private let stage: FerryError.Stage

    /// Starts a deflate stream at zlib's default level (`deflateInit2`). Errors are reported at
    /// `stage`.
    package init(stage: FerryError.Stage) throws(FerryError) {
        self.stage = stage
        memory = ZStreamMemory()
        // Window bits 15 + 16: a gzip wrapper around the deflate stream.
        let rc = ferry_deflate_init2(memory.stream, Z_DEFAULT_COMPRESSION, 15 + 16)
        guard rc == Z_OK else { throw error(rc) }
    }

    deinit {
        // deflateEnd returns Z_DATA_ERROR when "the stream was freed prematurely (some input or
        // output was discarded)" — expected after a failure; it frees the state either way. It
        // also runs when `init` threw: for a stream without state it returns Z_STREAM_ERROR.
        deflateEnd(stream)
    }

    /// Compresses all of `input` into one gzip member (`deflate` until `Z_FINISH` reports
    /// `Z_STREAM_END`). The output starts at `deflateBound` bytes, enough for one pass.
    package func compress(_ input: [UInt8]) throws(FerryError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: max(64, Int(deflateBound(stream, uLong(input.count)))))
        var consumed = 0
        var produced = 0
        // avail_in and avail_out are 32-bit: feed at most 1 GiB per call.
        let step = 1 << 30
        while true {
            if produced == output.count { output.append(contentsOf: repeatElement(0, count: output.count)) }
            let inCount = min(input.count - consumed, step)
            let outCount = min(output.count - produced, step)
            let flush = consumed + inCount == input.count ? Z_FINISH : Z_NO_FLUSH
            let rc = input.withUnsafeBytes { inBytes in
                output.withUnsafeMutableBytes { outBytes in
                    stream.pointee.next_in = inBytes.baseAddress.map {
                        UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: Bytef.self)) + consumed
                    }
                    stream.pointee.avail_in = uInt(inCount)
                    stream.pointee.next_out = outBytes.baseAddress.map { $0.assumingMemoryBound(to: Bytef.self) + produced }
                    stream.pointee.avail_out = uInt(outCount)
                    let rc = deflate(stream, flush)
                    stream.pointee.next_in = nil
                    stream.pointee.next_out = nil
                    return rc
                }
            }
            let used = inCount - Int(stream.pointee.avail_in)
            let made = outCount - Int(stream.pointee.avail_out)
            consumed += used
            produced += made
            switch rc {
            case Z_STREAM_END:
                output.removeSubrange(produced...)
                return output
            case Z_OK:
                continue
            case Z_BUF_ERROR where used > 0 || made > 0:
                // zlib manual: "Z_BUF_ERROR if no progress was possible" — progress was made here.
                continue
            default:
                throw error(rc)
            }
        }
    }

    /// The one place a zlib deflate return code becomes a `FerryError`, with zlib's own message.
    private func error(_ rc: Int32) -> FerryError {
        let driver = memory.driverError(rc)
        return FerryError(.internalError, stage: stage, "gzip compression failed: \(driver.message)", driver: driver)
    }
}
