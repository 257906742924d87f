import Foundation

/// The targets users may load into, by name, from `DIR/targets.json`:
/// `{"targets": {"warehouse": {"kind": "sqlite", "path": "warehouse.db"}}}`. A relative SQLite path
/// is taken from the data directory. The API lists names and kinds only, never paths or
/// connection strings, which are also handed to the log as secrets.
package struct TargetCatalog: Sendable {
    package var targets: [String: JSONValue]

    package init(targets: [String: JSONValue]) { self.targets = targets }

    /// Reads the file; no file means no targets.
    package static func load(layout: DataLayout) throws(ServeError) -> TargetCatalog {
        guard let data = FileManager.default.contents(atPath: layout.targetsPath) else { return TargetCatalog(targets: [:]) }
        guard let document = JSONValue.parse(data), let entries = document["targets"]?.object else {
            throw ServeError(500, "config", "\(layout.targetsPath): expected {\"targets\": {NAME: TARGET}}")
        }
        var targets: [String: JSONValue] = [:]
        for (name, target) in entries {
            guard var object = target.object, object["kind"]?.string != nil else {
                throw ServeError(500, "config", "\(layout.targetsPath): $.targets.\(name).kind is required")
            }
            if let path = object["path"]?.string, !path.hasPrefix("/") { object["path"] = .string(layout.root + "/" + path) }
            targets[name] = .object(object)
        }
        return TargetCatalog(targets: targets)
    }

    /// Values to keep out of logs: connection strings and paths of the targets.
    package var secrets: [String] {
        targets.values.flatMap { target in ["connection", "password"].compactMap { target[$0]?.string } }
    }

    /// What the API shows: name and kind.
    package var publicJSON: JSONValue {
        .array(targets.keys.sorted().map { name in
            .object(["name": .string(name), "kind": targets[name]?["kind"] ?? .null])
        })
    }
}
