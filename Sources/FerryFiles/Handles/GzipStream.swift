import CZlib
import FerryCore

/// A zlib inflate stream (`inflateInit2` with windowBits 15+32, so gzip and zlib headers are
/// detected) that decompresses gzip input chunk by chunk, member after member.
///
/// Owns the `z_stream` and frees it with `inflateEnd` in `deinit`.
final class GzipStream {
    private let stream: UnsafeMutablePointer<z_stream>
    /// The file name, for messages.
    private let name: String
    /// Whether the last call ended a gzip member (`Z_STREAM_END`) and no byte followed yet.
    private(set) var atMemberEnd = false
    /// Whether any compressed byte was seen since `init` or `restart`.
    private(set) var sawInput = false

    /// Starts an inflate stream for the file `name` (`inflateInit2`).
    init(name: String) throws(FerryError) {
        self.name = name
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let rc = ferry_inflate_init2(stream, 15 + 32)
        guard rc == Z_OK else {
            let error = GzipStream.error(rc, message: nil, name: name)
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw error
        }
    }

    deinit {
        // inflateEnd only fails for an inconsistent stream state (Z_STREAM_ERROR); it frees what it can.
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Inflates compressed bytes from `input` into `output` (`inflate` with `Z_NO_FLUSH`); a new
    /// gzip member after the end of the previous one starts a new stream (`inflateReset`).
    /// Returns how many input bytes were consumed and how many output bytes were produced.
    func inflate(input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer) throws(FerryError) -> (consumed: Int, produced: Int) {
        guard let inBase = input.baseAddress, input.count > 0,
              let outBase = output.baseAddress, output.count > 0 else { return (0, 0) }
        if atMemberEnd {
            let rc = inflateReset(stream)
            guard rc == Z_OK else { throw GzipStream.error(rc, message: stream.pointee.msg, name: name) }
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
            throw GzipStream.error(rc, message: stream.pointee.msg, name: name)
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
        guard rc == Z_OK else { throw GzipStream.error(rc, message: stream.pointee.msg, name: name) }
        atMemberEnd = false
        sawInput = false
    }

    /// The one place a zlib return code becomes a `FerryError`, with zlib's own message.
    private static func error(_ rc: Int32, message: UnsafeMutablePointer<CChar>?, name: String) -> FerryError {
        let codeName: String
        switch rc {
        case Z_DATA_ERROR: codeName = "Z_DATA_ERROR"
        case Z_STREAM_ERROR: codeName = "Z_STREAM_ERROR"
        case Z_MEM_ERROR: codeName = "Z_MEM_ERROR"
        case Z_NEED_DICT: codeName = "Z_NEED_DICT"
        case Z_VERSION_ERROR: codeName = "Z_VERSION_ERROR"
        case Z_BUF_ERROR: codeName = "Z_BUF_ERROR"
        default: codeName = "Z_ERRNO \(rc)"
        }
        let text = message.map { String(cString: $0) } ?? String(cString: zError(rc))
        let code: FerryError.Code = rc == Z_MEM_ERROR || rc == Z_VERSION_ERROR ? .internalError : .sourceFormat
        return FerryError(code, stage: .extract, "\(name) is not valid gzip data: \(text)",
                          driver: DriverError(system: "zlib", code: codeName, message: text))
    }
}
