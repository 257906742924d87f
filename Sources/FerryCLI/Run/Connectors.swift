package import FerryCore
import FerryFiles
import FerryODBC
import FerryParquet
import FerryPostgres
import FerrySQLite
import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The composition root's view of the connectors: every kind of `EndpointKinds.all` is backed by
/// its module's `EndpointConnector` conformance, which the imports above link in. The engine only
/// sees `RecordSource` and `BatchSink`.
enum Connectors {
    /// The connector of `configuration`'s kind; a kind registered without a linked connector module
    /// is an internal error (a test checks every registered kind has one).
    static func connector(_ configuration: any EndpointConfiguration) throws(FerryError) -> any EndpointConnector {
        guard let connector = configuration as? any EndpointConnector else {
            throw FerryError(.internalError, stage: .validate, "no connector is linked for endpoint kind \(type(of: configuration).kind)")
        }
        return connector
    }

    /// The context connectors open with: the request's options, the run, the input's size, and
    /// the process environment, read here once.
    static func context(_ request: LoadRequest, runID: RunID, environment: [String: String] = ProcessInfo.processInfo.environment) -> ConnectorContext {
        ConnectorContext(
            options: request.options, runID: runID,
            inputBytes: (request.source.configuration as? any EndpointConnector)?.storedBytes,
            environment: environment, processors: max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))),
            workingDirectory: workingDirectory)
    }

    /// Opens `endpoint` as a source (for `ferry inspect`).
    static func source(_ endpoint: SourceEndpoint, context: ConnectorContext) throws(FerryError) -> any RecordSource {
        try connector(endpoint.configuration).openSource(context)
    }

    /// Where the ODBC driver manager is: `FERRY_ODBC_LIBRARY` from the process environment, or
    /// unixODBC's `libodbc.so.2`. Opened only when an ODBC endpoint (or `ferry version`) needs it.
    static func odbcLibrary(environment: [String: String] = ProcessInfo.processInfo.environment) -> ODBCLibraryLocation {
        ODBCLibraryLocation(environment: environment)
    }

    /// The process's working directory (`getcwd`), for absolute dataset names.
    static var workingDirectory: String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        return getcwd(&buffer, buffer.count).map { _ in String(cString: buffer) } ?? "/"
    }

    static func rejects(path: String) -> any RejectSink { RejectFileWriter(path: path) }
}

extension RejectFileWriter: RejectSink {}
