/// Reads the part of YAML that OpenLineage client configuration files use: nested block mappings
/// (`key: value`, indentation by spaces), plain, single- and double-quoted scalars, comments
/// and blank lines. Scalars stay strings; lists, anchors, flow collections and multi-line
/// scalars are refused with the line that holds them.
///
/// With `typed` (checks files), it also reads block lists (`- item`, items may be mappings),
/// one-line flow lists of scalars (`[a, "b c", 3]`), and plain scalars as YAML's core schema
/// types them: `true`/`false`, `null`/`~`, numbers; quoted scalars stay strings.
package enum YAMLSubset {
    /// A problem with the line it is on.
    package struct ParseError: Error, CustomStringConvertible, Sendable {
        package var line: Int
        package var reason: String
        package var description: String { "line \(line): \(reason)" }
    }

    /// The document as nested `.object`s of `.string`s (an empty document is an empty object).
    package static func parse(_ text: String, typed: Bool = false) throws(ParseError) -> JSONValue {
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
        let value = typed && lines.first.map({ isItem($0.text) }) == true
            ? try sequence(&lines, &position, indent: lines[0].indent)
            : try mapping(&lines, &position, indent: lines.first?.indent ?? 0, typed: typed)
        if position < lines.count {
            throw ParseError(line: lines[position].number, reason: "unexpected indentation")
        }
        return value
    }

    private typealias Line = (number: Int, indent: Int, text: Substring)

    private static func isItem(_ text: Substring) -> Bool { text.hasPrefix("- ") || text == "-" }

    /// A block list at `indent`; an item holding `key: value` starts a mapping indented past `- `.
    private static func sequence(_ lines: inout [Line], _ position: inout Int, indent: Int) throws(ParseError) -> JSONValue {
        var items: [JSONValue] = []
        while position < lines.count, lines[position].indent == indent, isItem(lines[position].text) {
            let (number, _, text) = lines[position]
            let body = text.dropFirst(1).drop { $0 == " " }
            let bodyIndent = indent + (text.count - body.count)
            if body.isEmpty {
                position += 1
                if position < lines.count, lines[position].indent > indent {
                    items.append(isItem(lines[position].text)
                        ? try sequence(&lines, &position, indent: lines[position].indent)
                        : try mapping(&lines, &position, indent: lines[position].indent, typed: true))
                } else {
                    items.append(.null)
                }
            } else if body.first != "\"" && body.first != "'" && body.first != "[" && keyEnd(body) != nil {
                lines[position] = (number, bodyIndent, body)
                items.append(try mapping(&lines, &position, indent: bodyIndent, typed: true))
            } else {
                position += 1
                items.append(try value(body, line: number))
            }
        }
        return .array(items)
    }

    /// A scalar or a one-line flow list, typed.
    private static func value(_ text: Substring, line: Int) throws(ParseError) -> JSONValue {
        guard text.first == "[" else { return try typedScalar(text, line: line) }
        var body = text.dropFirst()
        if let comment = body.lastIndex(of: "#"), body[..<comment].contains("]") { body = body[..<comment] }
        while body.last == " " { body = body.dropLast() }
        guard body.last == "]" else { throw ParseError(line: line, reason: "a flow list must end with ] on its line") }
        body = body.dropLast()
        var items: [JSONValue] = []
        var quote: Character?
        var start = body.startIndex
        var i = body.startIndex
        while i <= body.endIndex {
            if i == body.endIndex || (quote == nil && body[i] == ",") {
                let item = body[start..<i].drop { $0 == " " }
                if item.isEmpty {
                    if i != body.endIndex || !items.isEmpty { throw ParseError(line: line, reason: "empty item in a flow list") }
                } else {
                    if let f = item.first, "[{".contains(f) { throw ParseError(line: line, reason: "nested flow collections are not supported") }
                    items.append(try typedScalar(item, line: line))
                }
                if i == body.endIndex { break }
                start = body.index(after: i)
            } else if let q = quote {
                if body[i] == q { quote = nil }
            } else if body[i] == "\"" || body[i] == "'" {
                quote = body[i]
            }
            i = body.index(after: i)
        }
        return .array(items)
    }

    /// A quoted scalar as a string; a plain one as a boolean, null, number or string.
    private static func typedScalar(_ raw: Substring, line: Int) throws(ParseError) -> JSONValue {
        let text = try scalar(raw, line: line)
        if raw.first == "\"" || raw.first == "'" { return .string(text) }
        switch text {
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case "null", "Null", "NULL", "~", "": return .null
        default: return isNumber(text) ? .number(text) : .string(text)
        }
    }

    /// `-?digits(.digits)?([eE][+-]?digits)?`, as JSON writes numbers.
    private static func isNumber(_ text: String) -> Bool {
        var b = Array(text.utf8)[...]
        func digits() -> Bool {
            let n = b.prefix { $0 >= 0x30 && $0 <= 0x39 }.count
            b = b.dropFirst(n)
            return n > 0
        }
        if b.first == 0x2D { b = b.dropFirst() }
        guard digits() else { return false }
        if b.first == 0x2E {
            b = b.dropFirst()
            guard digits() else { return false }
        }
        if b.first == 0x65 || b.first == 0x45 {
            b = b.dropFirst()
            if b.first == 0x2B || b.first == 0x2D { b = b.dropFirst() }
            guard digits() else { return false }
        }
        return b.isEmpty
    }

    private static func mapping(
        _ lines: inout [Line], _ position: inout Int, indent: Int, typed: Bool
    ) throws(ParseError) -> JSONValue {
        var members: [(key: String, value: JSONValue)] = []
        while position < lines.count, lines[position].indent == indent {
            let (number, _, text) = lines[position]
            if isItem(text) {
                throw ParseError(line: number, reason: typed ? "a list item where a key was expected" : "lists are not supported in this file")
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
                if typed, position < lines.count, lines[position].indent >= indent, isItem(lines[position].text) {
                    members.append((key, try sequence(&lines, &position, indent: lines[position].indent)))
                } else if position < lines.count, lines[position].indent > indent {
                    members.append((key, try mapping(&lines, &position, indent: lines[position].indent, typed: typed)))
                } else {
                    members.append((key, .null))
                }
            } else {
                if let first = rest.first, (typed ? "{|>&*!" : "[{|>&*!").contains(first) {
                    throw ParseError(line: number, reason: "only plain and quoted scalars\(typed ? " and one-line [lists]" : "") are supported")
                }
                members.append((key, typed ? try value(rest, line: number) : .string(try scalar(rest, line: number))))
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
