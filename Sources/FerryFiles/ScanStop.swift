/// Why a scanner stopped.
enum ScanStop {
    /// The batch holds the requested number of rows.
    case full
    /// The buffer ends inside a record: compact, read more and scan again.
    case needMore
    /// The input is exhausted.
    case end
}
