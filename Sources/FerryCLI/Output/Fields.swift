import FerryCore

/// Typed lookups into an event's JSON fields, for rendering.
struct Fields {
    let members: [(key: String, value: JSONValue)]

    init(_ members: [(key: String, value: JSONValue)]) { self.members = members }

    init(_ value: JSONValue?) {
        if case let .object(m)? = value { members = m } else { members = [] }
    }

    subscript(key: String) -> JSONValue? { members.first { $0.key == key }?.value }

    func string(_ key: String) -> String? {
        if case let .string(s)? = self[key] { return s }
        return nil
    }

    func int(_ key: String) -> Int? {
        if case let .number(n)? = self[key] { return Int(n) }
        return nil
    }

    func array(_ key: String) -> [JSONValue] {
        if case let .array(a)? = self[key] { return a }
        return []
    }
}

/// Short human names of endpoints: `orders.csv`, `ferry.db:orders`.
enum Describe {
    static func endpoint(_ value: JSONValue?) -> String {
        let f = Fields(value)
        switch f.string("kind") {
        case "file": return f.string("path") ?? "file"
        case "sqlite":
            let what = f.string("table") ?? (f.string("query") != nil ? "(query)" : "")
            return "\(f.string("path") ?? "ferry.db"):\(what)"
        case "postgres", "odbc":
            let table = [f.string("schema"), f.string("table")].compactMap { $0 }.joined(separator: ".")
            let what = table.isEmpty ? (f.string("query") != nil ? "(query)" : "") : table
            let connection = f.string("connection").map { f.string("kind") == "odbc" ? "odbc:" + $0 : $0 }
            return "\(connection ?? "postgres:"):\(what)"
        default: return f.string("kind") ?? "?"
        }
    }
}
