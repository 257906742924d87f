/// One HTTP request: where, how, and the whole time it may take.
///
/// `description` names the method and the URL without userinfo, query or fragment, and never
/// shows header values or the body.
package struct HTTPRequest: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The absolute `http://` or `https://` URL. Other schemes are refused.
    package var url: String
    /// The method; `POST` by default.
    package var method: HTTPMethod
    /// Headers in the order they are sent. Without `User-Agent` the client sends `User-Agent: ferry`;
    /// without `Content-Type` it sends none (libcurl's form default is suppressed).
    package var headers: [HTTPHeader]
    /// The body for `POST` and `PUT`; ignored for `GET`.
    package var body: [UInt8]
    /// The total wall-time budget of `HTTPClient.send`: every attempt and every backoff pause.
    package var timeout: Duration

    /// A request; by default a `POST` with no headers and no body, with a 10 second budget.
    package init(
        url: String, method: HTTPMethod = .post, headers: [HTTPHeader] = [], body: [UInt8] = [],
        timeout: Duration = .seconds(10)
    ) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }

    /// The value of the first header called `name` (ASCII case-insensitive), if any.
    package func header(_ name: String) -> String? {
        headers.first { $0.hasName(name) }?.value
    }

    /// `POST http://host:port/path (3 headers, 120 bytes)`.
    package var description: String {
        let headerCount = headers.count == 1 ? "1 header" : "\(headers.count) headers"
        let byteCount = body.count == 1 ? "1 byte" : "\(body.count) bytes"
        return "\(method.rawValue) \(RedactedURL(url).text) (\(headerCount), \(byteCount))"
    }
    /// Same as `description`.
    package var debugDescription: String { description }
}
