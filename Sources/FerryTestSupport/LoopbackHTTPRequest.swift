/// One request the loopback HTTP server received, as it arrived.
package struct LoopbackHTTPRequest: Sendable {
    /// The method, such as `POST`.
    package var method: String
    /// The request target: path and query string, such as `/api/v1/lineage?x=1`.
    package var path: String
    /// The headers in the order they arrived, names as sent.
    package var headers: [(name: String, value: String)]
    /// The body bytes (`Content-Length` of them).
    package var body: [UInt8]
    /// The number of the connection it came on (0, 1, ... in accept order): equal numbers mean
    /// a reused (keep-alive) connection.
    package var connection: Int

    /// The value of the first header called `name`, ignoring ASCII case.
    package func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// The values of every header called `name`, ignoring ASCII case, in order.
    package func headers(named name: String) -> [String] {
        let wanted = name.lowercased()
        return headers.filter { $0.name.lowercased() == wanted }.map(\.value)
    }
}
