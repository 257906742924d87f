/// One request the loopback HTTP server received, as it arrived.
public struct LoopbackHTTPRequest: Sendable {
    /// The method, such as `POST`.
    public var method: String
    /// The request target: path and query string, such as `/api/v1/lineage?x=1`.
    public var path: String
    /// The headers in the order they arrived, names as sent.
    public var headers: [(name: String, value: String)]
    /// The body bytes (`Content-Length` of them).
    public var body: [UInt8]
    /// The number of the connection it came on (0, 1, ... in accept order): equal numbers mean
    /// a reused (keep-alive) connection.
    public var connection: Int

    /// The value of the first header called `name`, ignoring ASCII case.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// The values of every header called `name`, ignoring ASCII case, in order.
    public func headers(named name: String) -> [String] {
        let wanted = name.lowercased()
        return headers.filter { $0.name.lowercased() == wanted }.map(\.value)
    }
}
