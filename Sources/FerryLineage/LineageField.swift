/// A column of a dataset, for the `schema` facet.
public struct LineageField: Sendable, Equatable {
    public var name: String
    public var type: String

    public init(name: String, type: String) {
        self.name = name
        self.type = type
    }
}
