public import FerryCore

extension SQLiteSink {
    /// SQLite writes every row where it belongs as it goes (upsert and update included, row by
    /// row), so `write`'s counts stand and nothing is staged: nil.
    public func finish() throws(FerryError) -> Int? { nil }
}
