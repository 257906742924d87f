package import FerryCore

/// Opens a file source for reading (path "-" means stdin).
package enum FileSources {
    /// A `DelimitedReader` for CSV and TSV, a `JSONLinesReader` for JSON Lines; the header (or the
    /// first record's field count) is read before this returns.
    package static func open(_ endpoint: FileEndpoint, options: LoadOptions) throws(FerryError) -> any RecordSource {
        switch endpoint.format {
        case .csv, .tsv: try DelimitedReader(endpoint: endpoint, options: options)
        case .jsonl: try JSONLinesReader(endpoint: endpoint, options: options)
        }
    }
}
