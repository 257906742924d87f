/// Throughput so far; emitted at most about twice a second.
package struct Progress: EventPayload {
    /// What the run is doing: reading the input to infer types, or loading.
    package enum Phase: String, Sendable { case infer, load }
    package var phase: Phase
    package var rowsRead: Int
    package var rowsWritten: Int
    package var rowsRejected: Int
    package var bytesRead: Int
    /// Size of the input when known (uncompressed files: their size; gzip: the compressed size,
    /// compared with compressed bytes read).
    package var totalBytes: Int?
    package var elapsedSeconds: Double

    package init(phase: Phase, rowsRead: Int, rowsWritten: Int, rowsRejected: Int, bytesRead: Int, totalBytes: Int?, elapsedSeconds: Double) {
        self.phase = phase
        self.rowsRead = rowsRead
        self.rowsWritten = rowsWritten
        self.rowsRejected = rowsRejected
        self.bytesRead = bytesRead
        self.totalBytes = totalBytes
        self.elapsedSeconds = elapsedSeconds
    }

    package var rowsPerSecond: Double { elapsedSeconds > 0 ? Double(rowsRead) / elapsedSeconds : 0 }
    package var bytesPerSecond: Double { elapsedSeconds > 0 ? Double(bytesRead) / elapsedSeconds : 0 }

    package var eventPayload: Event.Payload { .progress(self) }

    package var jsonMembers: [(key: String, value: JSONValue)] {
        [("phase", .string(phase.rawValue)), ("rows_read", .int(rowsRead)), ("rows_written", .int(rowsWritten)), ("rows_rejected", .int(rowsRejected)),
         ("bytes_read", .int(bytesRead)), ("total_bytes", totalBytes.map { .int($0) } ?? .null),
         ("rows_per_second", .int(Int(rowsPerSecond.rounded()))),
         ("bytes_per_second", .int(Int(bytesPerSecond.rounded())))]
    }
}
