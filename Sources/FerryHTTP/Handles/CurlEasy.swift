import CCurl
import FerryCore

/// One libcurl easy handle (`curl_easy_init`), freed with `curl_easy_cleanup` in `deinit`.
///
/// Requests on the same handle reuse its open connections (keep-alive): each request starts
/// with `curl_easy_reset`, which "does not change ... live connections, the Session ID cache,
/// the DNS cache". Used by one thread at a time (`HTTPClient` holds it under a lock).
final class CurlEasy {
    private let handle: UnsafeMutableRawPointer
    /// `CURLOPT_ERRORBUFFER`: `CURL_ERROR_SIZE` bytes that libcurl fills with its message.
    private let errorBuffer: UnsafeMutablePointer<CChar>

    /// A new easy handle (`curl_easy_init`), after the one `curl_global_init`.
    init() throws(CurlFailure) {
        try CurlGlobal.ensureInitialised()
        guard let handle = curl_easy_init() else {
            throw CurlFailure(code: CURLE_FAILED_INIT, message: "curl_easy_init failed")
        }
        self.handle = handle
        let size = ferry_curl_error_size()
        errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: size)
        errorBuffer.initialize(repeating: 0, count: size)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Sends `request` once (`curl_easy_perform`) within `budget` (`CURLOPT_TIMEOUT_MS` and
    /// `CURLOPT_CONNECTTIMEOUT_MS`) and returns the status and the first body bytes.
    func perform(_ request: HTTPRequest, budget: Duration, interrupter: FlagInterrupter) throws(CurlFailure) -> (status: Int, body: [UInt8]) {
        curl_easy_reset(handle)
        // After a failure below, the options that point at this call's objects are cleared again.
        defer { curl_easy_reset(handle) }
        errorBuffer[0] = 0
        try check(ferry_curl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer))
        // Several threads: no SIGALRM for DNS timeouts (the threaded resolver still honours them).
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_URL, request.url)
        try set(CURLOPT_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_FOLLOWLOCATION, 0)
        let milliseconds = CurlEasy.milliseconds(budget)
        try set(CURLOPT_TIMEOUT_MS, milliseconds)
        try set(CURLOPT_CONNECTTIMEOUT_MS, milliseconds)

        let headers = try CurlEasy.headerList(for: request)
        try check(ferry_curl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, headers.head))
        if request.header("User-Agent") == nil { try set(CURLOPT_USERAGENT, "ferry") }
        switch request.method {
        case .get:
            try set(CURLOPT_HTTPGET, 1)
        case .post:
            try set(CURLOPT_POST, 1)
        case .put:
            try set(CURLOPT_POST, 1)
            try set(CURLOPT_CUSTOMREQUEST, "PUT")
        }

        let transfer = CurlTransfer(limit: HTTPResponse.bodyLimit, interrupter: interrupter)
        try check(ferry_curl_easy_setopt_write_function(handle, curlWriteBody))
        try check(ferry_curl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, transfer.opaque))
        try set(CURLOPT_NOPROGRESS, 0)
        try check(ferry_curl_easy_setopt_xferinfo_function(handle, curlTransferProgress))
        try check(ferry_curl_easy_setopt_pointer(handle, CURLOPT_XFERINFODATA, transfer.opaque))

        // CURLOPT_POSTFIELDS does not copy: the bytes must stay put until curl_easy_perform
        // returns. An empty body still needs a pointer (NULL would make libcurl read stdin).
        let sendsBody = request.method != .get
        let payload: [UInt8] = request.body.isEmpty ? [0] : request.body
        let rc = withExtendedLifetime((headers, transfer)) {
            payload.withUnsafeBytes { bytes -> CURLcode in
                if sendsBody, let base = bytes.baseAddress {
                    let sized = ferry_curl_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count))
                    guard sized == CURLE_OK else { return sized }
                    let pointed = ferry_curl_easy_setopt_pointer(handle, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: base))
                    guard pointed == CURLE_OK else { return pointed }
                }
                return curl_easy_perform(handle)
            }
        }
        try check(rc)
        var status = 0
        try check(ferry_curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status))
        guard status > 0 else {
            throw CurlFailure(code: CURLE_WEIRD_SERVER_REPLY, message: "no HTTP status in the reply")
        }
        return (status, transfer.body)
    }

    /// The request's headers, with libcurl's own `Expect: 100-continue` (a wasted round trip)
    /// and form `Content-Type` removed unless the request sets them.
    private static func headerList(for request: HTTPRequest) throws(CurlFailure) -> CurlHeaderList {
        let list = CurlHeaderList()
        for header in request.headers { try list.append(name: header.name, value: header.value) }
        if request.header("Expect") == nil { try list.appendRemoval(of: "Expect") }
        if request.header("Content-Type") == nil { try list.appendRemoval(of: "Content-Type") }
        return list
    }

    /// A budget in whole milliseconds, rounded up, at least 1 (0 would mean "no timeout").
    private static func milliseconds(_ budget: Duration) -> Int {
        let (seconds, attoseconds) = budget.components
        guard seconds >= 0 else { return 1 }
        let perMillisecond: Int64 = 1_000_000_000_000_000
        let rest = attoseconds / perMillisecond + (attoseconds % perMillisecond > 0 ? 1 : 0)
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        let (total, overflowAgain) = whole.addingReportingOverflow(rest)
        guard !overflow, !overflowAgain else { return Int.max }
        return max(1, Int(total))
    }

    private func set(_ option: CURLoption, _ value: Int) throws(CurlFailure) {
        try check(ferry_curl_easy_setopt_long(handle, option, value))
    }

    /// Sets a string option; libcurl copies the string ("the application does not have to keep
    /// the string around after setting this option").
    private func set(_ option: CURLoption, _ value: String) throws(CurlFailure) {
        try check(ferry_curl_easy_setopt_string(handle, option, value))
    }

    /// The one place a `CURLcode` becomes an error, with libcurl's own message.
    private func check(_ rc: CURLcode) throws(CurlFailure) {
        guard rc == CURLE_OK else {
            throw CurlFailure(code: rc, message: String(cString: errorBuffer))
        }
    }
}
