import CCurl

/// A libcurl failure of one attempt: its `CURLcode`, name, message and what it means for a retry.
struct CurlFailure: Error {
    /// The `CURLcode` value.
    let code: Int
    /// The `CURLcode`'s name, such as `CURLE_COULDNT_CONNECT`.
    let name: String
    /// libcurl's message (`CURLOPT_ERRORBUFFER`, else `curl_easy_strerror`), not yet scrubbed.
    let message: String
    /// The family of the failure.
    let kind: HTTPError.Kind
    /// Whether another attempt may succeed.
    let retryable: Bool

    /// The failure for `code`, with `message` or, when that is empty, `curl_easy_strerror(code)`.
    init(code: CURLcode, message: String) {
        self.code = Int(code.rawValue)
        self.message = message.isEmpty ? String(cString: curl_easy_strerror(code)) : message
        (name, kind, retryable) = CurlFailure.classify(code)
    }

    /// The failure of a request whose time budget ran out before an attempt could start
    /// (`CURLE_OPERATION_TIMEDOUT`).
    static func budgetExhausted(_ message: String) -> CurlFailure {
        CurlFailure(code: CURLE_OPERATION_TIMEDOUT, message: message)
    }

    /// The failure of a request stopped by `HTTPClient.interrupter` (`CURLE_ABORTED_BY_CALLBACK`).
    static func interrupted() -> CurlFailure {
        CurlFailure(code: CURLE_ABORTED_BY_CALLBACK, message: "the request was interrupted")
    }

    /// The name, kind and retryability of a `CURLcode`.
    private static func classify(_ code: CURLcode) -> (String, HTTPError.Kind, Bool) {
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST: ("CURLE_COULDNT_RESOLVE_HOST", .dns, true)
        case CURLE_COULDNT_RESOLVE_PROXY: ("CURLE_COULDNT_RESOLVE_PROXY", .dns, true)
        case CURLE_COULDNT_CONNECT: ("CURLE_COULDNT_CONNECT", .connect, true)
        case CURLE_OPERATION_TIMEDOUT: ("CURLE_OPERATION_TIMEDOUT", .timeout, true)
        // A handshake that fails outright may be a reset mid-handshake; certificate problems
        // have their own codes below and are final.
        case CURLE_SSL_CONNECT_ERROR: ("CURLE_SSL_CONNECT_ERROR", .tls, true)
        case CURLE_PEER_FAILED_VERIFICATION: ("CURLE_PEER_FAILED_VERIFICATION", .tls, false)
        case CURLE_SSL_CERTPROBLEM: ("CURLE_SSL_CERTPROBLEM", .tls, false)
        case CURLE_SSL_CIPHER: ("CURLE_SSL_CIPHER", .tls, false)
        case CURLE_SSL_CACERT_BADFILE: ("CURLE_SSL_CACERT_BADFILE", .tls, false)
        case CURLE_SSL_CRL_BADFILE: ("CURLE_SSL_CRL_BADFILE", .tls, false)
        case CURLE_SSL_ISSUER_ERROR: ("CURLE_SSL_ISSUER_ERROR", .tls, false)
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH: ("CURLE_SSL_PINNEDPUBKEYNOTMATCH", .tls, false)
        case CURLE_SSL_INVALIDCERTSTATUS: ("CURLE_SSL_INVALIDCERTSTATUS", .tls, false)
        case CURLE_SSL_ENGINE_NOTFOUND: ("CURLE_SSL_ENGINE_NOTFOUND", .tls, false)
        case CURLE_SSL_ENGINE_SETFAILED: ("CURLE_SSL_ENGINE_SETFAILED", .tls, false)
        case CURLE_SSL_ENGINE_INITFAILED: ("CURLE_SSL_ENGINE_INITFAILED", .tls, false)
        case CURLE_SSL_CLIENTCERT: ("CURLE_SSL_CLIENTCERT", .tls, false)
        case CURLE_USE_SSL_FAILED: ("CURLE_USE_SSL_FAILED", .tls, false)
        case CURLE_GOT_NOTHING: ("CURLE_GOT_NOTHING", .transfer, true)
        case CURLE_SEND_ERROR: ("CURLE_SEND_ERROR", .transfer, true)
        case CURLE_RECV_ERROR: ("CURLE_RECV_ERROR", .transfer, true)
        case CURLE_PARTIAL_FILE: ("CURLE_PARTIAL_FILE", .transfer, true)
        case CURLE_HTTP2: ("CURLE_HTTP2", .transfer, true)
        case CURLE_HTTP2_STREAM: ("CURLE_HTTP2_STREAM", .transfer, true)
        case CURLE_WEIRD_SERVER_REPLY: ("CURLE_WEIRD_SERVER_REPLY", .transfer, false)
        case CURLE_UNSUPPORTED_PROTOCOL: ("CURLE_UNSUPPORTED_PROTOCOL", .invalidRequest, false)
        case CURLE_URL_MALFORMAT: ("CURLE_URL_MALFORMAT", .invalidRequest, false)
        case CURLE_BAD_FUNCTION_ARGUMENT: ("CURLE_BAD_FUNCTION_ARGUMENT", .invalidRequest, false)
        case CURLE_ABORTED_BY_CALLBACK: ("CURLE_ABORTED_BY_CALLBACK", .cancelled, false)
        case CURLE_OUT_OF_MEMORY: ("CURLE_OUT_OF_MEMORY", .other, false)
        case CURLE_FAILED_INIT: ("CURLE_FAILED_INIT", .other, false)
        default: ("CURLcode \(code.rawValue)", .other, false)
        }
    }
}
