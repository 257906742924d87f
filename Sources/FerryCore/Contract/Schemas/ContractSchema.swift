/// The contract's JSON Schemas (draft 2020-12), as `ferry contract` prints them and as they are
/// committed under Docs/contract/v1/ (a test keeps the two equal).
///
/// The canonical text is `request.schema.json` and `event.schema.json` next to this file; SwiftPM
/// compiles them into the binary as byte arrays (`resources: [.embedInCode(...)]` in Package.swift,
/// which generates `PackageResources` without Bundle or Foundation).
package enum ContractSchema {
    /// File name and JSON text of every schema of this contract version.
    package static let files: [(name: String, json: String)] = [
        ("request.schema.json", String(decoding: PackageResources.request_schema_json, as: UTF8.self)),
        ("event.schema.json", String(decoding: PackageResources.event_schema_json, as: UTF8.self)),
    ]
}
