/// A file-name pattern over `/`-separated paths (Docs/many-files.md): `*` any run of characters
/// within one name, `?` one character, `[abc]`, `[a-z]`, `[!a]` (or `[^a]`) one character of a
/// set, `**` as a whole segment any number of directories (zero or more), and `\` escaping the next
/// character. Wildcards never match a name's leading `.` (hidden files, `.` and `..`) unless the
/// pattern segment starts with a literal `.`.
///
/// Pure: it matches path strings and touches no file system, so every lister shares it — the
/// local one (`LocalFileLister` in FerryFiles) today, an object-store lister (an S3 prefix listing
/// `root` + `/`, filtered with `matches(relative:)` and bounded by `maxDepth`) later.
///
/// The pattern's leading literal segments are its `root`, the directory listing starts in; a
/// `..` is allowed there only (where the user wrote it). After the first wildcard segment a `..`
/// is an error, and listers never produce `.` or `..` names, so a glob cannot climb above its root.
package struct PathGlob: Sendable, Equatable {
    /// One character test of a segment pattern.
    enum Token: Sendable, Equatable {
        case literal(Unicode.Scalar)
        /// `?`
        case one
        /// `*`
        case any
        /// `[…]`: inclusive ranges, negated with `!` or `^`.
        case set([ClosedRange<Unicode.Scalar>], negated: Bool)
    }

    /// A path segment after the root.
    enum Segment: Sendable, Equatable {
        case name([Token])
        /// `**`
        case anyDepth
    }

    /// The pattern as written.
    package let pattern: String
    /// The directory the listing starts in: the leading segments without wildcards (`""` for the
    /// working directory, `/` for the file system root).
    package let root: String
    let segments: [Segment]

    /// Parses `pattern`; a message saying what is wrong when it is not a valid pattern.
    package init(_ pattern: String) throws(PathGlobError) {
        self.pattern = pattern
        let absolute = pattern.hasPrefix("/")
        let parts = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var rootParts: [String] = []
        var rest: [Segment] = []
        for part in parts {
            if rest.isEmpty, !Self.hasWildcard(part) {
                rootParts.append(Self.unescaped(part))
                continue
            }
            if part == "**" {
                if rest.last != .anyDepth { rest.append(.anyDepth) }
                continue
            }
            if part == ".." || part == "." {
                throw PathGlobError("\"\(part)\" after a wildcard in \"\(pattern)\"; put it before the first wildcard")
            }
            if Self.contains(part, "**") {
                throw PathGlobError("\"**\" must be a whole path segment (as in \"data/**/x.csv\"), not part of \"\(part)\"")
            }
            rest.append(.name(try Self.tokens(part, in: pattern)))
        }
        guard !rest.isEmpty else {
            throw PathGlobError("\"\(pattern)\" has no wildcard")
        }
        if rest.last == .anyDepth { rest.append(.name([.any])) }
        let joined = rootParts.joined(separator: "/")
        root = absolute ? "/" + joined : joined
        segments = rest
    }

    /// Whether `text` has an unescaped `*`, `?` or `[`: a glob rather than one file's path.
    package static func isPattern(_ text: String) -> Bool {
        text.split(separator: "/").contains { hasWildcard(String($0)) }
    }

    /// The deepest a match can lie below `root` (1: directly in it), nil for any depth (`**`).
    package var maxDepth: Int? {
        segments.contains(.anyDepth) ? nil : segments.count
    }

    /// Whether `relative`, a path below `root` (`2026/01.csv`, no leading `/`), matches.
    package func matches(relative: String) -> Bool {
        let names = relative.split(separator: "/", omittingEmptySubsequences: true).map { Array($0.unicodeScalars) }
        return Self.match(segments[...], names[...])
    }

    /// Whether a directory at `relative` below `root` can hold a match, so a lister need not
    /// enter the others.
    package func mayDescend(into relative: String) -> Bool {
        let names = relative.split(separator: "/", omittingEmptySubsequences: true).map { Array($0.unicodeScalars) }
        return Self.prefixMatch(segments[...], names[...])
    }

    /// `root` joined with `relative`, as a lister reports a match (`data` + `a.csv` → `data/a.csv`).
    package func path(_ relative: String) -> String {
        root.isEmpty ? relative : root == "/" ? "/" + relative : root + "/" + relative
    }

    // MARK: - Matching

    private static func match(_ segments: ArraySlice<Segment>, _ names: ArraySlice<[Unicode.Scalar]>) -> Bool {
        guard let segment = segments.first else { return names.isEmpty }
        switch segment {
        case .anyDepth:
            // Zero or more directories; never through a hidden one.
            var rest = names
            while true {
                if match(segments.dropFirst(), rest) { return true }
                guard let name = rest.first, rest.count > 1, name.first != "." else { return false }
                rest = rest.dropFirst()
            }
        case let .name(tokens):
            guard let name = names.first, matchName(tokens[...], name[...], atStart: true) else { return false }
            return match(segments.dropFirst(), names.dropFirst())
        }
    }

    /// Whether the directories `names` are a possible beginning of a match.
    private static func prefixMatch(_ segments: ArraySlice<Segment>, _ names: ArraySlice<[Unicode.Scalar]>) -> Bool {
        guard let name = names.first else { return !segments.isEmpty }
        guard let segment = segments.first else { return false }
        switch segment {
        case .anyDepth:
            return name.first != "." || prefixMatch(segments.dropFirst(), names)
        case let .name(tokens):
            return matchName(tokens[...], name[...], atStart: true) && prefixMatch(segments.dropFirst(), names.dropFirst())
        }
    }

    /// One name against one segment's tokens; `*` backtracks.
    private static func matchName(_ tokens: ArraySlice<Token>, _ name: ArraySlice<Unicode.Scalar>, atStart: Bool) -> Bool {
        guard let token = tokens.first else { return name.isEmpty }
        let hiddenGuard = atStart && name.first == "."
        switch token {
        case let .literal(scalar):
            return name.first == scalar && matchName(tokens.dropFirst(), name.dropFirst(), atStart: false)
        case .one:
            return !name.isEmpty && !hiddenGuard && matchName(tokens.dropFirst(), name.dropFirst(), atStart: false)
        case let .set(ranges, negated):
            guard let scalar = name.first, !hiddenGuard else { return false }
            let inSet = ranges.contains { $0.contains(scalar) }
            return inSet != negated && matchName(tokens.dropFirst(), name.dropFirst(), atStart: false)
        case .any:
            if hiddenGuard { return false }
            var rest = name
            while true {
                if matchName(tokens.dropFirst(), rest, atStart: false) { return true }
                guard !rest.isEmpty else { return false }
                rest = rest.dropFirst()
            }
        }
    }

    // MARK: - Parsing

    private static func hasWildcard(_ part: String) -> Bool {
        var escaped = false
        for scalar in part.unicodeScalars {
            if escaped { escaped = false; continue }
            if scalar == "\\" { escaped = true; continue }
            if scalar == "*" || scalar == "?" || scalar == "[" { return true }
        }
        return false
    }

    /// Whether `text` holds `token`, by bytes.
    package static func contains(_ text: String, _ token: String) -> Bool {
        let t = Array(token.utf8), s = Array(text.utf8)
        guard s.count >= t.count else { return false }
        return (0...(s.count - t.count)).contains { Array(s[$0..<$0 + t.count]) == t }
    }

    private static func unescaped(_ part: String) -> String {
        var out = String.UnicodeScalarView()
        var escaped = false
        for scalar in part.unicodeScalars {
            if !escaped && scalar == "\\" { escaped = true; continue }
            escaped = false
            out.append(scalar)
        }
        return String(out)
    }

    private static func tokens(_ part: String, in pattern: String) throws(PathGlobError) -> [Token] {
        let scalars = Array(part.unicodeScalars)
        var out: [Token] = []
        var i = 0
        while i < scalars.count {
            let scalar = scalars[i]
            switch scalar {
            case "\\":
                guard i + 1 < scalars.count else { throw PathGlobError("\"\(pattern)\" ends with a lone \"\\\"") }
                out.append(.literal(scalars[i + 1]))
                i += 2
            case "*":
                if out.last != .any { out.append(.any) }
                i += 1
            case "?":
                out.append(.one)
                i += 1
            case "[":
                let (token, next) = try set(scalars, from: i + 1, in: pattern)
                out.append(token)
                i = next
            default:
                out.append(.literal(scalar))
                i += 1
            }
        }
        return out
    }

    /// A `[…]` set whose body starts at `start`; the token and the index after its `]`.
    private static func set(_ s: [Unicode.Scalar], from start: Int, in pattern: String) throws(PathGlobError) -> (Token, Int) {
        var i = start
        var negated = false
        if i < s.count, s[i] == "!" || s[i] == "^" {
            negated = true
            i += 1
        }
        var ranges: [ClosedRange<Unicode.Scalar>] = []
        var first = true
        while i < s.count, s[i] != "]" || first {
            first = false
            var low = s[i]
            if low == "\\", i + 1 < s.count { i += 1; low = s[i] }
            if i + 2 < s.count, s[i + 1] == "-", s[i + 2] != "]" {
                let high = s[i + 2]
                guard low <= high else { throw PathGlobError("the range \"\(low)-\(high)\" in \"\(pattern)\" runs backwards") }
                ranges.append(low...high)
                i += 3
            } else {
                ranges.append(low...low)
                i += 1
            }
        }
        guard i < s.count else { throw PathGlobError("\"[\" without \"]\" in \"\(pattern)\"") }
        return (.set(ranges, negated: negated), i + 1)
    }
}

/// Why a text is not a valid `PathGlob`.
package struct PathGlobError: Error, Sendable, Equatable {
    package var message: String

    package init(_ message: String) {
        self.message = message
    }
}
