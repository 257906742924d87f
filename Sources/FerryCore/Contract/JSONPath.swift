/// A location inside a JSON document, printed as `$.options.max_rejects` or `$.columns[2].type`.
package struct JSONPath: Sendable, Hashable, CustomStringConvertible, Comparable {
    enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    var components: [Component]

    /// The document root, `$`.
    package static let root = JSONPath(components: [])

    /// The path of member `key` of the object at this path.
    package func appending(_ key: String) -> JSONPath { JSONPath(components: components + [.key(key)]) }

    /// The path of element `index` of the array at this path.
    package func appending(index: Int) -> JSONPath { JSONPath(components: components + [.index(index)]) }

    package var description: String {
        var s = "$"
        for c in components {
            switch c {
            case let .key(k): s += "." + k
            case let .index(i): s += "[\(i)]"
            }
        }
        return s
    }

    package static func < (lhs: JSONPath, rhs: JSONPath) -> Bool { lhs.description < rhs.description }
}
