package import FerryCore

/// How libpq resolves a PostgreSQL endpoint's connection, for people to read.
package enum PostgresDefaults {
    /// `host:port/database` as libpq would connect (the string's values, else the PG* environment
    /// variables and compiled-in defaults; `service=name` when a service file decides), never the
    /// user's password. Does not connect.
    package static func description(of endpoint: PostgresEndpoint) -> String {
        description(of: PGConnectionInfo(endpoint.connection?.reveal()))
    }

    /// The server and database libpq would connect to, from the string, the PG* environment
    /// variables and compiled-in defaults (host `localhost` for a Unix socket, port 5432, database
    /// the user's name): for OpenLineage dataset names. Does not connect; no password.
    package static func address(of endpoint: PostgresEndpoint) -> (host: String, port: String, database: String) {
        let info = PGConnectionInfo(endpoint.connection?.reveal())
        let socketOrHost = info.value("host") ?? info.value("hostaddr") ?? "localhost"
        // A Unix socket directory or a host list: the first host, and a socket is this machine.
        let first = socketOrHost.split(separator: ",").first.map(String.init) ?? socketOrHost
        let host = first.hasPrefix("/") || first.hasPrefix("@") ? "localhost" : first
        let port = info.value("port").flatMap { $0.split(separator: ",").first.map(String.init) } ?? "5432"
        // A database name is shown, so a URL inside it (`dbname='postgresql://u:pw@h/db'`, which
        // libpq does not expand there) keeps no password.
        let database = ConnectionString.shownValue(info.value("dbname") ?? info.value("user") ?? "")
        return (host, port, database)
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
        let database = ConnectionString.shownValue(info.value("dbname") ?? info.value("user") ?? "")
        return "\(host):\(port)/\(database)"
    }
}
