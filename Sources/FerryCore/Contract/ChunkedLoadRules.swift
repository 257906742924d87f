/// The request rules of chunked loads (`options.commit_every`, `options.resume`;
/// Docs/many-files.md, "Chunked, resumable loads").
enum ChunkedLoadRules {
    static func check(_ request: LoadRequest, issues: IssueCollector) {
        let options = JSONPath.root.appending("options")
        guard request.options.commitEvery != nil else {
            if !request.options.resume {
                issues.report(options.appending("resume"), "applies to chunked loads only; set commit_every")
            }
            return
        }
        let path = options.appending("commit_every")
        if request.source.configuration.localFile == "-" {
            issues.report(path, "a resumed load reads the source again up to its checkpoint, and stdin cannot be read twice; load from a file")
        }
        if request.mode == .update {
            issues.report(path, "mode update is not chunked: its count of matched rows needs every row in one transaction; use upsert, or leave commit_every out")
        }
        if request.transform?.dedupe != nil {
            issues.report(path, "de-duplication past its memory cap holds rows back until the input ends, so a checkpoint could pass rows not yet staged and a resume would lose them; leave commit_every out, or de-duplicate in SQL after the load")
        }
        if !type(of: request.target.configuration).hasTables {
            issues.report(path, "chunked loads stage rows in a table of the target; a file target has none")
        }
    }
}
