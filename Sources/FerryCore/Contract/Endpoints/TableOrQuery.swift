/// The rule every database source shares: it reads a table or a query, exactly one of them.
enum TableOrQuery {
    static func check(table: String?, query: String?, of what: String, at path: JSONPath, issues: IssueCollector) {
        switch (table, query) {
        case (nil, nil): issues.report(path.appending("table"), "\(what) needs a table or a query")
        case (.some, .some): issues.report(path.appending("query"), "give a table or a query, not both")
        default: break
        }
    }
}
