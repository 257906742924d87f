/// Where a delimited reader is in its scan buffer: the next record's offset and physical line.
struct ScanCursor {
    var pos = 0
    /// 1-based line where the record at `pos` starts.
    var line = 1
}
