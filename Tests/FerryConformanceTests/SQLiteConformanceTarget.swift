import FerryCore
import FerrySQLite
import FerryTestSupport
import Foundation

/// SQLite under the conformance suite: one database file per sandbox; rows are read back with
/// the real `sqlite3` shell, independently of Ferry's SQLite code.
struct SQLiteConformanceTarget: ConformanceTarget {
    var description: String { "SQLite" }

    func makeSandbox() throws -> any ConformanceSandbox { Sandbox() }

    final class Sandbox: ConformanceSandbox {
        let dir = TemporaryDirectory(prefix: "ferry-conformance")
        var database: String { dir.file("target.db") }

        func endpoint(table: String) -> TargetEndpoint { .sqlite(SQLiteEndpoint(path: database, table: table)) }

        func sink(table: String, runID: RunID) throws(FerryError) -> any BatchSink {
            try SQLiteSink(endpoint: SQLiteEndpoint(path: database, table: table), runID: runID)
        }

        func rows(table: String) throws -> [[String?]]? {
            guard FileManager.default.fileExists(atPath: database) else { return nil }
            let exists = try shell(["-batch", database, "select count(*) from sqlite_master where type = 'table' and name = '\(table)'"])
            guard exists == "1\n" else { return nil }
            // One json_array() per row keeps NULL apart from '' and escapes newlines; SQLite renders
            // REAL values in it with 15 significant digits, as its own shell does.
            let names = try shell(["-batch", database, "select name from pragma_table_info('\(table)')"])
                .split(separator: "\n").map { "\"\($0)\"" }
            let lines = try shell(["-batch", database, "select json_array(\(names.joined(separator: ", "))) from \"\(table)\" order by 1"])
            return try lines.split(separator: "\n").map { line in
                guard case let .array(values) = try JSONParser.parse(String(line)) else { return [] }
                return values.map { value -> String? in
                    switch value {
                    case .null: return nil
                    case let .string(s): return s
                    case let .number(n): return n
                    case let .bool(b): return b ? "1" : "0"
                    default: return value.serialized()
                    }
                }
            }
        }

        func execute(_ sql: String) throws {
            _ = try shell(["-batch", "-bail", database, sql])
        }

        func remove() { dir.remove() }

        private func shell(_ arguments: [String]) throws -> String {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            p.arguments = arguments
            let out = Pipe()
            let err = Pipe()
            p.standardOutput = out
            p.standardError = err
            try p.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            let errors = err.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            if p.terminationStatus != 0 {
                throw ShellError(message: String(decoding: errors, as: UTF8.self))
            }
            return String(decoding: data, as: UTF8.self)
        }
    }

    struct ShellError: Error { var message: String }
}
