import CCurl
import FerryCore

/// The state libcurl's callbacks of one `curl_easy_perform` see: the response body collected so
/// far and the interrupter to honour.
///
/// Passed to libcurl as `CURLOPT_WRITEDATA` and `CURLOPT_XFERINFODATA` through an unretained
/// pointer; `CurlEasy.perform` keeps the object alive (`withExtendedLifetime`) for the whole
/// `curl_easy_perform` call, the only time libcurl calls back, and on the calling thread.
final class CurlTransfer {
    /// The first `limit` body bytes.
    private(set) var body: [UInt8] = []
    private let limit: Int
    private let interrupter: FlagInterrupter

    init(limit: Int, interrupter: FlagInterrupter) {
        self.limit = limit
        self.interrupter = interrupter
    }

    /// Keeps the bytes that still fit under `limit`; later ones are dropped (the connection is
    /// still read to the end, so it can be reused).
    func receive(_ bytes: UnsafeRawBufferPointer) {
        let room = limit - body.count
        guard room > 0 else { return }
        body.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes.prefix(room)))
    }

    /// Whether the transfer should stop.
    var isInterrupted: Bool { interrupter.isInterrupted }

    /// The pointer libcurl hands back to the callbacks.
    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// The `CurlTransfer` behind a callback's user pointer.
    static func from(_ pointer: UnsafeMutableRawPointer) -> CurlTransfer {
        Unmanaged<CurlTransfer>.fromOpaque(pointer).takeUnretainedValue()
    }
}

/// `CURLOPT_WRITEFUNCTION`: appends body bytes to the `CurlTransfer` in `userdata`. Returns the
/// byte count it was given (anything else makes libcurl fail with `CURLE_WRITE_ERROR`).
func curlWriteBody(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?) -> Int {
    let total = size * count
    guard let userdata, let data, total > 0 else { return total }
    CurlTransfer.from(userdata).receive(UnsafeRawBufferPointer(start: data, count: total))
    return total
}

/// `CURLOPT_XFERINFOFUNCTION`: "returning a non-zero value from this callback will cause libcurl
/// to abort the transfer and return CURLE_ABORTED_BY_CALLBACK".
func curlTransferProgress(_ userdata: UnsafeMutableRawPointer?, _ dltotal: curl_off_t, _ dlnow: curl_off_t, _ ultotal: curl_off_t, _ ulnow: curl_off_t) -> Int32 {
    guard let userdata else { return 0 }
    return CurlTransfer.from(userdata).isInterrupted ? 1 : 0
}
