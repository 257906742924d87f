/// How a load names the target's columns that come from the input (`transform.names`, CLI
/// `--names`; Docs/schema-evolution.md, "Column names"). Names given in the request (renames,
/// derived and audit columns) are kept as written.
package enum NameStyle: String, Sendable, CaseIterable {
    /// `Order ID` → `order_id`, `orderId` → `order_id`, `2nd line` → `_2nd_line`.
    case snakeCase = "snake_case"
    /// Lowercased (Unicode), nothing else changed: `Order ID` → `order id`.
    case lower
    /// The input's names exactly (the default).
    case asIs = "as_is"

    /// `name` in this style; `position` (1-based) names a column whose name has no letter or
    /// digit at all under `snake_case` (`column_3`).
    package func apply(_ name: String, position: Int) -> String {
        switch self {
        case .asIs: name
        case .lower: name.lowercased()
        case .snakeCase: Self.snakeCased(name) ?? "column_\(position)"
        }
    }

    /// Words are runs of letters (any script) and digits; everything else (blanks, punctuation,
    /// symbols, underscores) separates them, and so does a lowercase letter or digit followed by
    /// an uppercase one (`orderId`) and the last capital of a run of capitals followed by a
    /// lowercase letter (`HTTPServer` → `http_server`). Words are lowercased and joined by one
    /// `_`; leading underscores of the name are kept (`_id`); a name starting with a digit gets
    /// `_` in front. Nil when the name has no letter or digit.
    static func snakeCased(_ name: String) -> String? {
        let characters = Array(name)
        var words: [String] = []
        var word = ""
        for (i, c) in characters.enumerated() {
            guard c.isLetter || c.isNumber else {
                if !word.isEmpty { words.append(word); word = "" }
                continue
            }
            if c.isUppercase, let last = word.last {
                let nextIsLower = i + 1 < characters.count && characters[i + 1].isLowercase
                if last.isLowercase || last.isNumber || (last.isUppercase && nextIsLower) {
                    words.append(word)
                    word = ""
                }
            }
            word.append(c)
        }
        if !word.isEmpty { words.append(word) }
        guard !words.isEmpty else { return nil }
        let leading = String(repeating: "_", count: characters.prefix { $0 == "_" }.count)
        var out = leading + words.map { $0.lowercased() }.joined(separator: "_")
        if leading.isEmpty, out.first?.isNumber == true { out = "_" + out }
        return out
    }
}
