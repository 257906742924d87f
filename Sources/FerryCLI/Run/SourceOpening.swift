import FerryCore
import FerryFiles

/// Opens a run's source: a file source through `FileSetPlanner` (globs, directories, and the
/// skip decision against the target's ledger; Docs/many-files.md), any other through its connector.
enum SourceOpening {
    static func open(_ request: LoadRequest, source: any EndpointConnector, target: any EndpointConnector,
                     context: ConnectorContext) throws(FerryError) -> any RecordSource {
        guard let file = request.source.as(FileEndpoint.self) else { return try source.openSource(context) }
        return try FileSetPlanner.open(file, options: request.options, mode: request.mode) { () throws(FerryError) in
            try target.loadedFiles(context)
        }
    }
}
