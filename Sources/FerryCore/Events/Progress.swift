/// Throughput so far; emitted at most about twice a second.
public struct Progress: EventPayload {
    /// What the run is doing: reading the input to infer types, or loading.
    public enum Phase: String, Sendable { case infer, load }
    public var phase: Phase
    public var rowsRead: Int
    public var rowsWritten: Int
    public var rowsRejected: Int
    public var bytesRead: Int
    /// Size of the input when known (uncompressed files: their size; gzip: the compressed size,
    /// compared with compressed bytes read).
    public var totalBytes: Int?
    public var elapsedSeconds: Double

    public init(phase: Phase, rowsRead: Int, rowsWritten: Int, rowsRejected: Int, bytesRead: Int, totalBytes: Int?, elapsedSeconds: Double) {
        self.phase = phase
        self.rowsRead = rowsRead
        self.rowsWritten = rowsWritten
        self.rowsRejected = rowsRejected
        self.bytesRead = bytesRead
        self.totalBytes = totalBytes
        self.elapsedSeconds = elapsedSeconds
    }

    public var rowsPerSecond: Double { elapsedSeconds > 0 ? Double(rowsRead) / elapsedSeconds : 0 }
    public var bytesPerSecond: Double { elapsedSeconds > 0 ? Double(bytesRead) / elapsedSeconds : 0 }

    public var eventPayload: Event.Payload { .progress(self) }

    public var jsonMembers: [(key: String, value: JSONValue)] {
        [("phase", .string(phase.rawValue)), ("rows_read", .int(rowsRead)), ("rows_written", .int(rowsWritten)), ("rows_rejected", .int(rowsRejected)),
         ("bytes_read", .int(bytesRead)), ("total_bytes", totalBytes.map { .int($0) } ?? .null),
         ("rows_per_second", .int(Int(rowsPerSecond.rounded()))),
         ("bytes_per_second", .int(Int(bytesPerSecond.rounded())))]
    }
}
