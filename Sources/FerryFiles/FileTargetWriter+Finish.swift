package import FerryCore

extension FileTargetWriter {
    /// A file target stages nothing beyond its temporary file, renamed at `commit`: nil.
    package func finish() throws(FerryError) -> Int? { nil }
}
