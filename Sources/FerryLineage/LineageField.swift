/// A column of a dataset, for the `schema` facet.
public struct LineageField: Sendable, Equatable {
    public var name: String
    public var type: String
}
