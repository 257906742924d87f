/// How a target's directory differs from the generator's output.
package enum ShimDrift: Sendable, Equatable, CustomStringConvertible {
    /// The file exists with other contents.
    case differs(String)
    /// The generator writes the file; the directory lacks it.
    case missing(String)
    /// The file carries the GENERATED banner but the generator no longer writes it.
    case orphaned(String)

    /// The path relative to the target's directory.
    package var path: String {
        switch self {
        case let .differs(p), let .missing(p), let .orphaned(p): p
        }
    }

    /// The path and how it differs, for the command's log line.
    package var description: String {
        switch self {
        case let .differs(p): "\(p) differs"
        case let .missing(p): "\(p) is missing"
        case let .orphaned(p): "\(p) is no longer generated"
        }
    }
}
