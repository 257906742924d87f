#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How the harness reports: a finding aborts the process, which libFuzzer records as a crash with
/// the input that caused it (`crash-<sha1>` in its artifact directory).
enum FuzzFinding {
    /// Reports a broken guarantee and aborts.
    static func fail(_ message: String) -> Never {
        say("ferry-fuzz FINDING (\(FuzzTarget.selected.rawValue)): \(message)")
        abort()
    }

    /// Reports a usage error (no target named) and exits without a crash report.
    static func usage(_ message: String) -> Never {
        say("ferry-fuzz: \(message)")
        exit(2)
    }

    private static func say(_ message: String) {
        let line = Array((message + "\n").utf8)
        line.withUnsafeBytes { _ = write(2, $0.baseAddress, $0.count) }
    }
}
