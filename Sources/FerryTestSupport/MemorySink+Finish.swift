public import FerryCore

extension MemorySink {
    /// Rows are kept as they are written: `write`'s counts stand.
    public func finish() throws(FerryError) -> Int? { nil }
}
