import CODBC
import FerryCore

extension ODBCStatement {
    /// Columns of the current result (`SQLNumResultCols`).
    func resultColumnCount(_ context: @autoclosure () -> ODBCContext) throws(FerryError) -> Int {
        var count: SQLSMALLINT = 0
        try check(library.SQLNumResultCols(handle, &count), context())
        return Int(count)
    }

    /// Describes result column `number` (1-based): `SQLDescribeCol`, and the type name from
    /// `SQLColAttribute(SQL_DESC_TYPE_NAME)`.
    func describeColumn(_ number: Int, _ context: @autoclosure () -> ODBCContext) throws(FerryError) -> ODBCResultColumn {
        var name = [SQLCHAR](repeating: 0, count: 512)
        var nameLength: SQLSMALLINT = 0
        var type: SQLSMALLINT = 0
        var size: SQLULEN = 0
        var digits: SQLSMALLINT = 0
        var nullable: SQLSMALLINT = 0
        var rc = library.SQLDescribeCol(handle, SQLUSMALLINT(number), &name, SQLSMALLINT(name.count), &nameLength, &type, &size, &digits, &nullable)
        if rc == SQL_SUCCESS_WITH_INFO, Int(nameLength) >= name.count {
            name = [SQLCHAR](repeating: 0, count: Int(nameLength) + 1)
            rc = library.SQLDescribeCol(handle, SQLUSMALLINT(number), &name, SQLSMALLINT(name.count), &nameLength, &type, &size, &digits, &nullable)
        }
        try check(rc, context())
        var typeName = [SQLCHAR](repeating: 0, count: 256)
        var typeNameLength: SQLSMALLINT = 0
        let named = library.SQLColAttribute(handle, SQLUSMALLINT(number), SQLUSMALLINT(SQL_DESC_TYPE_NAME), &typeName, SQLSMALLINT(typeName.count), &typeNameLength, nil)
        let typeText = ODBCCheck.succeeded(named)
            ? String(decoding: typeName.prefix(min(max(Int(typeNameLength), 0), typeName.count - 1)), as: UTF8.self) : ""
        return ODBCResultColumn(
            name: String(decoding: name.prefix(min(max(Int(nameLength), 0), name.count - 1)), as: UTF8.self),
            sqlType: Int16(type), typeName: typeText, size: Int(clamping: size), digits: Int(digits),
            nullable: nullable == SQL_NO_NULLS ? false : nullable == SQL_NULLABLE ? true : nil)
    }

    /// Binds result column `number` (1-based) to an array of `elementLength`-byte cells and
    /// their length indicators (`SQLBindCol`); both must stay valid while the cursor is fetched.
    func bindColumn(
        _ number: Int, _ cType: ODBCCType, buffer: UnsafeMutableRawPointer, elementLength: Int,
        indicators: UnsafeMutablePointer<Int>, _ context: @autoclosure () -> ODBCContext
    ) throws(FerryError) {
        try check(library.SQLBindCol(handle, SQLUSMALLINT(number), cType.code, buffer, SQLLEN(elementLength), indicators), context())
    }

    /// Fetches the next rowset (`SQLFetch`), cancellable from another thread; false at the end.
    /// A value cut short in a bound cell (01004) is not an error: its indicator says so.
    func fetch(_ context: @autoclosure () -> ODBCContext) throws(FerryError) -> Bool {
        if connection.isInterrupted { throw ODBCConnection.cancelled(context()) }
        let handle = handle
        let rc = connection.canceller.running(handle) { library.SQLFetch(handle) }
        return try check(rc, context())
    }

    /// Positions the cursor on row `row` (0-based) of the current rowset (`SQLSetPos` with
    /// `SQL_POSITION`), for `SQLGetData`.
    func position(row: Int, _ context: @autoclosure () -> ODBCContext) throws(FerryError) {
        try check(library.SQLSetPos(handle, SQLSETPOSIROW(row + 1), SQLUSMALLINT(SQL_POSITION), SQLUSMALLINT(SQL_LOCK_NO_CHANGE)), context())
    }

    /// Appends the whole value of column `number` (1-based) of the current row to `out`, read
    /// in pieces with `SQLGetData` as `SQL_C_CHAR` (or `SQL_C_BINARY`); false for NULL.
    func appendData(_ number: Int, binary: Bool = false, to out: inout [UInt8], _ context: @autoclosure () -> ODBCContext) throws(FerryError) -> Bool {
        let piece = 32_768
        var indicator: SQLLEN = 0
        let start = out.count
        let cType = binary ? ODBCCType.binary.code : ODBCCType.char.code
        // A SQL_C_CHAR piece ends with a NUL the driver adds, which is not data.
        let terminator = binary ? 0 : 1
        while true {
            out.reserveCapacity(out.count + piece)
            let before = out.count
            out.append(contentsOf: repeatElement(0, count: piece))
            let rc = out.withUnsafeMutableBufferPointer { buffer in
                library.SQLGetData(handle, SQLUSMALLINT(number), cType, buffer.baseAddress.map { $0 + before }, SQLLEN(piece), &indicator)
            }
            if rc == SQL_NO_DATA {
                // No more pieces: the value ended exactly at the previous piece's end.
                out.removeSubrange(before...)
                return true
            }
            guard ODBCCheck.succeeded(rc) else {
                out.removeSubrange(start...)
                throw failure(context())
            }
            if indicator == ODBCIndicator.null {
                out.removeSubrange(start...)
                return false
            }
            let whole = indicator != ODBCIndicator.noTotal && indicator <= piece - terminator
            let kept = whole ? max(0, indicator) : piece - terminator
            out.removeSubrange((before + kept)...)
            if whole { return true }
        }
    }

    /// Every row of the current result as text (nil for NULL), for short catalog answers.
    func textRows(_ context: @autoclosure () -> ODBCContext) throws(FerryError) -> [[String?]] {
        let columns = try resultColumnCount(context())
        var rows: [[String?]] = []
        var bytes: [UInt8] = []
        while try fetch(context()) {
            var row: [String?] = []
            for column in stride(from: 1, through: columns, by: 1) {
                bytes.removeAll(keepingCapacity: true)
                row.append(try appendData(column, to: &bytes, context()) ? String(decoding: bytes, as: UTF8.self) : nil)
            }
            rows.append(row)
        }
        closeCursor()
        return rows
    }
}

extension ODBCStatement {
    /// Reads a fixed-size value (integer, double, date or timestamp struct) of column `number`
    /// of the current row into `buffer` (`SQLGetData`); returns its indicator (`SQL_NULL_DATA`
    /// for NULL).
    func getFixed(_ number: Int, _ cType: ODBCCType, into buffer: UnsafeMutableRawPointer, capacity: Int, _ context: @autoclosure () -> ODBCContext) throws(FerryError) -> Int {
        var indicator: SQLLEN = 0
        try check(library.SQLGetData(handle, SQLUSMALLINT(number), cType.code, buffer, SQLLEN(capacity), &indicator), context())
        return indicator
    }
}
