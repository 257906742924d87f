/// The request rules of many-file loads (Docs/many-files.md): a glob source must parse, and the
/// file-set options need a file source (and `if_loaded` a target with a ledger).
enum FileSetRules {
    static func check(_ request: LoadRequest, issues: IssueCollector) {
        let options = JSONPath.root.appending("options")
        guard let file = request.source.as(FileEndpoint.self) else {
            for (name, set) in [("if_loaded", request.options.ifLoaded != nil), ("union_by_name", request.options.unionByName),
                                ("provenance", request.options.provenance)] where set {
                issues.report(options.appending(name), "applies to file sources only")
            }
            return
        }
        if PathGlob.isPattern(file.path) {
            do {
                _ = try PathGlob(file.path)
            } catch {
                issues.report(.root.appending("source").appending("path"), "not a valid pattern: \(error.message)")
            }
        }
        if file.path == "-" && request.options.ifLoaded != nil {
            issues.report(options.appending("if_loaded"), "standard input has no fingerprint before it is read; leave if_loaded out")
        }
        if request.options.ifLoaded == .skip && (request.mode == .replace || request.mode == .truncate) {
            issues.report(options.appending("if_loaded"),
                          "\"skip\" with mode \(request.mode.rawValue) would leave the table with only the files not loaded before; use \"reload\" or mode append")
        }
    }
}
