/// Where rejected records go (the reject file), kept apart from the target's transaction.
package protocol RejectSink: AnyObject {
    /// The path users are told about in events.
    var path: String { get }
    func write(_ records: [RejectedRecord]) throws(FerryError)
    func close() throws(FerryError)
    /// Drops what was written without publishing it, so the next attempt of a retried run
    /// starts the reject file over; an older file at `path` is untouched.
    func discard()
}
