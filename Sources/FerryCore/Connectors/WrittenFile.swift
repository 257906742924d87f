/// One file a load wrote, as its result and its lineage name it.
package struct WrittenFile: Sendable, Equatable {
    /// The path as published (relative when the target's path is).
    package var path: String
    /// Rows and bytes in the file.
    package var rows: Int, bytes: Int

    package init(path: String, rows: Int, bytes: Int) {
        (self.path, self.rows, self.bytes) = (path, rows, bytes)
    }
}

/// A target that knows which files it published (Parquet: one file, or a directory of
/// partitioned and rolled files), for the result's `output` and one lineage dataset per file.
package protocol ReportsWrittenFiles: BatchSink {
    /// The files published by `commit`, in the order they were finished; empty before it.
    var writtenFiles: [WrittenFile] { get }
}
