import CLibPQ
import FerryCore

/// Builds the `FerryError` of a failed result from its named fields (`PQresultErrorField`):
/// SQLSTATE, schema, table, column, constraint and data type names, the primary message, and
/// from the context only a COPY's row number and column name. `PG_DIAG_MESSAGE_DETAIL` is never
/// read: it quotes row values (`Key (id)=(5) already exists`). For data exceptions and integrity
/// violations the message is built from the names (see `PostgresDiagnostics.safeMessage`), since
/// the primary message can quote a value too. Codes: see `PostgresDiagnostics.error`.
///
/// A result without a SQLSTATE is libpq's own failure (a lost connection): its message
/// (`PQresultErrorMessage`, else `PQerrorMessage`) is scrubbed of the connection's secrets.
func check(result: OpaquePointer, connection: OpaquePointer, info: PGConnectionInfo, _ context: PostgresContext) -> FerryError {
    func field(_ code: UInt8) -> String? {
        PQresultErrorField(result, Int32(code)).map { String(cString: $0) }
    }
    // The PG_DIAG_* codes of postgres_ext.h, which are character constants.
    let sqlstate = field(UInt8(ascii: "C"))
    guard let sqlstate else {
        let own = PQresultErrorMessage(result).map { String(cString: $0) } ?? ""
        let raw = own.isEmpty ? (PQerrorMessage(connection).map { String(cString: $0) } ?? "") : own
        let lost = PQstatus(connection) != CONNECTION_OK
        return PostgresDiagnostics(sqlstate: nil, primary: info.scrubbed(raw)).error(context, connectionLost: lost)
    }
    var diagnostics = PostgresDiagnostics(
        sqlstate: sqlstate, primary: field(UInt8(ascii: "M")) ?? "error \(sqlstate)",
        schema: field(UInt8(ascii: "s")), table: field(UInt8(ascii: "t")), column: field(UInt8(ascii: "c")),
        constraint: field(UInt8(ascii: "n")), datatype: field(UInt8(ascii: "d")))
    if let text = field(UInt8(ascii: "W")) {
        (diagnostics.copyRow, diagnostics.copyColumn) = PostgresDiagnostics.copyPosition(context: text, columns: context.columns)
    }
    return diagnostics.error(context)
}
