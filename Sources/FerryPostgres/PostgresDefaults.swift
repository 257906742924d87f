public import FerryCore

/// How libpq resolves a PostgreSQL endpoint's connection, for people to read.
public enum PostgresDefaults {
    /// `host:port/database` as libpq would connect (the string's values, else the PG* environment
    /// variables and compiled-in defaults; `service=name` when a service file decides), never the
    /// user's password. Does not connect.
    public static func description(of endpoint: PostgresEndpoint) -> String {
        description(of: PGConnectionInfo(endpoint.connection?.reveal()))
    }

    static func description(of info: PGConnectionInfo) -> String {
        if info.parseError != nil { return "an invalid connection string" }
        if info.given["host"] == nil, info.given["hostaddr"] == nil, let service = info.value("service") {
            return "service " + service
        }
        // libpq connects to a Unix socket when no host is set; "localhost" reads better than the
        // compiled-in socket directory.
        let host = info.value("host") ?? info.value("hostaddr") ?? "localhost"
        let port = info.value("port") ?? "5432"
        let database = info.value("dbname") ?? info.value("user") ?? ""
        return "\(host):\(port)/\(database)"
    }
}
