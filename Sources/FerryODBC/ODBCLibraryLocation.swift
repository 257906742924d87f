/// Where Ferry finds the ODBC driver manager, which it opens only when an ODBC endpoint (or
/// `ferry version`) needs it: unixODBC's `libodbc.so.2` through the dynamic loader's search
/// path, or the file `FERRY_ODBC_LIBRARY` names (Docs/connectors/odbc.md).
package struct ODBCLibraryLocation: Sendable, Equatable {
    /// What `dlopen` is given: a file name the loader searches for, or a path.
    package var path: String
    /// Whether `path` came from `FERRY_ODBC_LIBRARY` rather than the default.
    package var isOverride: Bool

    /// The environment variable that names another driver manager file.
    package static let environmentVariable = "FERRY_ODBC_LIBRARY"

    /// unixODBC's driver manager, found by the loader's search (`ld.so.cache`, `LD_LIBRARY_PATH`).
    package static let standard = ODBCLibraryLocation(path: defaultName, isOverride: false)

    #if canImport(Darwin)
    private static let defaultName = "libodbc.2.dylib"
    #else
    private static let defaultName = "libodbc.so.2"
    #endif

    /// A driver manager at `path`; `isOverride` says whether the user chose it.
    package init(path: String, isOverride: Bool) {
        self.path = path
        self.isOverride = isOverride
    }

    /// `FERRY_ODBC_LIBRARY` from `environment` when it is set and not empty, else `standard`.
    package init(environment: [String: String]) {
        if let path = environment[Self.environmentVariable], !path.isEmpty {
            self.init(path: path, isOverride: true)
        } else {
            self = .standard
        }
    }
}
