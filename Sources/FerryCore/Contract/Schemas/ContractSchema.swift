/// The contract's JSON Schemas (draft 2020-12), as `ferry contract` prints them and as they are
/// committed under Docs/contract/v1/ (a test keeps the two equal).
public enum ContractSchema {
    /// File name and JSON text of every schema of this contract version.
    public static let files: [(name: String, json: String)] = [
        ("request.schema.json", request),
        ("event.schema.json", event),
    ]
}
