import Foundation

/// The rules for a request that arrives through the API: files only inside the caller's upload
/// area, targets only by their configured names, and nothing that reaches outside (absolute paths,
/// `..`, symbolic links leading out, NUL bytes, raw connection strings, lineage transports).
///
/// `confine` returns the request `ferry run` will receive (paths made absolute inside the areas,
/// the configured target filled in) or a 400 naming every problem with its JSON path.
package struct Confinement: Sendable {
    /// The caller's upload directory (absolute).
    package var uploadDirectory: String
    /// The run's own directory, where its reject file goes (absolute).
    package var runDirectory: String
    /// Configured targets by name (`targets.json`).
    package var targets: [String: JSONValue]

    package init(uploadDirectory: String, runDirectory: String, targets: [String: JSONValue]) {
        self.uploadDirectory = uploadDirectory
        self.runDirectory = runDirectory
        self.targets = targets
    }

    private static let topLevel: Set<String> = ["contract_version", "job", "source", "target", "mode", "key", "columns", "options"]
    private static let targetMembers: Set<String> = ["name", "table", "schema"]

    package func confine(_ request: JSONValue) throws(ServeError) -> JSONValue {
        var problems: [String] = []
        Self.findNUL(request, path: "$", into: &problems)
        guard problems.isEmpty else { throw Self.refusal(problems) }
        guard var members = request.object else {
            throw ServeError(400, "invalid_request", "$: the request must be a JSON object")
        }
        for key in members.keys.sorted() where !Self.topLevel.contains(key) && !key.hasPrefix("$comment") {
            problems.append("$.\(key): not accepted through the API")
        }
        // Source: a file in the upload area.
        if var source = members["source"]?.object {
            if let kind = source["kind"], kind != .string("file") {
                problems.append("$.source.kind: only file sources are accepted through the API")
            }
            if let path = source["path"]?.string {
                switch resolve(path, inside: uploadDirectory, mustExist: true) {
                case .success(let absolute): source["path"] = .string(absolute)
                case .failure(let reason): problems.append("$.source.path: \(reason)")
                }
            } else {
                problems.append("$.source.path: required (a file in your upload area)")
            }
            members["source"] = .object(source)
        } else {
            problems.append("$.source: required")
        }
        // Target: a configured name, a table and an optional schema.
        if let target = members["target"]?.object {
            for key in target.keys.sorted() where !Self.targetMembers.contains(key) {
                problems.append("$.target.\(key): raw connection strings, paths and kinds are refused; name a configured target")
            }
            if let name = target["name"]?.string, var configured = targets[name]?.object {
                for key in ["table", "schema"] { if let value = target[key] { configured[key] = value } }
                members["target"] = .object(configured)
            } else {
                let names = targets.keys.sorted().joined(separator: ", ")
                problems.append("$.target.name: name one of the configured targets (\(names))")
            }
        } else {
            problems.append("$.target: required ({\"name\": ..., \"table\": ...})")
        }
        // Reject file: a plain name, written inside the run's directory.
        var options = members["options"]?.object ?? [:]
        var rejectName = "rejects.jsonl"
        if let given = options["reject_path"] {
            if let name = given.string, Self.isPlainName(name) {
                rejectName = name
            } else {
                problems.append("$.options.reject_path: must be a plain file name (no directories, no \"..\", not absolute)")
            }
        }
        options["reject_path"] = .string(runDirectory + "/" + rejectName)
        members["options"] = .object(options)
        guard problems.isEmpty else { throw Self.refusal(problems) }
        return .object(members)
    }

    private static func refusal(_ problems: [String]) -> ServeError {
        ServeError(400, "confinement", problems.joined(separator: "; "))
    }

    /// A name with no `/`, not `.` or `..`, not empty, no NUL.
    package static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.utf8.contains(UInt8(ascii: "/")) && !name.utf8.contains(0)
    }

    private static func findNUL(_ value: JSONValue, path: String, into problems: inout [String]) {
        switch value {
        case .string(let text) where text.utf8.contains(0):
            problems.append("\(path): contains a NUL byte")
        case .array(let items):
            for (index, item) in items.enumerated() { findNUL(item, path: "\(path)[\(index)]", into: &problems) }
        case .object(let members):
            for key in members.keys.sorted() {
                if key.utf8.contains(0) { problems.append("\(path): a member name contains a NUL byte") }
                if let member = members[key] { findNUL(member, path: "\(path).\(key)", into: &problems) }
            }
        default:
            break
        }
    }

    /// `path` resolved inside `directory`: relative, no `..` component, and (after following
    /// symbolic links) still inside `directory`.
    package func resolve(_ path: String, inside directory: String, mustExist: Bool) -> Result<String, Reason> {
        if path.isEmpty { return .failure(Reason("is empty")) }
        if path.utf8.contains(0) { return .failure(Reason("contains a NUL byte")) }
        if path.hasPrefix("/") || path.hasPrefix("~") { return .failure(Reason("absolute paths are refused; name a file in your upload area")) }
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        if components.contains("..") { return .failure(Reason("\"..\" is refused")) }
        let joined = directory + "/" + components.joined(separator: "/")
        guard let realDirectory = Self.realPath(directory) else { return .failure(Reason("your upload area is empty")) }
        guard let real = Self.realPath(joined) else {
            return .failure(Reason(mustExist ? "no such file in your upload area" : "cannot be resolved"))
        }
        guard real.hasPrefix(realDirectory + "/") else {
            return .failure(Reason("leads out of your upload area (symbolic link)"))
        }
        return .success(real)
    }

    /// Why a path was refused.
    package struct Reason: Error, Equatable, CustomStringConvertible {
        package var description: String
        init(_ text: String) { description = text }
    }

    /// `realpath(3)`: the absolute path with every symbolic link followed; nil when it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
