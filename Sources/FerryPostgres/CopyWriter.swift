import FerryCore

/// Where a load's rows go: one COPY stream on the sink's connection (`CopyStream`), or several on
/// connections of their own (`ParallelCopy`).
protocol CopyWriter: AnyObject {
    /// The COPY format of the load.
    var format: CopyFormat { get }
    /// Sends (or queues) `batch`; returns its row count.
    func write(_ batch: TypedBatch) throws(FerryError) -> Int
    /// Ends every COPY and returns the rows the server stored.
    func finish() throws(FerryError) -> Int
    /// Abandons the COPY; errors are ignored.
    func abort()
}

extension CopyStream: CopyWriter {}
