/// Human log lines on stderr: `ferry: …`, filtered by level. Never carries row values or secrets,
/// because everything it prints comes from events and errors, which carry neither.
struct Log: Sendable {
    var level: LogLevel
    /// On a terminal a progress bar may be showing: each line first erases it.
    var onTerminal = StandardStream.err.isTerminal
    /// Where the text goes: stderr, or a test's recorder.
    var output: @Sendable (String) -> Void = { StandardStream.err.write($0) }

    func error(_ message: String) { emit(.error, "error: " + message) }
    func warning(_ message: String) { emit(.warning, "warning: " + message) }
    func info(_ message: String) { emit(.info, message) }
    func debug(_ message: String) { emit(.debug, message) }

    func enabled(_ l: LogLevel) -> Bool { l <= level }

    /// Redraws the progress bar line in place (`line` starts with `ProgressBar.clearLine`).
    func bar(_ line: String) { output(line) }

    private func emit(_ l: LogLevel, _ message: String) {
        guard enabled(l) else { return }
        output((onTerminal ? ProgressBar.clearLine : "") + "ferry: " + Self.oneLine(message) + "\n")
    }

    /// `message` on one line: control characters (a file name may hold a line feed or an escape
    /// sequence) are shown as `\n`, `\r`, `\t` or `\u{XX}`, so nothing a name or a driver says
    /// can start a new log line, such as a CI system's `::error::` command, or drive the terminal.
    static func oneLine(_ message: String) -> String {
        guard message.unicodeScalars.contains(where: isControl) else { return message }
        var out = ""
        for scalar in message.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where isControl(scalar): out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}"
    }
}
