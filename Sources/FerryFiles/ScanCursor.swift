/// Where a delimited reader is in its scan buffer: the next record's offset and physical line.
struct ScanCursor {
    var pos = 0
    /// 1-based line where the record at `pos` starts.
    var line = 1
}

extension UInt8 {
    /// Line feed and carriage return, the bytes every record scanner ends records at.
    static var lf: UInt8 { 0x0A }
    static var cr: UInt8 { 0x0D }
}
