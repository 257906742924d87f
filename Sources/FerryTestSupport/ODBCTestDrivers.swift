import Foundation
import Synchronization

/// The two real ODBC drivers the ODBC tests run through — Debian's psqlODBC (`odbc-postgresql`,
/// `psqlodbcw.so`) and the SQLite ODBC driver (`libsqliteodbc`, `libsqlite3odbc.so`) — registered
/// with `odbcinst` in a private `odbcinst.ini`, not the system's.
///
/// The first call of `configure()` makes a temporary directory, writes a driver template naming
/// the drivers' libraries by absolute path, installs it there with `odbcinst -i -d -f` (run with
/// `ODBCSYSINI` pointing at the directory), and then sets `ODBCSYSINI` and `ODBCINSTINI` in this
/// process's environment, so unixODBC reads that file and nothing in `/etc/odbcinst.ini` matters.
/// unixODBC reads those variables once, at the first ODBC call of the process: every test calls
/// `configure()` (directly, or through the connection-string helpers) before connecting. The
/// directory is removed when the process exits. Data sources for DSN tests go to the same directory's
/// `odbc.ini` (`addDataSource`). The drivers are found under `/usr/lib/<multiarch>/odbc/` (where
/// Debian installs them; `scripts/install-deps.sh` installs both packages); a missing driver or
/// `odbcinst` is an error naming the package, so the tests fail rather than skip.
package enum ODBCTestDrivers {
    /// The name the private `odbcinst.ini` gives psqlODBC (the Unicode build).
    package static let postgresDriver = "Ferry psqlODBC"
    /// The name the private `odbcinst.ini` gives the SQLite 3 ODBC driver.
    package static let sqliteDriver = "Ferry SQLite3 ODBC"

    private enum State {
        case notConfigured
        case configured(directory: String)
        case failed(String)
    }

    private static let state = Mutex(State.notConfigured)

    /// Registers the drivers once per process (see above) and returns the directory that holds
    /// `odbcinst.ini` and `odbc.ini`.
    @discardableResult
    package static func configure() throws -> String {
        try state.withLock { (state) throws(PostgresTestServerError) -> String in
            switch state {
            case let .configured(directory): return directory
            case let .failed(message): throw PostgresTestServerError(message)
            case .notConfigured:
                do throws(PostgresTestServerError) {
                    let directory = try install()
                    state = .configured(directory: directory)
                    return directory
                } catch {
                    state = .failed(error.message)
                    throw error
                }
            }
        }
    }

    /// A connection string for psqlODBC to the server of `url` (`postgresql://user:password@host:port/db`,
    /// as `PostgresTestServer.url()` gives it), with `extra` attributes appended.
    package static func postgresConnection(url: String, extra: String = "") throws -> String {
        try configure()
        guard let parts = URLComponents(string: url), let host = parts.host, let user = parts.user else {
            throw PostgresTestServerError("the PostgreSQL test URL is not a postgresql:// URL with a host and a user")
        }
        let database = String(parts.path.drop { $0 == "/" })
        var text = "Driver={\(postgresDriver)};Server=\(host);Port=\(parts.port ?? 5432);Database=\(database);UID=\(user)"
        if let password = parts.password { text += ";PWD={\(password.replacingOccurrences(of: "}", with: "}}"))}" }
        return extra.isEmpty ? text : text + ";" + extra
    }

    /// A connection string for the SQLite ODBC driver on the database file `path` (created when
    /// missing).
    package static func sqliteConnection(path: String) throws -> String {
        try configure()
        return "Driver={\(sqliteDriver)};Database=\(path)"
    }

    /// Adds a system data source `name` with `attributes` (the driver's keywords) to the private
    /// `odbc.ini`, with `odbcinst -i -s -l`.
    package static func addDataSource(_ name: String, driver: String, attributes: [(String, String)]) throws {
        let directory = try configure()
        let template = TemporaryDirectory(prefix: "ferry-odbc-dsn")
        defer { template.remove() }
        let lines = ["[\(name)]", "Driver=\(driver)"] + attributes.map { "\($0.0)=\($0.1)" }
        let file = template.write("dsn.ini", lines.joined(separator: "\n") + "\n")
        try odbcinst(["-i", "-s", "-l", "-f", file], directory: directory)
    }

    private static func install() throws(PostgresTestServerError) -> String {
        let postgres = try library("psqlodbcw.so", package: "odbc-postgresql")
        let sqlite = try library("libsqlite3odbc.so", package: "libsqliteodbc")
        let directory = TemporaryDirectory(prefix: "ferry-odbc")
        let template = directory.write("drivers.template", """
            [\(postgresDriver)]
            Description=PostgreSQL ODBC driver (Unicode), for Ferry's tests
            Driver=\(postgres)

            [\(sqliteDriver)]
            Description=SQLite 3 ODBC driver, for Ferry's tests
            Driver=\(sqlite)

            """)
        try odbcinst(["-i", "-d", "-f", template], directory: directory.path)
        // `odbcinst -i -s` adds data sources only to an odbc.ini that exists.
        directory.write("odbc.ini", "")
        let registered = try odbcinst(["-q", "-d"], directory: directory.path)
        guard registered.contains(postgresDriver), registered.contains(sqliteDriver) else {
            throw PostgresTestServerError("odbcinst did not register the test drivers in \(directory.path) (it lists: \(registered))")
        }
        // Read by unixODBC whenever it looks a driver up; set before any connection exists.
        setenv("ODBCSYSINI", directory.path, 1)
        setenv("ODBCINSTINI", "odbcinst.ini", 1)
        atexit { ODBCTestDrivers.removeDirectory() }
        return directory.path
    }

    /// Removes the configured directory (`atexit`).
    private static func removeDirectory() {
        let directory = state.withLock { state -> String? in
            guard case let .configured(directory) = state else { return nil }
            return directory
        }
        if let directory { try? FileManager.default.removeItem(atPath: directory) }
    }

    /// Runs `odbcinst` with `ODBCSYSINI` set to `directory`; returns its output.
    @discardableResult
    private static func odbcinst(_ arguments: [String], directory: String) throws(PostgresTestServerError) -> String {
        let output: ChildProcess.Output
        do {
            output = try ChildProcess.run(["odbcinst"] + arguments, environment: ["ODBCSYSINI": directory, "ODBCINSTINI": "odbcinst.ini"])
        } catch let error as PostgresTestServerError {
            throw error
        } catch {
            throw PostgresTestServerError("cannot run odbcinst: \(error)")
        }
        switch output.status {
        case 0: return output.stdout
        case 127: throw PostgresTestServerError("odbcinst was not found on PATH; install odbcinst (scripts/install-deps.sh)")
        default:
            throw PostgresTestServerError("odbcinst \(arguments.joined(separator: " ")) failed (exit \(output.status)): \(output.stdout) \(output.stderr)")
        }
    }

    /// The absolute path of a driver library under `/usr/lib/<multiarch>/odbc/` or `/usr/lib/odbc/`.
    private static func library(_ file: String, package: String) throws(PostgresTestServerError) -> String {
        let manager = FileManager.default
        var directories = ["/usr/lib/odbc", "/usr/lib64/odbc", "/usr/local/lib/odbc"]
        for entry in (try? manager.contentsOfDirectory(atPath: "/usr/lib")) ?? [] where entry.hasSuffix("-linux-gnu") {
            directories.insert("/usr/lib/\(entry)/odbc", at: 0)
        }
        for directory in directories where manager.fileExists(atPath: directory + "/" + file) {
            return directory + "/" + file
        }
        throw PostgresTestServerError("the ODBC driver \(file) is not installed (looked in \(directories.joined(separator: ", "))); install the Debian package \(package) (scripts/install-deps.sh)")
    }
}
