import CZlib
import FerryCore

/// A zlib inflate stream (`inflateInit2` with windowBits 15+32, so gzip and zlib headers are
/// detected) that decompresses gzip input chunk by chunk, member after member.
///
/// Owns the `z_stream` and frees it with `inflateEnd` in `deinit`.
final class GzipStream {
    /// Ended here (`deinit`), freed by its own `deinit` after that.
    private let memory: ZStreamMemory
    private var stream: UnsafeMutablePointer<z_stream> { memory.stream }
    /// The file name, for messages.
    private let name: String
    /// Whether the last call ended a gzip member (`Z_STREAM_END`) and no byte followed yet.
    private(set) var atMemberEnd = false
    /// Whether any compressed byte was seen since `init` or `restart`.
    private(set) var sawInput = false

    /// Starts an inflate stream for the file `name` (`inflateInit2`).
    init(name: String) throws(FerryError) {
        self.name = name
        memory = ZStreamMemory()
        let rc = ferry_inflate_init2(memory.stream, 15 + 32)
        guard rc == Z_OK else { throw error(rc) }
    }

    deinit {
        // inflateEnd only fails for an inconsistent stream state (Z_STREAM_ERROR, also when `init`
        // threw and the stream has no state); it frees what it can.
        inflateEnd(stream)
    }

    /// Inflates compressed bytes from `input` into `output` (`inflate` with `Z_NO_FLUSH`); a new
    /// gzip member after the end of the previous one starts a new stream (`inflateReset`).
    /// Returns how many input bytes were consumed and how many output bytes were produced.
    func inflate(input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer) throws(FerryError) -> (consumed: Int, produced: Int) {
        guard let inBase = input.baseAddress, input.count > 0,
              let outBase = output.baseAddress, output.count > 0 else { return (0, 0) }
        if atMemberEnd {
            let rc = inflateReset(stream)
            guard rc == Z_OK else { throw error(rc) }
            atMemberEnd = false
        }
        sawInput = true
        let inCount = min(input.count, Int(UInt32.max))
        let outCount = min(output.count, Int(UInt32.max))
        stream.pointee.next_in = UnsafeMutablePointer(mutating: inBase.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(inCount)
        stream.pointee.next_out = outBase.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(outCount)
        let rc = CZlib.inflate(stream, Z_NO_FLUSH)
        let consumed = inCount - Int(stream.pointee.avail_in)
        let produced = outCount - Int(stream.pointee.avail_out)
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
        switch rc {
        case Z_OK:
            break
        case Z_STREAM_END:
            atMemberEnd = true
        case Z_BUF_ERROR:
            // zlib manual: "Z_BUF_ERROR if no progress was possible" — not fatal; more input follows.
            break
        default:
            throw error(rc)
        }
        return (consumed, produced)
    }

    /// Checks that the input ended at the end of a gzip member, not inside one.
    func finish() throws(FerryError) {
        guard atMemberEnd else {
            throw FerryError(
                .sourceFormat, stage: .extract, "\(name) is not valid gzip data: unexpected end of compressed data",
                driver: DriverError(system: "zlib", code: "Z_BUF_ERROR", message: "unexpected end of compressed data"))
        }
    }

    /// Starts over for a new pass over the same input (`inflateReset`).
    func restart() throws(FerryError) {
        let rc = inflateReset(stream)
        guard rc == Z_OK else { throw error(rc) }
        atMemberEnd = false
        sawInput = false
    }

    /// The one place a zlib return code becomes a `FerryError`, with zlib's own message.
    private func error(_ rc: Int32) -> FerryError {
        let driver = memory.driverError(rc)
        let code: FerryError.Code = rc == Z_MEM_ERROR || rc == Z_VERSION_ERROR ? .internalError : .sourceFormat
        return FerryError(code, stage: .extract, "\(name) is not valid gzip data: \(driver.message)", driver: driver)
    }
}
