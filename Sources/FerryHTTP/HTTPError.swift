package import FerryCore

/// Why `HTTPClient.send` got no response at all.
///
/// The description names the method and the URL without userinfo, query string or fragment;
/// it never contains a header value or the body. libcurl's message is scrubbed of those too.
package struct HTTPError: Error, CustomStringConvertible, Sendable {
    /// The family of the failure.
    package enum Kind: String, Sendable, CaseIterable {
        /// The host resolved but refused or did not accept the connection.
        case connect
        /// The host name (or proxy name) did not resolve.
        case dns
        /// The request's time budget ran out.
        case timeout
        /// The TLS handshake or certificate verification failed.
        case tls
        /// The connection broke while sending or receiving (nothing or part of a reply came).
        case transfer
        /// The request itself is unusable: bad URL, unsupported scheme, CR/LF in a header.
        case invalidRequest = "invalid_request"
        /// `HTTPClient.interrupter` stopped the request.
        case cancelled
        /// Anything else libcurl reported.
        case other
    }

    /// The family of the failure.
    package var kind: Kind
    /// The `CURLcode` of the last attempt.
    package var curlCode: Int
    /// The `CURLcode`'s name, such as `CURLE_COULDNT_CONNECT`.
    package var curlCodeName: String
    /// libcurl's message for the last attempt, scrubbed of URL secrets and header values.
    package var message: String
    /// How many attempts were made.
    package var attempts: Int
    /// The method of the request.
    package var method: HTTPMethod
    /// The request URL without userinfo, query string and fragment.
    package var url: String

    /// `POST http://host:8080/api/v1/lineage failed after 3 attempts (connect, CURLE_COULDNT_CONNECT): ...`.
    package var description: String {
        let tries = attempts == 1 ? "1 attempt" : "\(attempts) attempts"
        return "\(method.rawValue) \(url) failed after \(tries) (\(kind.rawValue), \(curlCodeName)): \(message)"
    }

    /// The libcurl error as a `DriverError` (system `curl`), for a `FerryError`.
    package var driver: DriverError {
        DriverError(system: "curl", code: curlCodeName, message: message)
    }
}
