import FerryCore
@testable import FerryFiles
import Foundation
import Testing

/// Everything a reader produced, flattened for comparison.
struct ReadResult: Equatable {
    var columns: [String] = []
    /// Field texts (nil = NULL) of every accepted row.
    var rows: [[String?]] = []
    /// The line each accepted row starts on.
    var lines: [Int] = []
    /// Each accepted row's original record text.
    var records: [String] = []
    var rejects: [RejectedRecord] = []
    /// Rows per chunk, to check batch limits.
    var chunkSizes: [Int] = []

    static func == (a: ReadResult, b: ReadResult) -> Bool {
        a.columns == b.columns && a.rows == b.rows && a.lines == b.lines && a.records == b.records && a.rejects == b.rejects
    }
}

/// Reads a source to its end.
func readAll(_ source: any RecordSource) throws -> ReadResult {
    var result = ReadResult()
    while let chunk = try source.next() {
        let batch = chunk.rows
        for row in 0..<batch.rowCount {
            result.rows.append((0..<batch.fieldCount(row: row)).map { batch.text(row: row, column: $0) })
            result.lines.append(batch.rowLine[row])
            result.records.append(String(decoding: batch.record(row: row), as: UTF8.self))
        }
        result.rejects += chunk.rejected
        result.chunkSizes.append(batch.rowCount + chunk.rejected.count)
    }
    result.columns = source.columns.map(\.name)
    return result
}

/// A fresh temporary directory that a test writes its files into, removed with the test.
final class Scratch {
    let dir: Directory

    /// A directory under the system's temporary directory.
    struct Directory {
        let path: String

        /// `path/name`.
        func file(_ name: String) -> String { path + "/" + name }

        /// Writes `bytes` to `path/name` and returns the full path.
        @discardableResult
        func write(_ name: String, bytes: [UInt8]) -> String {
            let full = file(name)
            #expect(FileManager.default.createFile(atPath: full, contents: Data(bytes)))
            return full
        }

        /// The bytes of `path/name`, or nil when it does not exist.
        func read(_ name: String) -> [UInt8]? {
            FileManager.default.contents(atPath: file(name)).map { Array($0) }
        }
    }

    init() {
        let path = NSTemporaryDirectory() + "ferry-files-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        dir = Directory(path: path)
    }

    deinit { try? FileManager.default.removeItem(atPath: dir.path) }

    /// Writes `text` to `name` and returns its path.
    @discardableResult
    func file(_ name: String, _ text: String) -> String { dir.write(name, bytes: Array(text.utf8)) }

    @discardableResult
    func file(_ name: String, bytes: [UInt8]) -> String { dir.write(name, bytes: bytes) }

    /// An endpoint for a new file `name` holding `bytes`.
    func endpoint(_ name: String, bytes: [UInt8], format: FileFormat, compression: Compression = .auto) -> FileEndpoint {
        FileEndpoint(path: file(name, bytes: bytes), format: format, compression: compression)
    }

    /// Reads `text` as a file of `format` with `options`, in chunks of `chunkSize` bytes.
    func read(_ text: String, format: FileFormat = .csv, options: LoadOptions = LoadOptions(), chunkSize: Int = 1 << 20) throws -> ReadResult {
        try read(bytes: Array(text.utf8), format: format, options: options, chunkSize: chunkSize)
    }

    func read(bytes: [UInt8], format: FileFormat = .csv, options: LoadOptions = LoadOptions(), chunkSize: Int = 1 << 20,
              compression: Compression = .auto) throws -> ReadResult {
        let endpoint = endpoint("input-\(UUID().uuidString).\(format.rawValue)", bytes: bytes, format: format, compression: compression)
        return try readAll(open(endpoint, options: options, chunkSize: chunkSize))
    }

    func open(_ endpoint: FileEndpoint, options: LoadOptions = LoadOptions(), chunkSize: Int = 1 << 20) throws -> any RecordSource {
        switch endpoint.format {
        case .csv, .tsv: try DelimitedReader(endpoint: endpoint, options: options, chunkSize: chunkSize)
        case .jsonl: try JSONLinesReader(endpoint: endpoint, options: options, chunkSize: chunkSize)
        }
    }
}

/// Compresses `bytes` with the system's `gzip`.
func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["gzip", "-c", "-n"]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    let writer = Thread {
        input.fileHandleForWriting.write(Data(bytes))
        try? input.fileHandleForWriting.close()
    }
    writer.start()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    return Array(data)
}

/// Catches a `FerryError` thrown by `body`.
func ferryError<T>(_ body: () throws -> T) -> FerryError? {
    do {
        _ = try body()
        return nil
    } catch let error as FerryError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}
