package import FerryCore

/// Reads the part of YAML that OpenLineage client configuration files use: nested block mappings
/// (`key: value`, indentation by spaces), plain, single- and double-quoted scalars, comments
/// and blank lines. Scalars stay strings; lists, anchors, flow collections and multi-line
/// scalars are refused with the line that holds them.
package enum YAMLSubset {
    /// A problem with the line it is on.
    package struct ParseError: Error, CustomStringConvertible, Sendable {
        package var line: Int
        package var reason: String
        package var description: String { "line \(line): \(reason)" }
    }

    /// The document as nested `.object`s of `.string`s (an empty document is an empty object).
    package static func parse(_ text: String) throws(ParseError) -> JSONValue {
        var lines: [(number: Int, indent: Int, text: Substring)] = []
        // "\r\n" is one Character in Swift: split on it as well as on "\n".
        let rawLines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (index, raw) in rawLines.enumerated() {
            var line = raw
            if line.hasSuffix("\r") { line = line.dropLast() }
            let indent = line.prefix { $0 == " " }.count
            let body = line.dropFirst(indent)
            if body.isEmpty || body.hasPrefix("#") || body == "---" { continue }
            if body.hasPrefix("\t") { throw ParseError(line: index + 1, reason: "tabs cannot indent YAML") }
            lines.append((index + 1, indent, body))
        }
        var position = 0
        let value = try mapping(lines, &position, indent: lines.first?.indent ?? 0)
        if position < lines.count {
            throw ParseError(line: lines[position].number, reason: "unexpected indentation")
        }
        return value
    }

    private static func mapping(
        _ lines: [(number: Int, indent: Int, text: Substring)], _ position: inout Int, indent: Int
    ) throws(ParseError) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = []
        while position < lines.count, lines[position].indent == indent {
            let (number, _, text) = lines[position]
            if text.hasPrefix("- ") || text == "-" {
                throw ParseError(line: number, reason: "lists are not supported in this file")
            }
            guard let colon = keyEnd(text) else {
                throw ParseError(line: number, reason: "expected key: value")
            }
            let key = try scalar(text[..<colon], line: number)
            let rest = text[text.index(after: colon)...].drop { $0 == " " }
            position += 1
            if members.contains(where: { $0.key == key }) {
                throw ParseError(line: number, reason: "key \"\(key)\" appears twice")
            }
            if rest.isEmpty || rest.hasPrefix("#") {
                if position < lines.count, lines[position].indent > indent {
                    members.append((key, try mapping(lines, &position, indent: lines[position].indent)))
                } else {
                    members.append((key, .null))
                }
            } else {
                if let first = rest.first, "[{|>&*!".contains(first) {
                    throw ParseError(line: number, reason: "only plain and quoted scalars are supported")
                }
                members.append((key, .string(try scalar(rest, line: number))))
            }
        }
        return .object(members)
    }

    /// The `:` that ends a key: outside quotes, followed by a space or the end of the line.
    private static func keyEnd(_ text: Substring) -> Substring.Index? {
        var quote: Character?
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == ":" {
                let next = text.index(after: i)
                if next == text.endIndex || text[next] == " " { return i }
            }
            i = text.index(after: i)
        }
        return nil
    }

    /// A plain scalar (a trailing ` # comment` removed) or a quoted one.
    private static func scalar(_ raw: Substring, line: Int) throws(ParseError) -> String {
        var text = raw
        while text.last == " " { text = text.dropLast() }
        guard let first = text.first else { return "" }
        if first == "'" || first == "\"" {
            var out = ""
            var i = text.index(after: text.startIndex)
            while i < text.endIndex {
                let c = text[i]
                if c == first {
                    let next = text.index(after: i)
                    if first == "'", next < text.endIndex, text[next] == "'" {
                        out.append("'")
                        i = text.index(after: next)
                        continue
                    }
                    let after = text[next...].drop { $0 == " " }
                    guard after.isEmpty || after.hasPrefix("#") else {
                        throw ParseError(line: line, reason: "text after a quoted value")
                    }
                    return out
                }
                if first == "\"", c == "\\" {
                    let next = text.index(after: i)
                    guard next < text.endIndex else { break }
                    switch text[next] {
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    case "\\": out.append("\\")
                    case "\"": out.append("\"")
                    case "/": out.append("/")
                    default: throw ParseError(line: line, reason: "unsupported escape \\\(text[next])")
                    }
                    i = text.index(after: next)
                    continue
                }
                out.append(c)
                i = text.index(after: i)
            }
            throw ParseError(line: line, reason: "unterminated quoted value")
        }
        if let comment = text.firstRange(of: " #") { text = text[..<comment.lowerBound] }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
