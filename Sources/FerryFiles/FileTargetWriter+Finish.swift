public import FerryCore

extension FileTargetWriter {
    /// A file target stages nothing beyond its temporary file, renamed at `commit`: nil.
    public func finish() throws(FerryError) -> Int? { nil }
}
