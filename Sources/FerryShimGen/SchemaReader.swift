import FerryCore

/// Reads what the shims need out of the request and event JSON Schemas. Every lookup that finds
/// the schema shaped differently from what it expects throws, naming the JSON path, so a schema
/// change that the generator does not understand fails `ferry generate` instead of dropping members.
struct SchemaReader {
    var request: JSONValue
    var event: JSONValue

    /// The request's top-level members in schema order, except `contract_version`, which the shims set.
    func requestMembers() throws(ShimGenError) -> [ShimContract.RequestMember] {
        let properties = try members(of: request, at: ["properties"], in: "request")
        return try properties.filter { $0.key != "contract_version" }.map { (name, schema) throws(ShimGenError) in
            guard case let .string(description)? = schema["description"] else {
                throw ShimGenError("request schema: properties.\(name) has no description")
            }
            return ShimContract.RequestMember(
                name: name, description: description, shape: shape(of: schema),
                choices: stringEnum(of: schema))
        }
    }

    /// The endpoint kinds of `role` (`source` or `target`) with their members, in the order of the
    /// kind's `enum`.
    func endpoints(role: String) throws(ShimGenError) -> [ShimContract.Endpoint] {
        let definition = try value(in: request, at: ["$defs", role], in: "request")
        let kinds = stringEnum(of: try value(in: definition, at: ["properties", "kind"], in: "request $defs.\(role)"))
        guard !kinds.isEmpty else { throw ShimGenError("request schema: $defs.\(role).properties.kind has no enum") }
        guard case let .array(branches)? = definition["allOf"] else {
            throw ShimGenError("request schema: $defs.\(role) has no allOf of kinds")
        }
        var byKind: [String: ShimContract.Endpoint] = [:]
        for branch in branches {
            guard case let .string(kind)? = branch["if"]?["properties"]?["kind"]?["const"],
                  case let .string(ref)? = branch["then"]?["$ref"],
                  let name = Self.definitionName(ref) else { continue }
            let endpoint = try value(in: request, at: ["$defs", name], in: "request")
            guard case let .string(title)? = endpoint["title"] else {
                throw ShimGenError("request schema: $defs.\(name) has no title")
            }
            let names = try members(of: endpoint, at: ["properties"], in: "request $defs.\(name)").map(\.key)
            byKind[kind] = ShimContract.Endpoint(kind: kind, title: title, members: names)
        }
        return try kinds.map { kind throws(ShimGenError) in
            guard let endpoint = byKind[kind] else {
                throw ShimGenError("request schema: $defs.\(role) lists kind \(kind) but no definition for it")
            }
            return endpoint
        }
    }

    /// Every event `type` the event schema lists.
    func eventTypes() throws(ShimGenError) -> [String] {
        let types = stringEnum(of: try value(in: event, at: ["properties", "type"], in: "event"))
        guard !types.isEmpty else { throw ShimGenError("event schema: properties.type has no enum") }
        return types
    }

    /// The event types whose definition carries a `status`: the results that end a run.
    func resultEventTypes(among types: [String]) throws(ShimGenError) -> [String] {
        let results = types.filter { event["$defs"]?[$0]?["properties"]?["status"] != nil }
        guard !results.isEmpty else { throw ShimGenError("event schema: no event type has a status (the result)") }
        return results
    }

    // MARK: - Schema walking

    private func value(in root: JSONValue, at path: [String], in document: String) throws(ShimGenError) -> JSONValue {
        var current = root
        for key in path {
            guard let next = current[key] else {
                throw ShimGenError("\(document) schema: \(path.joined(separator: ".")) is missing")
            }
            current = next
        }
        return current
    }

    private func members(of root: JSONValue, at path: [String], in document: String) throws(ShimGenError) -> [(key: String, value: JSONValue)] {
        guard case let .object(members) = try value(in: root, at: path, in: document) else {
            throw ShimGenError("\(document) schema: \(path.joined(separator: ".")) is not an object")
        }
        return members
    }

    /// The JSON shape of a member's value, looking through `$ref`, `anyOf` with `null`, and `enum`.
    private func shape(of schema: JSONValue, depth: Int = 0) -> ShimContract.RequestMember.Shape {
        guard depth < 8 else { return .any }
        if case let .string(ref)? = schema["$ref"], let name = Self.definitionName(ref), let target = request["$defs"]?[name] {
            return shape(of: target, depth: depth + 1)
        }
        if case let .array(alternatives)? = schema["anyOf"] {
            let shapes = alternatives.filter { $0["type"] != .string("null") }.map { shape(of: $0, depth: depth + 1) }
            if let first = shapes.first, shapes.allSatisfy({ $0 == first }) { return first }
            return .any
        }
        if schema["enum"] != nil { return stringEnum(of: schema).isEmpty ? .any : .string }
        let types: [String] = switch schema["type"] {
        case let .string(t)?: [t]
        case let .array(ts)?: ts.compactMap { if case let .string(t) = $0, t != "null" { t } else { nil } }
        default: []
        }
        guard types.count == 1 else { return .any }
        switch types[0] {
        case "object": return .object
        case "array": return .array
        case "string": return .string
        case "integer": return .integer
        case "number": return .number
        case "boolean": return .boolean
        default: return .any
        }
    }

    /// The string values of a schema's `enum`, without `null`.
    private func stringEnum(of schema: JSONValue) -> [String] {
        guard case let .array(values)? = schema["enum"] else { return [] }
        return values.compactMap { if case let .string(s) = $0 { s } else { nil } }
    }

    /// `#/$defs/name` → `name`.
    private static func definitionName(_ ref: String) -> String? {
        let prefix = "#/$defs/"
        guard ref.hasPrefix(prefix) else { return nil }
        let name = String(ref.dropFirst(prefix.count))
        return name.isEmpty ? nil : name
    }
}
