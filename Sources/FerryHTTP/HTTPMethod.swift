/// The request methods the HTTP client sends.
package enum HTTPMethod: String, Sendable, CaseIterable {
    /// `GET`: no request body is sent.
    case get = "GET"
    /// `POST` with the request body.
    case post = "POST"
    /// `PUT` with the request body.
    case put = "PUT"
}
