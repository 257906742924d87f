import FerryCore

/// Turns typed batches into COPY data of one format, appending to a `CopyBuffer`.
protocol CopyEncoder: AnyObject {
    var format: CopyFormat { get }
    /// What the stream starts with (the binary signature; nothing for text).
    func appendHeader(to buffer: CopyBuffer)
    /// What the stream ends with (the binary trailer; nothing for text).
    func appendTrailer(to buffer: CopyBuffer)
    /// Encodes rows of `batch` from row `first` until the batch ends or the buffer holds at
    /// least `limit` bytes; returns the next row to encode (`batch.rowCount` when done).
    func encode(_ batch: TypedBatch, from first: Int, into buffer: CopyBuffer, until limit: Int) throws(FerryError) -> Int
}
