import ArgumentParser

/// How much Ferry says on stderr.
enum LogLevel: String, CaseIterable, Comparable, ExpressibleByArgument, Sendable {
    case error, warning, info, debug

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    static func < (a: LogLevel, b: LogLevel) -> Bool { a.rank < b.rank }
}
