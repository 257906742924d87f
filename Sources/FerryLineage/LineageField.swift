/// A column of a dataset, for the `schema` facet.
package struct LineageField: Sendable, Equatable {
    package var name: String
    package var type: String
}
