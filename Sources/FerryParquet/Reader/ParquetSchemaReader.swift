import FerryCore

/// The leaf columns of a file's schema, which must be flat: the root's children are all
/// primitive, none repeated. A list, map or struct column is refused by name.
enum ParquetSchemaReader {
    static func columns(_ elements: [ParquetFileMetadata.SchemaElement], path: String) throws(FerryError) -> [ParquetLeafColumn] {
        guard let root = elements.first else { throw ParquetFormatError.failure(path, "the footer has no schema") }
        var columns: [ParquetLeafColumn] = []
        var index = 1
        let count = Int(root.children ?? 0)
        guard count >= 0, count <= elements.count - 1 else {
            throw ParquetFormatError.failure(path, "the schema's root claims \(count) columns but describes \(elements.count - 1) elements")
        }
        while columns.count < count {
            let element = elements[index]
            if let children = element.children, children > 0 || element.physical == nil {
                throw ParquetFormatError.unsupported(path, "column \(element.name) is \(groupKind(element)); Ferry reads flat schemas only")
            }
            if element.repetition == 2 {
                throw ParquetFormatError.unsupported(path, "column \(element.name) is a list (a repeated field); Ferry reads flat schemas only")
            }
            columns.append(try ParquetLeafColumn(element, path: path))
            index += 1
        }
        guard index == elements.count else {
            throw ParquetFormatError.failure(path, "the schema has \(elements.count - index) elements outside its root")
        }
        var seen = Set<String>()
        for column in columns where !seen.insert(column.name).inserted {
            throw ParquetFormatError.unsupported(path, "two columns are named \(column.name)")
        }
        return columns
    }

    /// "a list", "a map" or "a struct", for a group element.
    private static func groupKind(_ e: ParquetFileMetadata.SchemaElement) -> String {
        switch (e.logical, e.convertedType) {
        case (.list?, _), (_, 3?): "a list"
        case (.map?, _), (_, 1?), (_, 2?): "a map"
        default: "a struct"
        }
    }
}
