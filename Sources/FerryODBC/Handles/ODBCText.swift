import CODBC

/// Text handed to the driver: always a NUL-terminated copy, with its length without the NUL.
/// ODBC lets a caller pass an explicit length instead of a terminator, but not every driver
/// honours it: MariaDB Connector/ODBC 3.1 read the connection string past its given length
/// and connected to a database named with whatever byte followed (`t_…b`), now and then.
enum ODBCText {
    /// Calls `body` with a NUL-terminated UTF-8 copy of `text` and its length in bytes
    /// (the terminator not counted).
    static func withTerminated<R>(_ text: String, _ body: (UnsafeMutablePointer<SQLCHAR>?, Int) -> R) -> R {
        var bytes = Array(text.utf8)
        let length = bytes.count
        bytes.append(0)
        return bytes.withUnsafeMutableBufferPointer { body($0.baseAddress, length) }
    }
}
