/// Python source fragments: literals, docstring text and wrapped prose, always rendered the same way
/// for the same input.
enum PythonText {
    /// Lines of generated Python and documentation stay within this many characters where words allow.
    static let width = 100

    /// A double-quoted Python string literal (also a valid TOML basic string for printable text).
    static func string(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\x" + hex(scalar.value, digits: 2)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A tuple of string literals: `("a", "b")`, `("a",)`, `()`.
    static func tuple(_ items: [String]) -> String {
        switch items.count {
        case 0: return "()"
        case 1: return "(" + string(items[0]) + ",)"
        default: return "(" + items.map(string).joined(separator: ", ") + ")"
        }
    }

    /// `name = (...)` for a tuple of strings, one item per line when it would not fit on one.
    static func assignment(_ name: String, tuple items: [String], indent: String = "") -> String {
        let oneLine = indent + name + " = " + tuple(items)
        if oneLine.count <= width || items.count < 2 { return oneLine + "\n" }
        return indent + name + " = (\n" + items.map { indent + "    " + string($0) + ",\n" }.joined() + indent + ")\n"
    }

    /// Text made safe inside a `"""` docstring: backslashes doubled, triple quotes broken up.
    static func docstring(_ s: String) -> String {
        s.replacing("\\", with: "\\\\").replacing("\"\"\"", with: "\\\"\\\"\\\"")
    }

    /// Greedy word wrap: the first line starts with `first`, the others with `rest`, each within `width`.
    static func wrap(_ text: String, first: String, rest: String, width: Int = PythonText.width) -> String {
        var lines: [String] = []
        var line = first
        var lineHasWord = false
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if lineHasWord && line.count + 1 + word.count > width {
                lines.append(line)
                line = rest + word
            } else {
                line += (lineHasWord ? " " : "") + word
            }
            lineHasWord = true
        }
        lines.append(line)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
