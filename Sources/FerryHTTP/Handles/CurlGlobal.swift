import CCurl

/// libcurl's process-wide set-up (`curl_global_init`), done exactly once.
enum CurlGlobal {
    /// The result of the one `curl_global_init(CURL_GLOBAL_DEFAULT)` call. A `static let` is
    /// initialised once, thread-safely (`swift_once`), on first use; libcurl is never cleaned
    /// up (`curl_global_cleanup`) because handles may live until the process exits.
    private static let initResult: CURLcode = ferry_curl_global_init()

    /// Runs `curl_global_init` on the first call; throws its failure on every call.
    static func ensureInitialised() throws(CurlFailure) {
        let rc = initResult
        guard rc == CURLE_OK else {
            throw CurlFailure(code: rc, message: "curl_global_init failed")
        }
    }
}
