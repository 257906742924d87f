import CZlib
import FerryCore

/// The memory of one `z_stream`, allocated once so that it never moves (zlib keeps a pointer
/// back to it in its state), zeroed as `deflateInit2`/`inflateInit2` expect, and freed when its
/// owner goes. The owner ends the stream (`deflateEnd`/`inflateEnd`) in its own `deinit`, which
/// runs before this memory is released.
final class ZStreamMemory {
    let stream: UnsafeMutablePointer<z_stream>

    init() {
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
    }

    deinit {
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// What zlib said when a call returned `rc`: its name for the code, and the stream's own
    /// message (`msg`) when it set one, else `zError`'s.
    func driverError(_ rc: Int32) -> DriverError {
        let code = switch rc {
        case Z_DATA_ERROR: "Z_DATA_ERROR"
        case Z_STREAM_ERROR: "Z_STREAM_ERROR"
        case Z_MEM_ERROR: "Z_MEM_ERROR"
        case Z_NEED_DICT: "Z_NEED_DICT"
        case Z_VERSION_ERROR: "Z_VERSION_ERROR"
        case Z_BUF_ERROR: "Z_BUF_ERROR"
        default: "Z_ERRNO \(rc)"
        }
        let text = stream.pointee.msg.map { String(cString: $0) } ?? String(cString: zError(rc))
        return DriverError(system: "zlib", code: code, message: text)
    }
}
