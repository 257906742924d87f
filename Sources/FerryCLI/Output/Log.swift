/// Human log lines on stderr: `ferry: …`, filtered by level. Never carries row values or secrets,
/// because everything it prints comes from events and errors, which carry neither.
struct Log: Sendable {
    var level: LogLevel
    /// On a terminal a progress bar may be showing: each line first erases it.
    var onTerminal = StandardStream.err.isTerminal

    func error(_ message: String) { emit(.error, "error: " + message) }
    func warning(_ message: String) { emit(.warning, "warning: " + message) }
    func info(_ message: String) { emit(.info, message) }
    func debug(_ message: String) { emit(.debug, message) }

    func enabled(_ l: LogLevel) -> Bool { l <= level }

    private func emit(_ l: LogLevel, _ message: String) {
        guard enabled(l) else { return }
        StandardStream.err.write((onTerminal ? ProgressBar.clearLine : "") + "ferry: " + message + "\n")
    }
}
